"""Start-up behaviour that a user meets before any page: settings errors, health check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from portevoix.web.operations import worker_heartbeat_record


def _portevoix(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PORTEVOIX_DATA_DIR": str(tmp_path), **env}
    full_env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "portevoix", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("mysql://user@localhost/db", "unsupported scheme 'mysql'"),
        ("postgresql://user:pw@localhost:99999/db", "not a valid URL"),
    ],
)
def test_wrong_database_url_stops_with_one_clear_line(tmp_path: Path, url: str, words: str) -> None:
    result = _portevoix(tmp_path, "check", DATABASE_URL=url)
    assert result.returncode == 2
    assert result.stderr.startswith("Porte-voix configuration error: DATABASE_URL")
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_explained_by_serve(tmp_path: Path) -> None:
    result = _portevoix(
        tmp_path,
        "serve",
        "--no-worker",
        DATABASE_URL="postgresql://nobody:x@127.0.0.1:9/portevoix?connect_timeout=2",
    )
    assert result.returncode == 1
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_healthz(client: Client, db: None) -> None:
    worker_heartbeat_record()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "worker": "ok", "storage": "ok"},
    }


def test_wrong_log_format_stops_with_one_clear_line(tmp_path: Path) -> None:
    result = _portevoix(tmp_path, "check", PORTEVOIX_LOG_FORMAT="xml")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "Porte-voix configuration error: PORTEVOIX_LOG_FORMAT='xml': use text or json."
    )
