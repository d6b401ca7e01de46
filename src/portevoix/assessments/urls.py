from django.urls import path

from . import views, views_import

app_name = "assessments"
urlpatterns = [
    path("diagnostic/", views.campaign_list, name="campaign.list"),
    path("diagnostic/new/", views.campaign_create, name="campaign.create"),
    path("diagnostic/<int:pk>/", views.campaign_detail, name="campaign.detail"),
    path("diagnostic/<int:pk>/progress/", views.campaign_progress, name="campaign.progress"),
    path("diagnostic/<int:pk>/invite/", views.campaign_invite, name="campaign.invite"),
    path("diagnostic/<int:pk>/action/", views.campaign_action, name="campaign.action"),
    path(
        "diagnostic/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation.revoke",
    ),
    path("diagnostic/<int:pk>/results/", views.campaign_results, name="campaign.results"),
    path("diagnostic/<int:pk>/export/", views.campaign_export, name="campaign.export"),
    path("diagnostic/<int:pk>/import/", views_import.import_upload, name="campaign.import"),
    path("diagnostic/<int:pk>/import/columns/", views_import.import_map, name="campaign.import_map"),
]
