from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.report_list, name="report.list"),
    path("reports/<int:pk>/", views.report_detail, name="report.detail"),
    path("reports/<int:pk>/download/", views.report_download, name="report.download"),
    path("reports/template/", views.template_upload, name="template.upload"),
]
