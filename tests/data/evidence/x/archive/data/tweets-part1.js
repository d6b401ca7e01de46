window.YTD.tweets.part1 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000000001"
          ],
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "29"
      ],
      "favorite_count" : "5",
      "id_str" : "1000000000000000001",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1000000000000000001",
      "created_at" : "Mon Jan 15 08:30:00 +0100 2024",
      "favorited" : false,
      "full_text" : "Bonjour &amp; bienvenue &lt;3",
      "lang" : "fr"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000000009"
          ],
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "19"
      ],
      "favorite_count" : "0",
      "id_str" : "1000000000000000009",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000000009",
      "created_at" : "Wed Mar 06 13:02:05 +0000 2024",
      "favorited" : false,
      "full_text" : "Hello from part one",
      "lang" : "en"
    }
  }
]
