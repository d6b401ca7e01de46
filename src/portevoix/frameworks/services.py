"""Store validated frameworks as immutable versions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from portevoix.core.errors import Problem, ProblemsError
from portevoix.core.framework import Framework, framework_checksum, framework_content, load_framework_file
from portevoix.data import shipped_framework_files
from portevoix.tenancy.models import Membership, Organisation, Role

from .models import FrameworkVersion


@dataclass(frozen=True)
class StoreResult:
    version: FrameworkVersion
    created: bool


def framework_version_store(
    *,
    framework: Framework,
    source: str = FrameworkVersion.Source.UPLOADED,
    using: str = "default",
    organisation: Organisation | None = None,
) -> StoreResult:
    """Store ``framework`` (for every organisation, or as ``organisation``'s own); storing the
    same content again changes nothing.

    A different content under an existing key and version is refused: that version may already
    hold campaigns, which must keep what they started with. Who may publish is checked by
    :func:`framework_version_publish`.
    """
    checksum = framework_checksum(framework)
    with transaction.atomic(using=using):
        existing = (
            FrameworkVersion.objects.using(using)
            .select_for_update()
            .filter(key=framework.key, version=framework.version, organisation=organisation)
            .first()
        )
        if existing is not None:
            if existing.checksum != checksum:
                params = {"key": framework.key, "version": framework.version}
                raise ProblemsError([Problem("version_changed", params, path=("version",))])
            return StoreResult(existing, False)
        created = FrameworkVersion.objects.using(using).create(
            key=framework.key,
            version=framework.version,
            name=framework.name.model_dump(),
            content=framework_content(framework),
            checksum=checksum,
            source=source,
            organisation=organisation,
        )
        return StoreResult(created, True)


def framework_version_publish(
    *, framework: Framework, actor: Any, organisation: Organisation | None = None
) -> StoreResult:
    """Store an uploaded version, if ``actor`` may: a global version (offered to every
    organisation) only by a platform admin; an organisation's own version by a platform admin or
    a consultant of that organisation (review 2026-12, F2)."""
    if organisation is None:
        if not actor.is_superuser:
            raise ProblemsError([Problem("framework_global_refused", path=("organisation",))])
    elif not (
        actor.is_superuser
        or Membership.objects.filter(user=actor, organisation=organisation, role=Role.CONSULTANT).exists()
    ):
        raise ProblemsError([Problem("framework_scope_refused", path=("organisation",))])
    return framework_version_store(framework=framework, organisation=organisation)


@transaction.atomic
def organisation_framework_choose(*, organisation: Organisation, version: FrameworkVersion | None) -> None:
    """The version the organisation's next campaigns use (``None``: the newest global one).
    Existing campaigns keep theirs."""
    if version is not None and version.organisation_id not in (None, organisation.pk):
        raise ProblemsError([Problem("framework_not_visible", path=("framework_version",))])
    organisation.framework_version = version
    organisation.save(update_fields=["framework_version", "updated_at"])


def framework_sync_shipped(*, using: str = "default") -> list[StoreResult]:
    """Store every shipped framework file; a broken one raises with all its problems."""
    results = []
    for path in shipped_framework_files():
        loaded = load_framework_file(path, display_name=path.name)
        if loaded.framework is None:
            raise ProblemsError(loaded.problems)
        stored = framework_version_store(
            framework=loaded.framework, source=FrameworkVersion.Source.SHIPPED, using=using
        )
        results.append(stored)
    return results
