from django.urls import path

from . import views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="framework.list"),
    path("upload/", views.framework_upload, name="framework.upload"),
    path("<slug:key>/<str:version>/", views.framework_detail, name="framework.detail"),
]
