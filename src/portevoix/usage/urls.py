from django.urls import path

from . import views

app_name = "usage"
urlpatterns = [
    path("usage/", views.map_detail, name="map.detail"),
    path("usage/company/<slug:axis>/<slug:network>/", views.company_entry_edit, name="company_entry.edit"),
    path(
        "usage/people/<int:pk>/<slug:axis>/<slug:network>/",
        views.person_entry_edit,
        name="person_entry.edit",
    ),
    path("personas/", views.persona_list, name="persona.list"),
    path("personas/new/", views.persona_create, name="persona.create"),
    path("personas/<int:pk>/edit/", views.persona_edit, name="persona.edit"),
    path("personas/<int:pk>/delete/", views.persona_delete, name="persona.delete"),
]
