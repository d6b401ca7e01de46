from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("evidence/", views.evidence_list, name="import.list"),
    path("evidence/<int:pk>/", views.import_detail, name="import.detail"),
    path("evidence/figures/", views.manual_entry_add, name="manual.add"),
]
