window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1-2",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "2",
            "text" : "SECRET-DM-CONTENT: salaire du DAF",
            "senderId" : "1",
            "id" : "5",
            "createdAt" : "2024-01-01T00:00:00.000Z"
          }
        }
      ]
    }
  }
]
