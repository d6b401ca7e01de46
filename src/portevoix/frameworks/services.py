"""Store validated frameworks as immutable versions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from portevoix.core.errors import Problem, ProblemsError
from portevoix.core.framework import Framework, framework_checksum, framework_content, load_framework_file
from portevoix.data import shipped_framework_files

from .models import FrameworkVersion


@dataclass(frozen=True)
class StoreResult:
    version: FrameworkVersion
    created: bool


def framework_version_store(
    *, framework: Framework, source: str = FrameworkVersion.Source.UPLOADED, using: str = "default"
) -> StoreResult:
    """Store ``framework``; storing the same content again changes nothing.

    A different content under an existing key and version is refused: that version may already
    hold campaigns, which must keep what they started with.
    """
    checksum = framework_checksum(framework)
    with transaction.atomic(using=using):
        existing = (
            FrameworkVersion.objects.using(using)
            .select_for_update()
            .filter(key=framework.key, version=framework.version)
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
        )
        return StoreResult(created, True)


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
