"""Demo privacy: the demo organisation keeps its uploads 30 days and its invitations 180 days
after a campaign closes; the audit log already shows the consents collected at the kick-off."""

from __future__ import annotations

from portevoix.tenancy.models import Organisation

from .models import RetentionPolicy


def populate(organisation: Organisation) -> None:
    if organisation.slug != "demo":
        return
    RetentionPolicy.objects.update_or_create(
        organisation=organisation,
        defaults={"raw_upload_days": 30, "invitation_days": 180, "audit_days": None},
    )
