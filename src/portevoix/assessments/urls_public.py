from django.urls import path

from . import views_public

app_name = "questionnaire"
urlpatterns = [
    path("<str:token>/", views_public.answer, name="answer"),
]
