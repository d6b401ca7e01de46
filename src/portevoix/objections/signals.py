"""Automatic detection: when a leader's self-assessment is stored and when a campaign closes,
a background task maps its answers to catalogue entries."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from portevoix.assessments.models import Campaign, Invitation, Response


@receiver(post_save, sender=Response, dispatch_uid="objections_detect_response")
def _response_saved(
    sender: type[Response], instance: Response, created: bool, raw: bool = False, **_: Any
) -> None:
    if raw or instance.kind != Invitation.Kind.SELF or instance.subject_id is None:
        return
    from .tasks import detect_response

    response_id = instance.pk
    transaction.on_commit(lambda: detect_response.enqueue(response_id))


@receiver(post_save, sender=Campaign, dispatch_uid="objections_detect_campaign")
def _campaign_saved(sender: type[Campaign], instance: Campaign, raw: bool = False, **_: Any) -> None:
    update_fields = _.get("update_fields")
    if raw or instance.status != Campaign.Status.CLOSED:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    from .tasks import detect_campaign

    campaign_id = instance.pk
    transaction.on_commit(lambda: detect_campaign.enqueue(campaign_id))
