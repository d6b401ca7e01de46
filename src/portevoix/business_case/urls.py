from django.urls import path

from . import views

app_name = "business_case"
urlpatterns = [
    path("business-case/", views.case_list, name="case.list"),
    path("business-case/new/", views.case_create, name="case.create"),
    path("business-case/<int:pk>/", views.case_detail, name="case.detail"),
    path("business-case/<int:pk>/edit/", views.case_edit, name="case.edit"),
    path("business-case/<int:pk>/preview/", views.case_preview, name="case.preview"),
    path("business-case/<int:pk>/definition/", views.case_definition, name="case.definition"),
    path("business-case/<int:pk>/actuals/", views.case_actuals, name="case.actuals"),
    path("business-case/<int:pk>/delete/", views.case_delete, name="case.delete"),
    path("business-case/<int:pk>/export.json", views.case_export_json, name="case.export_json"),
    path("business-case/<int:pk>/export.xlsx", views.case_export_xlsx, name="case.export_xlsx"),
]
