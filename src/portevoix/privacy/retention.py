"""Retention: what an organisation no longer needs is deleted after a number of days.

- uploaded export files kept after their import (the admin ticked "keep the uploaded file");
- invitations of closed campaigns (their e-mail addresses and link nonces); the answers stay;
- audit entries older than the audit retention;
- answer files left waiting in the storage by an import never finished (a day is enough);
- failed-attempt counters (login, links, second factor) once unlocked and out of their window.

Each organisation may set its own numbers; empty means the platform default from the settings
(``PORTEVOIX_RETENTION_*``); 0 means never delete.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portevoix.assessments.importing import UPLOAD_FOLDER as ANSWER_UPLOADS
from portevoix.evidence.importing import upload_file
from portevoix.security import throttle
from portevoix.storage import media, walk
from portevoix.tenancy.models import Organisation

from .audit import record
from .models import AuditAction, AuditEntry, RetentionPolicy

STALE_ANSWER_UPLOAD = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Retention:
    raw_upload_days: int
    invitation_days: int
    audit_days: int


def defaults() -> Retention:
    return Retention(
        raw_upload_days=settings.PORTEVOIX_RETENTION_UPLOAD_DAYS,
        invitation_days=settings.PORTEVOIX_RETENTION_INVITATION_DAYS,
        audit_days=settings.PORTEVOIX_RETENTION_AUDIT_DAYS,
    )


def retention_of(organisation: Organisation) -> Retention:
    base = defaults()
    policy = RetentionPolicy.objects.filter(organisation=organisation).first()
    if policy is None:
        return base

    def pick(value: int | None, default: int) -> int:
        return default if value is None else value

    return Retention(
        raw_upload_days=pick(policy.raw_upload_days, base.raw_upload_days),
        invitation_days=pick(policy.invitation_days, base.invitation_days),
        audit_days=pick(policy.audit_days, base.audit_days),
    )


@transaction.atomic
def retention_update(
    *, organisation: Organisation, data: dict[str, Any], user: Any = None
) -> RetentionPolicy:
    policy, _created = RetentionPolicy.objects.get_or_create(organisation=organisation)
    for name in ("raw_upload_days", "invitation_days", "audit_days"):
        setattr(policy, name, data.get(name))
    policy.full_clean()
    policy.save()
    record(
        AuditAction.RETENTION_CHANGE,
        organisation=organisation,
        actor=user,
        target=policy,
        target_label=str(organisation),
        details={k: data.get(k) for k in ("raw_upload_days", "invitation_days", "audit_days")},
    )
    return policy


@dataclass
class RetentionReport:
    uploads: int = 0
    invitations: int = 0
    audit_entries: int = 0
    answer_uploads: int = 0
    throttles: int = 0
    per_organisation: dict[str, dict[str, int]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """The totals (what the command prints and the task returns), without the detail."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "per_organisation"}


def _organisation_apply(organisation: Organisation, now: datetime.datetime) -> dict[str, int]:
    from portevoix.assessments.models import Invitation
    from portevoix.evidence.models import EvidenceImport

    rules = retention_of(organisation)
    done = {"uploads": 0, "invitations": 0, "audit_entries": 0}
    if rules.raw_upload_days:
        cutoff = now - datetime.timedelta(days=rules.raw_upload_days)
        kept = EvidenceImport.objects.filter(
            organisation=organisation, created_at__lt=cutoff, status__in=["done", "checked", "failed"]
        ).exclude(stored_file="")
        for record_ in kept:
            if record_.stored_file.isalnum():
                upload_file(record_.stored_file).delete()
            done["uploads"] += 1
        kept.update(stored_file="", keep_file=False)
    if rules.invitation_days:
        cutoff = now - datetime.timedelta(days=rules.invitation_days)
        old = Invitation.objects.filter(
            campaign__organisation=organisation, campaign__status="closed", campaign__closed_at__lt=cutoff
        )
        done["invitations"] = old.delete()[1].get(Invitation._meta.label, 0)
    if rules.audit_days:
        cutoff = now - datetime.timedelta(days=rules.audit_days)
        done["audit_entries"] = (
            AuditEntry.objects.filter(organisation=organisation, at__lt=cutoff)
            .delete()[1]
            .get(AuditEntry._meta.label, 0)
        )
    if any(done.values()):
        record(AuditAction.RETENTION_APPLY, organisation=organisation, details=done)
    return done


def retention_apply(*, now: datetime.datetime | None = None) -> RetentionReport:
    """Apply every organisation's retention as of ``now`` (default: the current time)."""
    now = now or timezone.now()
    report = RetentionReport()
    for organisation in Organisation.objects.all():
        with transaction.atomic():
            done = _organisation_apply(organisation, now)
        report.per_organisation[organisation.slug] = done
        report.uploads += done["uploads"]
        report.invitations += done["invitations"]
        report.audit_entries += done["audit_entries"]
    storage = media()
    # Recursively: one folder per organisation (older versions kept the files at the top).
    for name in walk(storage, ANSWER_UPLOADS):
        if storage.get_modified_time(name) < now - STALE_ANSWER_UPLOAD:
            storage.delete(name)
            report.answer_uploads += 1
    report.throttles = throttle.purge(now)
    return report
