"""An empty database of the suite's vendor to restore into."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from portevoix.backup.services import pg_env


@pytest.fixture
def target(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """An empty database of the suite's vendor to restore into, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored" / "db.sqlite3")}
        return
    import psycopg

    settings = dict(connection.settings_dict)
    settings["NAME"] = f"{settings['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin = _pg_connect(connection.settings_dict, autocommit=True)
    admin.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    try:
        yield settings
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')
        admin.close()
    assert isinstance(admin, psycopg.Connection)


def _pg_connect(settings: dict[str, Any], *, autocommit: bool = False) -> Any:
    import psycopg
    from psycopg.conninfo import make_conninfo

    env = pg_env(settings)
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
    }
    return psycopg.connect(
        make_conninfo(**{k: env[v] for k, v in names.items() if v in env}), autocommit=autocommit
    )
