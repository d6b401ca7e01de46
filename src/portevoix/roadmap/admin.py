from django.contrib import admin

from .models import Action, Change, GateOverride, Risk, Roadmap


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin[Roadmap]):
    list_display = ["organisation", "sponsor", "start_date", "generated_at"]
    readonly_fields = ["generated_at", "library_version", "created_at", "updated_at"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin[Action]):
    list_display = ["__str__", "roadmap", "phase", "status", "start_date", "end_date", "accountable"]
    list_filter = ["phase", "status"]


@admin.register(GateOverride)
class GateOverrideAdmin(admin.ModelAdmin[GateOverride]):
    """The audit trail: read-only."""

    list_display = ["roadmap", "phase", "by_name", "at"]
    readonly_fields = ["roadmap", "phase", "reason", "pending", "by", "by_name", "at"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin[Change]):
    list_display = ["roadmap", "verb", "subject", "by_name", "at"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


admin.site.register(Risk)
