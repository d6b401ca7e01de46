window.YTD.note_tweet.part0 = [
  {
    "noteTweet" : {
      "noteTweetId" : "1999999999999999999",
      "updatedAt" : "2024-02-20T10:00:00.000Z",
      "lifecycle" : {
        "value" : "1",
        "name" : "Active",
        "originalName" : "Active",
        "annotations" : {}
      },
      "createdAt" : "2024-02-20T10:00:00.000Z",
      "core" : {
        "styletags" : [],
        "urls" : [],
        "text" : "Un autre texte publié la même seconde, qui ne commence pas pareil.",
        "mentions" : [],
        "cashtags" : [],
        "hashtags" : []
      }
    }
  },
  {
    "noteTweet" : {
      "noteTweetId" : "1999999999999999998",
      "updatedAt" : "2024-02-20T10:05:00.000Z",
      "lifecycle" : {
        "value" : "1",
        "name" : "Active",
        "originalName" : "Active",
        "annotations" : {}
      },
      "createdAt" : "2024-02-20T10:00:00.000Z",
      "core" : {
        "styletags" : [],
        "urls" : [],
        "text" : "Une longue réflexion sur la confiance dans les équipes. Une longue réflexion sur la confiance dans les équipes. Une longue réflexion sur la confiance dans les équipes. Une longue réflexion sur la confiance dans les équipes. Voici le lien vers l'article complet : https://t.co/NOTELINK01 et la suite du texte, qui continue bien après la limite de 280 caractères, pour que la version tronquée ne suffise pas à la lire en entier.",
        "mentions" : [],
        "cashtags" : [],
        "hashtags" : []
      }
    }
  }
]
