window.YTD.follower.part0 = [
  {
    "follower" : {
      "accountId" : "11",
      "userLink" : "https://twitter.com/intent/user?user_id=11"
    }
  },
  {
    "follower" : {
      "accountId" : "12",
      "userLink" : "https://twitter.com/intent/user?user_id=12"
    }
  },
  {
    "follower" : {
      "accountId" : "13",
      "userLink" : "https://twitter.com/intent/user?user_id=13"
    }
  }
]
