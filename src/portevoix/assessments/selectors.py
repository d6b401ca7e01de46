from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from portevoix.tenancy.models import Organisation

from .models import Campaign, Invitation


def campaign_list(*, organisation: Organisation) -> QuerySet[Campaign]:
    return Campaign.objects.filter(organisation=organisation).select_related("framework_version")


def campaign_get(*, organisation: Organisation, pk: int) -> Campaign:
    return get_object_or_404(
        Campaign.objects.select_related("framework_version", "organisation"), organisation=organisation, pk=pk
    )


def invitation_get(*, campaign: Campaign, pk: int) -> Invitation:
    return get_object_or_404(Invitation, campaign=campaign, pk=pk)


def invitation_list(*, campaign: Campaign) -> QuerySet[Invitation]:
    return campaign.invitations.select_related("respondent", "subject").order_by(
        "kind", "subject__full_name", "email"
    )
