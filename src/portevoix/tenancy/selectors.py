"""Reads scoped to one organisation. Every function that returns tenant data takes it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import MemberInvitation, Membership, Organisation, Person


def organisation_list_for_user(user: Any) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user).distinct()


def person_list(*, organisation: Organisation, codir_only: bool = False, query: str = "") -> QuerySet[Person]:
    people = Person.objects.filter(organisation=organisation)
    if codir_only:
        people = people.filter(is_codir=True)
    query = query.strip()
    if query:
        people = people.filter(
            Q(full_name__icontains=query) | Q(title__icontains=query) | Q(email__icontains=query)
        )
    return people


def person_get(*, organisation: Organisation, pk: int) -> Person:
    """The person, or 404 — also when the id belongs to another organisation."""
    return get_object_or_404(Person, organisation=organisation, pk=pk)


def membership_list(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "person")
        .order_by("role", "user__email")
    )


def membership_get(*, organisation: Organisation, pk: int) -> Membership:
    return get_object_or_404(Membership, organisation=organisation, pk=pk)


def member_invitation_list(*, organisation: Organisation) -> QuerySet[MemberInvitation]:
    """The organisation's invitations still waiting for an answer."""
    return MemberInvitation.objects.filter(
        organisation=organisation, status=MemberInvitation.Status.PENDING
    ).select_related("person")


def member_invitation_get(*, organisation: Organisation, pk: int) -> MemberInvitation:
    return get_object_or_404(
        MemberInvitation, organisation=organisation, pk=pk, status=MemberInvitation.Status.PENDING
    )
