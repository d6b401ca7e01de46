window.YTD.tweet.part0 = [
  {
    "edit_info": {
      "initial": {
        "editTweetIds": [
          "1090000000000000001"
        ],
        "editsRemaining": "5",
        "isEditEligible": false
      }
    },
    "retweeted": false,
    "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities": {
      "hashtags": [],
      "symbols": [],
      "user_mentions": [],
      "urls": []
    },
    "display_text_range": [
      "0",
      "36"
    ],
    "favorite_count": "3",
    "id_str": "1090000000000000001",
    "truncated": false,
    "retweet_count": "0",
    "id": "1090000000000000001",
    "created_at": "Sun Feb 03 21:45:43 +0000 2019",
    "favorited": false,
    "full_text": "Premier tweet &quot;historique&quot;",
    "lang": "fr"
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1090000000000000002"
          ],
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "24"
      ],
      "favorite_count": "0",
      "id_str": "1090000000000000002",
      "truncated": false,
      "retweet_count": "0",
      "id": "1090000000000000002",
      "created_at": "Mon Feb 04 08:00:00 +0000 2019",
      "favorited": false,
      "full_text": "RT @dave: ancien retweet",
      "lang": "fr"
    }
  }
];