from django.contrib import admin

from .models import Campaign, Invitation, Response


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin[Campaign]):
    list_display = ["name", "organisation", "status", "framework_version", "created_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["name"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "kind", "campaign", "status", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["email"]
    # Drafts and nonces are private to the respondent.
    exclude = ["draft", "nonce"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin[Response]):
    list_display = ["campaign", "kind", "subject", "submitted_on", "source"]
    list_filter = ["kind", "source"]
    # Answers of the anonymous team survey must never be browsed one by one.
    exclude = ["answers"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
