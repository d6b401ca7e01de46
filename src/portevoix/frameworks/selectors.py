"""Which framework versions exist, and which an organisation may see and use.

A version without an organisation is global (offered to every organisation); a version with one
is that organisation's own, invisible elsewhere (review 2026-12, F2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import FrameworkVersion

if TYPE_CHECKING:
    from portevoix.tenancy.models import Organisation

DEFAULT_FRAMEWORK_KEY = "codir-social-maturity"


def framework_versions_visible(organisation: Organisation | None = None) -> QuerySet[FrameworkVersion]:
    """The global versions, plus ``organisation``'s own."""
    scope = Q(organisation__isnull=True)
    if organisation is not None:
        scope |= Q(organisation=organisation)
    return FrameworkVersion.objects.filter(scope).select_related("organisation")


def _newest_first(versions: Any) -> list[FrameworkVersion]:
    # An organisation's own version wins over a global one with the same number.
    return sorted(versions, key=lambda v: (v.version_tuple, v.organisation_id is not None), reverse=True)


def framework_versions_offered(organisation: Organisation) -> list[FrameworkVersion]:
    """Every version the organisation may use, the default key first, newest first."""
    ordered = _newest_first(framework_versions_visible(organisation))
    return sorted(ordered, key=lambda v: (v.key != DEFAULT_FRAMEWORK_KEY, v.key))


def framework_latest_versions(organisation: Organisation | None = None) -> list[FrameworkVersion]:
    """The newest version of each framework key (global ones, plus ``organisation``'s own)."""
    latest: dict[str, FrameworkVersion] = {}
    for version in _newest_first(framework_versions_visible(organisation)):
        latest.setdefault(version.key, version)
    return sorted(latest.values(), key=lambda v: (v.key != DEFAULT_FRAMEWORK_KEY, v.key))


def framework_latest(key: str = DEFAULT_FRAMEWORK_KEY) -> FrameworkVersion | None:
    """The newest **global** version of ``key``: an organisation's own version is never the
    default of anybody else."""
    versions = [v for v in framework_latest_versions() if v.key == key]
    return versions[0] if versions else None


def organisation_framework(organisation: Organisation) -> FrameworkVersion | None:
    """The version the organisation's new campaigns use: its managers' choice, or else the newest
    global version of the default framework."""
    chosen_id = organisation.framework_version_id
    if chosen_id is not None:
        chosen = framework_versions_visible(organisation).filter(pk=chosen_id).first()
        if chosen is not None:
            return chosen
    return framework_latest()


def framework_version_get(
    *, key: str, version: str, organisation: Organisation | None = None
) -> FrameworkVersion:
    """A global version, or ``organisation``'s own; 404 otherwise."""
    found = FrameworkVersion.objects.filter(key=key, version=version, organisation=organisation).first()
    if found is None:
        raise Http404
    return found


def framework_versions_of(key: str, organisation: Organisation | None = None) -> list[FrameworkVersion]:
    return _newest_first(framework_versions_visible(organisation).filter(key=key))
