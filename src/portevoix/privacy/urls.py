from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.privacy_settings, name="settings"),
    path("privacy/audit/", views.audit_list, name="audit.list"),
    path("privacy/export/", views.organisation_export_view, name="organisation.export"),
    path("privacy/erase/", views.organisation_erase_view, name="organisation.erase"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export/", views.my_data_export, name="my_data.export"),
    path("people/<int:pk>/privacy/export/", views.person_export_view, name="person.export"),
    path("people/<int:pk>/privacy/erase/", views.person_erase_view, name="person.erase"),
    path("people/<int:pk>/privacy/consents/", views.consent_add, name="consent.add"),
    path("privacy/consents/<int:pk>/withdraw/", views.consent_withdraw_view, name="consent.withdraw"),
]
