window.YTD.phone_number.part0 = [
  {
    "device" : {
      "phoneNumber" : "+33612345678"
    }
  }
]
