"""Who may do what in an organisation, resolved once per request from the URL.

A user who is not a member of the organisation gets 404 (the organisation's existence is not
revealed); a member who lacks a permission gets 403.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from .models import Membership, Organisation, Person, Role


class Perm(enum.StrEnum):
    VIEW_ORGANISATION = "view_organisation"
    MANAGE_ORGANISATION = "manage_organisation"
    VIEW_PEOPLE = "view_people"
    MANAGE_PEOPLE = "manage_people"
    VIEW_ANY_PERSON = "view_any_person"
    MANAGE_MEMBERS = "manage_members"
    VIEW_RESULTS = "view_results"


PLATFORM_ADMIN = "platform_admin"
_ALL = frozenset(Perm)
ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    PLATFORM_ADMIN: _ALL,
    Role.ORG_ADMIN: _ALL,
    Role.CONSULTANT: _ALL,
    Role.CODIR_MEMBER: frozenset({Perm.VIEW_ORGANISATION, Perm.VIEW_PEOPLE, Perm.VIEW_RESULTS}),
    Role.RESPONDENT: frozenset({Perm.VIEW_ORGANISATION}),
}


# Who outranks whom. Nobody grants a role above their own nor changes their own (F2 of the
# 2026-12 review: an org admin made themself a consultant, then published a global framework).
ROLE_RANK: dict[str, int] = {
    PLATFORM_ADMIN: 4,
    Role.CONSULTANT: 3,
    Role.ORG_ADMIN: 2,
    Role.CODIR_MEMBER: 1,
    Role.RESPONDENT: 0,
}


def grantable_roles(actor_role: str) -> list[Role]:
    """The roles someone with ``actor_role`` may give, highest first."""
    rank = ROLE_RANK[actor_role]
    allowed = [role for role in Role if ROLE_RANK[role] <= rank]
    return sorted(allowed, key=lambda role: ROLE_RANK[role], reverse=True)


@dataclass(frozen=True)
class OrgAccess:
    """The organisation of the request, the user's role in it and what that role allows."""

    organisation: Organisation
    role: str
    person: Person | None
    permissions: frozenset[Perm]

    def can(self, permission: Perm) -> bool:
        return permission in self.permissions

    def can_view_person(self, person: Person) -> bool:
        """Individual results are private: only managers and the person themself see them."""
        return self.can(Perm.VIEW_ANY_PERSON) or (self.person is not None and self.person.pk == person.pk)

    @property
    def role_label(self) -> str:
        if self.role == PLATFORM_ADMIN:
            from django.utils.translation import gettext

            return gettext("Platform admin")
        return str(Role(self.role).label)


def resolve_access(user: Any, org_slug: str) -> OrgAccess:
    """The user's access to the organisation, or :class:`Http404` when they have none."""
    if not user.is_authenticated:
        raise Http404
    try:
        organisation = Organisation.objects.get(slug=org_slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if user.is_superuser:
        person = None
        membership = Membership.objects.filter(user=user, organisation=organisation).first()
        if membership is not None:
            person = membership.person
        return OrgAccess(organisation, PLATFORM_ADMIN, person, ROLE_PERMISSIONS[PLATFORM_ADMIN])
    membership = (
        Membership.objects.select_related("person").filter(user=user, organisation=organisation).first()
    )
    if membership is None:
        raise Http404
    return OrgAccess(organisation, membership.role, membership.person, ROLE_PERMISSIONS[membership.role])


def consultant_organisations(user: Any) -> list[Organisation]:
    """The organisations a user serves as consultant (every one for a platform admin)."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Organisation.objects.all())
    return list(Organisation.objects.filter(memberships__user=user, memberships__role=Role.CONSULTANT))


def can_create_organisation(user: Any) -> bool:
    """Platform admins and consultants open new client organisations."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or Membership.objects.filter(user=user, role=Role.CONSULTANT).exists())


P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, OrgAccess, P], HttpResponseBase]


def org_view(permission: Perm) -> Callable[[View[P]], Callable[..., HttpResponseBase]]:
    """Decorate a view of ``/o/<org_slug>/…``: resolve access, check ``permission``, then call
    ``view(request, access, **kwargs)`` in the organisation's time zone."""

    def decorator(view: View[P]) -> Callable[..., HttpResponseBase]:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, org_slug: str, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponseBase:
            access = resolve_access(request.user, org_slug)
            if not access.can(permission):
                raise PermissionDenied
            request.org_access = access  # type: ignore[attr-defined]  # read by templates' navigation
            with timezone.override(access.organisation.time_zone):
                return view(request, access, *args, **kwargs)

        return wrapper

    return decorator
