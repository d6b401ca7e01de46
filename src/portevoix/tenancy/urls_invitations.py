from django.urls import path

from . import views_invitations

app_name = "invitations"
urlpatterns = [
    path("pending/<int:pk>/", views_invitations.invitation_answer, name="answer"),
    path("<str:token>/", views_invitations.invitation_open, name="open"),
]
