from __future__ import annotations

from pathlib import Path

import pytest

from portevoix.core.errors import ProblemsError
from portevoix.core.framework import load_framework_bytes, load_framework_file
from portevoix.frameworks.models import FrameworkVersion
from portevoix.frameworks.selectors import framework_latest
from portevoix.frameworks.services import framework_sync_shipped, framework_version_store

DATA = Path(__file__).resolve().parent.parent / "data" / "frameworks"


def test_shipped_frameworks_are_stored_by_migrate(db: None) -> None:
    stored = framework_latest()
    assert stored is not None
    assert stored.key == "codir-social-maturity"
    assert stored.source == FrameworkVersion.Source.SHIPPED
    assert len(stored.framework.questions) >= 40


def test_sync_is_idempotent(db: None) -> None:
    before = FrameworkVersion.objects.count()
    results = framework_sync_shipped()
    assert all(not r.created for r in results)
    assert FrameworkVersion.objects.count() == before


def test_a_version_is_immutable(db: None) -> None:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    first = load_framework_bytes(text.encode(), source="mini.yaml").framework
    assert first is not None
    assert framework_version_store(framework=first).created
    assert not framework_version_store(framework=first).created
    edited = load_framework_bytes(
        text.replace("Un test", "Autre chose").encode(), source="mini.yaml"
    ).framework
    assert edited is not None
    with pytest.raises(ProblemsError) as error:
        framework_version_store(framework=edited)
    assert error.value.problems[0].code == "version_changed"
    assert FrameworkVersion.objects.get(key="mini", version="1.0").content["description"]["fr"] == "Un test"
    bumped = load_framework_bytes(
        text.replace("Un test", "Autre chose").replace('version: "1.0"', 'version: "1.1"').encode(),
        source="m",
    ).framework
    assert bumped is not None
    framework_version_store(framework=bumped)
    latest = framework_latest("mini")
    assert latest is not None
    assert latest.version == "1.1"


def test_stored_content_reads_back_as_the_same_framework(db: None) -> None:
    framework = load_framework_file(DATA / "minimal.yaml").framework
    assert framework is not None
    stored = framework_version_store(framework=framework).version
    stored.refresh_from_db()
    assert FrameworkVersion.objects.get(pk=stored.pk).framework == framework


def test_versions_compare_as_numbers(db: None) -> None:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    for version in ("1.9", "1.10", "1.2"):
        fw = load_framework_bytes(
            text.replace('version: "1.0"', f'version: "{version}"').encode(), source="m"
        ).framework
        assert fw is not None
        framework_version_store(framework=fw)
    latest = framework_latest("mini")
    assert latest is not None
    assert latest.version == "1.10"
