window.YTD.tweets.part2 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000000010"
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
        "46"
      ],
      "favorite_count" : "0",
      "id_str" : "1000000000000000010",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000000010",
      "created_at" : "Sun Dec 01 23:59:59 -0500 2024",
      "favorited" : false,
      "full_text" : "Dernier message de l'année, fuseau de New York",
      "lang" : "und"
    }
  }
]
