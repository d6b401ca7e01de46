from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from portevoix.tenancy.models import Organisation

from .models import AuditEntry


def audit_list(
    *,
    organisation: Organisation,
    action: str = "",
    who: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """The organisation's audit entries, newest first; dates are days in the current time zone."""
    entries = AuditEntry.objects.filter(organisation=organisation).select_related("person")
    if action:
        entries = entries.filter(action=action)
    who = who.strip()
    if who:
        entries = entries.filter(
            Q(actor_label__icontains=who)
            | Q(target_label__icontains=who)
            | Q(person__full_name__icontains=who)
        )
    zone = timezone.get_current_timezone()
    if since:
        entries = entries.filter(at__gte=datetime.datetime.combine(since, datetime.time.min, zone))
    if until:
        end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min, zone)
        entries = entries.filter(at__lt=end)
    return entries


def about_person(*, organisation: Organisation, person: Any) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organisation=organisation, person=person)
