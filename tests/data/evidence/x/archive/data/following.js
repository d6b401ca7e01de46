window.YTD.following.part0 = [
  {
    "following" : {
      "accountId" : "21",
      "userLink" : "https://twitter.com/intent/user?user_id=21"
    }
  },
  {
    "following" : {
      "accountId" : "22",
      "userLink" : "https://twitter.com/intent/user?user_id=22"
    }
  }
]
