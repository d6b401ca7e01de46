from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("new/", views.organisation_create, name="organisation.create"),
]
