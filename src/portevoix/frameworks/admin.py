from django.contrib import admin

from .models import FrameworkVersion


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin[FrameworkVersion]):
    list_display = ["key", "version", "source", "created_at"]
    list_filter = ["key", "source"]
    readonly_fields = ["key", "version", "name", "content", "checksum", "source", "created_at"]

    def has_add_permission(self, request: object) -> bool:
        # Versions come from validated files only (CLI or shipped data), never from a raw form.
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
