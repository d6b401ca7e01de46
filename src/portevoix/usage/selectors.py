"""Reads of the usage map and personas, always scoped to one organisation."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from portevoix.core import vocabulary
from portevoix.tenancy.models import Organisation, Person

from .models import Persona, UsageEntry


def usage_subject_list(*, organisation: Organisation) -> QuerySet[Person]:
    """The codir members, who each have a map besides the company's."""
    return Person.objects.filter(organisation=organisation, is_codir=True).order_by("full_name")


def usage_subject_get(*, organisation: Organisation, pk: int) -> Person:
    """A codir member of the organisation, or 404 — also for another tenant's person."""
    return get_object_or_404(Person, organisation=organisation, is_codir=True, pk=pk)


def usage_cell_check(*, axis: str, network: str) -> None:
    """404 for an axis or network that is not in the catalogue."""
    if axis not in vocabulary.AXES or network not in vocabulary.NETWORKS:
        raise Http404


def usage_entry_list(
    *, organisation: Organisation, people: Iterable[Person] = (), company: bool = True
) -> QuerySet[UsageEntry]:
    """The entries of the company (if ``company``) and of ``people``."""
    subjects = Q(person__in=list(people))
    if company:
        subjects |= Q(person__isnull=True)
    return UsageEntry.objects.filter(subjects, organisation=organisation).select_related("updated_by")


def usage_entry_find(
    *, organisation: Organisation, person: Person | None, axis: str, network: str
) -> UsageEntry | None:
    """The recorded cell, or None when it is not recorded."""
    return UsageEntry.objects.filter(
        organisation=organisation, person=person, axis=axis, network=network
    ).first()


def usage_owner_list(*, organisation: Organisation) -> list[str]:
    """Who already runs accounts in this organisation, to suggest when editing a cell."""
    owners = UsageEntry.objects.filter(organisation=organisation).exclude(owner="")
    return sorted(set(owners.values_list("owner", flat=True)), key=str.casefold)[:30]


def persona_list(*, organisation: Organisation) -> QuerySet[Persona]:
    return Persona.objects.filter(organisation=organisation)


def persona_get(*, organisation: Organisation, pk: int) -> Persona:
    """The persona, or 404 — also when the id belongs to another organisation."""
    return get_object_or_404(Persona, organisation=organisation, pk=pk)


def codir_network_statuses(*, organisation: Organisation, network: str) -> dict[int, list[str]]:
    """``codir member id → their recorded statuses on network`` (one per axis recorded)."""
    found: dict[int, list[str]] = {}
    rows = UsageEntry.objects.filter(
        organisation=organisation, person__is_codir=True, network=network
    ).values_list("person_id", "status")
    for person_id, status in rows:
        found.setdefault(person_id, []).append(status)
    return found
