window.YTD.like.part0 = [
  {
    "like" : {
      "tweetId" : "4000000000000000000",
      "fullText" : "LIKED-TEXT-NOT-STORED",
      "expandedUrl" : "https://twitter.com/i/web/status/4000000000000000000"
    }
  }
]
