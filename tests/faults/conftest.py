"""Fault tests need a real PostgreSQL server: a worker in another process, a connection killed
from another session. On the SQLite pass they run a SQLite variant or say why they skip; on the
PostgreSQL pass of CI (``PORTEVOIX_EXPECT_DB=postgresql``) they always run."""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest
from django.db import connection


def require_postgresql() -> None:
    if connection.vendor == "postgresql":
        return
    if os.environ.get("PORTEVOIX_EXPECT_DB") == "postgresql":
        pytest.fail("this pass must run on PostgreSQL, but the test database is not PostgreSQL")
    pytest.skip(
        "needs a PostgreSQL server shared with another process: set DATABASE_URL=postgresql://… "
        "(CI's PostgreSQL pass runs it)"
    )


def database_url() -> str:
    """The URL of the test database, for a subprocess (``portevoix db_worker``)."""
    s = connection.settings_dict
    user = quote(s.get("USER") or "")
    password = f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgresql://{auth}{s.get('HOST') or 'localhost'}:{s.get('PORT') or 5432}/{quote(s['NAME'])}"
