from django.urls import path

from . import views

app_name = "roadmap"
urlpatterns = [
    path("roadmap/", views.roadmap_detail, name="detail"),
    path("roadmap/generate/", views.roadmap_generate, name="generate"),
    path("roadmap/sponsor/", views.sponsor_set, name="sponsor"),
    path("roadmap/gates/<slug:phase>/override/", views.gate_override, name="gate.override"),
    path("roadmap/load/", views.load_view, name="load"),
    path("roadmap/history/", views.history, name="history"),
    path("roadmap/export/<slug:kind>/", views.export, name="export"),
    path("roadmap/actions/new/", views.action_create, name="action.create"),
    path("roadmap/actions/<int:pk>/", views.action_detail, name="action.detail"),
    path("roadmap/actions/<int:pk>/edit/", views.action_edit, name="action.edit"),
    path("roadmap/actions/<int:pk>/delete/", views.action_delete, name="action.delete"),
    path("roadmap/actions/<int:pk>/move/", views.action_move, name="action.move"),
    path("roadmap/actions/<int:pk>/kpi/", views.kpi_reading_add, name="action.kpi"),
    path("roadmap/risks/", views.risk_list, name="risk.list"),
    path("roadmap/risks/new/", views.risk_create, name="risk.create"),
    path("roadmap/risks/<int:pk>/edit/", views.risk_edit, name="risk.edit"),
    path("roadmap/risks/<int:pk>/delete/", views.risk_delete, name="risk.delete"),
    path("roadmap/milestones/new/", views.milestone_create, name="milestone.create"),
    path("roadmap/milestones/<int:pk>/", views.milestone_summary, name="milestone.detail"),
    path("roadmap/milestones/<int:pk>/edit/", views.milestone_edit, name="milestone.edit"),
    path("roadmap/milestones/<int:pk>/delete/", views.milestone_delete, name="milestone.delete"),
]
