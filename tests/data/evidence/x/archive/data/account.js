window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "ceo.secret@example.com",
      "createdVia" : "web",
      "username" : "ceo_example",
      "accountId" : "123456789",
      "createdAt" : "2012-05-01T09:00:00.000Z",
      "accountDisplayName" : "Camille Exemple"
    }
  }
]
