from django.urls import path

from . import views

app_name = "objections"
urlpatterns = [
    path("objections/", views.codir, name="codir"),
    path("objections/analyse/", views.analyse, name="analyse"),
    path("objections/people/<int:pk>/", views.person_profile, name="person"),
    path("objections/detections/<int:pk>/review/", views.detection_review, name="detection.review"),
    path("objections/catalogue/", views.catalogue, name="catalogue"),
    path("objections/catalogue/examples/", views.example_add, name="example.add"),
    path("objections/catalogue/entries/", views.entry_add, name="entry.add"),
]
