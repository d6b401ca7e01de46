"""Consents to process a person's activity data: recorded, checked before every import, withdrawn."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from portevoix.core.errors import Problem
from portevoix.tenancy.models import Person

from .audit import record
from .models import AuditAction, Consent, ConsentMethod, ConsentPurpose


def consent_valid(person: Person, purpose: str = ConsentPurpose.EVIDENCE) -> Consent | None:
    """The consent in force for ``purpose``, or ``None``."""
    return (
        Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True)
        .order_by("-recorded_at")
        .first()
    )


def consent_problem(person: Person, purpose: str = ConsentPurpose.EVIDENCE) -> Problem | None:
    """The problem to show when ``person`` has no consent in force for ``purpose``."""
    if consent_valid(person, purpose) is not None:
        return None
    return Problem("consent_missing", {"name": person.full_name})


@transaction.atomic
def consent_give(
    *,
    person: Person,
    method: ConsentMethod | str,
    given_on: datetime.date | None = None,
    purpose: ConsentPurpose | str = ConsentPurpose.EVIDENCE,
    note: str = "",
    document: UploadedFile | None = None,
    user: Any = None,
) -> Consent:
    consent = Consent(
        organisation=person.organisation,
        person=person,
        purpose=purpose,
        method=method,
        given_on=given_on or timezone.localdate(),
        note=note,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    if document is not None:
        consent.document.save(document.name or "form", document, save=False)
    consent.full_clean()
    consent.save()
    record(
        AuditAction.CONSENT_GIVE,
        organisation=person.organisation,
        actor=user,
        target=consent,
        target_label=person.full_name,
        person=person,
        details={"purpose": str(purpose), "method": str(method)},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, user: Any = None) -> Consent:
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        record(
            AuditAction.CONSENT_WITHDRAW,
            organisation=consent.organisation,
            actor=user,
            target=consent,
            target_label=consent.person.full_name,
            person=consent.person,
            details={"purpose": consent.purpose},
        )
    return consent
