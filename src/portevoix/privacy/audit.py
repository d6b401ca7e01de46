"""The audit log's one entry point: ``record(...)``. Any app calls it after a sensitive action.

from portevoix.privacy.audit import AuditAction, record
record(AuditAction.RESULTS_EXPORT, organisation=org, actor=request.user, target=campaign,
       details={"format": "xlsx"})
"""

from __future__ import annotations

from typing import Any

from django.db import models

from portevoix.tenancy.models import Organisation, Person

from .models import AuditAction, AuditEntry


def _actor(actor: Any) -> tuple[Any, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, ""
    return actor, (getattr(actor, "email", "") or actor.get_username())[:254]


def record(
    action: AuditAction | str,
    *,
    organisation: Organisation | None,
    actor: Any = None,
    target: models.Model | None = None,
    target_label: str = "",
    person: Person | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log and return it.

    ``actor`` is the user who acted (``request.user``; anonymous or ``None`` for the system);
    ``target`` the object acted on (its kind, id and name are copied, so the entry stays
    readable after the object is deleted); ``person`` the person the action concerns, if any
    (their "My data" page lists it); ``details`` any JSON-serialisable facts (format, counts…).
    """
    user, label = _actor(actor)
    target_type = target_id = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk or "")
        target_label = target_label or str(target)
        if person is None and isinstance(target, Person):
            person = target
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=user,
        actor_label=label,
        action=str(action),
        target_type=target_type,
        target_id=target_id,
        target_label=target_label[:300],
        person=person if person is not None and person.pk else None,
        details=details or {},
    )
