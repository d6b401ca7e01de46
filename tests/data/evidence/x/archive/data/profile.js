window.YTD.profile.part0 = [
  {
    "profile" : {
      "description" : {
        "bio" : "CEO @Exemple. Confiance, équipes, produit.",
        "website" : "https://t.co/website01",
        "location" : "Lyon, France"
      },
      "avatarMediaUrl" : "https://pbs.twimg.com/profile_images/1/avatar.jpg",
      "headerMediaUrl" : "https://pbs.twimg.com/profile_banners/1/1"
    }
  }
]
