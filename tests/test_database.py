"""CI runs the suite on SQLite and on PostgreSQL: make sure it really is on the one it claims."""

from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_suite_runs_on_the_expected_database() -> None:
    expected = os.environ.get("PORTEVOIX_EXPECT_DB")
    if expected is None:
        assert connection.vendor in {"sqlite", "postgresql"}
        return
    assert connection.vendor == expected
