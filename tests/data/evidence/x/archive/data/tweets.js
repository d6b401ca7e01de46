window.YTD.tweets.part0 = [
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
            "1000000000000000002"
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
        "52"
      ],
      "favorite_count" : "0",
      "id_str" : "1000000000000000002",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000000002",
      "created_at" : "Tue Jan 16 09:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "RT @alice: regardez ce graphique https://t.co/abcdef",
      "lang" : "fr",
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://twitter.com/alice/status/2000000000000000000/photo/1",
            "source_status_id_str" : "2000000000000000000",
            "source_status_id" : "2000000000000000000",
            "type" : "photo",
            "media_url_https" : "https://pbs.twimg.com/media/x.jpg",
            "url" : "https://t.co/abcdef",
            "indices" : [
              "35",
              "58"
            ]
          }
        ]
      }
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000000003"
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
        "48"
      ],
      "favorite_count" : "0",
      "id_str" : "1000000000000000003",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000000003",
      "created_at" : "Wed Jan 17 10:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "RT @bob_b: un fil intéressant sur le leadership…",
      "lang" : "es"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000000004"
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
        "26"
      ],
      "favorite_count" : "1",
      "id_str" : "1000000000000000004",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000000004",
      "created_at" : "Thu Jan 18 11:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@carol d'accord avec toi 👍",
      "lang" : "qme",
      "in_reply_to_status_id_str" : "3000000000000000000",
      "in_reply_to_status_id" : "3000000000000000000",
      "in_reply_to_screen_name" : "carol",
      "in_reply_to_user_id_str" : "42",
      "in_reply_to_user_id" : "42"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000000005"
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
        "225"
      ],
      "favorite_count" : "12",
      "id_str" : "1000000000000000005",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1000000000000000005",
      "created_at" : "Tue Feb 20 10:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Une longue réflexion sur la confiance dans les équipes. Une longue réflexion sur la confiance dans les équipes. Une longue réflexion sur la confiance dans les équipes. Une longue réflexion sur la conf… https://t.co/TRUNCLNK99",
      "lang" : "fr"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            null
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
        "25"
      ],
      "favorite_count" : "0",
      "truncated" : false,
      "retweet_count" : "0",
      "created_at" : "Tue Feb 20 11:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Un tweet sans identifiant",
      "lang" : "fr"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000000007"
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
        "28"
      ],
      "favorite_count" : "0",
      "id_str" : "1000000000000000007",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000000007",
      "created_at" : "le 20 février",
      "favorited" : false,
      "full_text" : "Un tweet à la date illisible",
      "lang" : "fr"
    }
  }
]
