from django.urls import path

from . import views

app_name = "tenancy"
urlpatterns = [
    path("", views.overview, name="organisation.overview"),
    path("settings/", views.organisation_edit, name="organisation.edit"),
    path("people/", views.people, name="person.list"),
    path("people/new/", views.person_create, name="person.create"),
    path("people/<int:pk>/", views.person_detail, name="person.detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person.edit"),
    path("people/<int:pk>/delete/", views.person_delete, name="person.delete"),
    path("members/", views.members, name="member.list"),
    path("members/<int:pk>/revoke/", views.member_revoke, name="member.revoke"),
    path(
        "members/invitations/<int:pk>/withdraw/",
        views.member_invitation_withdraw,
        name="member.invitation_withdraw",
    ),
]
