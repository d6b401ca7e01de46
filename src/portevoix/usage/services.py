"""Writes of the usage map and personas. Views and the demo call these."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from portevoix.tenancy.models import Organisation, Person

from .models import Persona, UsageEntry

ENTRY_FIELDS = ("status", "owner", "url", "notes")


def _author(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


@transaction.atomic
def usage_entry_save(
    *,
    organisation: Organisation,
    person: Person | None,
    axis: str,
    network: str,
    data: Mapping[str, Any],
    user: Any = None,
) -> UsageEntry:
    """Record one cell of a map (the company's when ``person`` is None), creating or updating it."""
    entry = (
        UsageEntry.objects.select_for_update()
        .filter(organisation=organisation, person=person, axis=axis, network=network)
        .first()
    ) or UsageEntry(organisation=organisation, person=person, axis=axis, network=network)
    for field in ENTRY_FIELDS:
        setattr(entry, field, data.get(field) or "")
    entry.updated_by = _author(user)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def usage_entry_clear(*, organisation: Organisation, person: Person | None, axis: str, network: str) -> bool:
    """Forget a cell, which becomes "not recorded" again. Returns whether there was one."""
    deleted, _detail = UsageEntry.objects.filter(
        organisation=organisation, person=person, axis=axis, network=network
    ).delete()
    return deleted > 0


@transaction.atomic
def persona_save(*, persona: Persona, user: Any = None) -> Persona:
    persona.updated_by = _author(user)
    persona.full_clean()
    persona.save()
    return persona


@transaction.atomic
def persona_delete(*, persona: Persona) -> None:
    persona.delete()
