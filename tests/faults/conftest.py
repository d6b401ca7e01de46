"""Fault tests need a real PostgreSQL server: a worker in another process, a connection killed
from another session. On the SQLite pass they run a SQLite variant or say why they skip; on the
PostgreSQL pass of CI (``PORTEVOIX_EXPECT_DB=postgresql``) they always run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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


@contextmanager
def lock_held_elsewhere(kind: str, pk: int, data_dir: Path | str) -> Iterator[None]:
    """Another process holds ``work_lock(kind, pk)`` (as a running worker would) while the block
    runs; it lets go, cleanly, at the end."""
    env = {
        **os.environ,
        "PORTEVOIX_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "portevoix.config.settings",
    }
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = database_url()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import django, sys; django.setup()\n"
            "from portevoix.storage import work_lock\n"
            "with work_lock(sys.argv[1], int(sys.argv[2])) as held:\n"
            "    print('held' if held else 'busy', flush=True); sys.stdin.readline()\n",
            kind,
            str(pk),
        ],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == b"held"
        yield
        holder.communicate(b"\n", timeout=30)  # let it go (and close the pipes)
        assert holder.returncode == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.communicate(timeout=10)
