from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import translation

from portevoix.tenancy.models import Organisation, Person
from portevoix.testing.factories import make_organisation, make_person
from portevoix.testing.tenants import Tenants

TESTS_DIR = Path(__file__).resolve().parent
DATA_DIR = TESTS_DIR / "data"


def require(condition: bool, reason: str) -> None:
    """Skip a test whose tool is missing on a developer's machine; in CI, fail instead."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_and_french(settings: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    # Generated reports go to a temporary folder, never to the developer's ./var.
    settings.PORTEVOIX_REPORTS_DIR = str(tmp_path_factory.getbasetemp() / "reports")  # type: ignore[attr-defined]
    translation.activate("fr")


@pytest.fixture
def tenants(db: None) -> Tenants:
    return Tenants()


@pytest.fixture
def organisation(db: None) -> Organisation:
    return make_organisation()


@pytest.fixture
def person(organisation: Organisation) -> Person:
    return make_person(organisation)


def samples_dir() -> Path:
    """The real export samples shipped beside the project (``../shared/samples``)."""
    configured = os.environ.get("PORTEVOIX_SAMPLES")
    base = Path(configured) if configured else TESTS_DIR.parent.parent / "shared" / "samples"
    require(base.is_dir(), f"the real export samples are not in {base} (set PORTEVOIX_SAMPLES)")
    return base
