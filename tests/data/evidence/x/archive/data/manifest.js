window.__THAR_CONFIG = {"userInfo":{"accountId":"123456789","userName":"ceo_example"},"dataTypes":{"tweets":{"files":[{"fileName":"data/tweets.js","globalName":"YTD.tweets.part0","count":"7"}]}}}
