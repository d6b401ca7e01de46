from django.urls import path

from . import views

app_name = "org_frameworks"
urlpatterns = [
    path("model/", views.organisation_model, name="organisation.model"),
    path("sources/", views.sources, name="sources"),
]
