from django.contrib import admin

from .models import EvidenceImport


@admin.register(EvidenceImport)
class EvidenceImportAdmin(admin.ModelAdmin[EvidenceImport]):
    list_display = ["filename", "source", "organisation", "person", "created_at"]
    list_filter = ["source", "organisation"]
    readonly_fields = [
        "organisation",
        "person",
        "source",
        "filename",
        "sha256",
        "report",
        "created_by",
        "created_at",
    ]

    def has_add_permission(self, request: object) -> bool:
        return False
