from django.contrib import admin

from .models import Persona, UsageEntry


@admin.register(UsageEntry)
class UsageEntryAdmin(admin.ModelAdmin[UsageEntry]):
    list_display = ["organisation", "person", "axis", "network", "status", "owner", "updated_at"]
    list_filter = ["organisation", "axis", "network", "status"]
    search_fields = ["person__full_name", "owner", "notes"]
    autocomplete_fields = ["person"]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin[Persona]):
    list_display = ["name", "description", "organisation", "updated_at"]
    list_filter = ["organisation"]
    search_fields = ["name", "description"]
    readonly_fields = ["created_at", "updated_at", "updated_by"]
