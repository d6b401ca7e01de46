from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import FrameworkVersion

DEFAULT_FRAMEWORK_KEY = "codir-social-maturity"


def framework_latest_versions() -> list[FrameworkVersion]:
    """The newest version of each framework key."""
    latest: dict[str, FrameworkVersion] = {}
    for version in FrameworkVersion.objects.all():
        current = latest.get(version.key)
        if current is None or version.version_tuple > current.version_tuple:
            latest[version.key] = version
    return sorted(latest.values(), key=lambda v: (v.key != DEFAULT_FRAMEWORK_KEY, v.key))


def framework_latest(key: str = DEFAULT_FRAMEWORK_KEY) -> FrameworkVersion | None:
    versions = [v for v in framework_latest_versions() if v.key == key]
    return versions[0] if versions else None


def framework_version_get(*, key: str, version: str) -> FrameworkVersion:
    return get_object_or_404(FrameworkVersion, key=key, version=version)


def framework_versions_of(key: str) -> list[FrameworkVersion]:
    return sorted(FrameworkVersion.objects.filter(key=key), key=lambda v: v.version_tuple, reverse=True)
