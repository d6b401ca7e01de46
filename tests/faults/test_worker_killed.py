"""SIGKILL the background worker in the middle of an evidence import, on a real PostgreSQL:
nothing of the import is written, and once resumed the import completes, exactly once."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from portevoix.evidence.importing import evidence_import_queue, evidence_import_run, evidence_imports_resume
from portevoix.evidence.models import Activity, DailyActivity, EvidenceImport
from portevoix.testing.factories import make_organisation, make_person
from portevoix.testing.privacy import with_consent
from tests.faults.conftest import database_url, lock_held_elsewhere, require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)
REACTIONS = 20_000


def _big_archive() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Date", "Type", "Link"])
    for n in range(REACTIONS):
        day = f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d} 10:{n % 60:02d}:00"
        writer.writerow(
            [day, "LIKE", f"https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{7 * 10**18 + n}"]
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Reactions.csv", out.getvalue())
    return buffer.getvalue()


def _worker(data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url(), "PORTEVOIX_DATA_DIR": str(data_dir)}
    return subprocess.Popen(
        [sys.executable, "-m", "portevoix", "db_worker", "--interval", "0.2", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _writing_backend() -> int | None:
    """The server process of a session that has written evidence rows in a still-open transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_xid IS NOT NULL AND query ILIKE %s",
            ["%evidence_activity%"],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _backend_alive(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is not None


def _wait(condition: Any, seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


def test_killing_the_worker_mid_import_writes_nothing_and_the_import_resumes(
    tmp_path: Path, settings: Any
) -> None:
    require_postgresql()
    data_dir = tmp_path / "data"
    settings.MEDIA_ROOT = data_dir / "media"
    organisation = make_organisation()
    person = make_person(organisation)
    with_consent(person)  # the worker refuses a personal archive without the person's consent
    record = evidence_import_queue(
        organisation=organisation, person=person, source="linkedin", raw=_big_archive(), filename="big.zip"
    )
    upload = data_dir / "media" / "evidence" / record.stored_file  # the local storage's layout

    worker = _worker(data_dir)
    try:
        backend = _wait(_writing_backend, 120, "the worker to start writing the import")
        # Inside the write transaction: rows are sent (the session has a transaction id), none committed.
        assert worker.poll() is None, "the worker finished before it could be killed: make the archive larger"
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
    # The server aborts the orphaned transaction once it notices the client is gone.
    _wait(lambda: not _backend_alive(backend), 30, "PostgreSQL to end the killed worker's session")

    assert Activity.objects.count() == 0
    assert DailyActivity.objects.count() == 0
    record.refresh_from_db()
    assert record.status == EvidenceImport.Status.RUNNING
    assert upload.is_file(), "the upload must survive a crash so that the import can run again"

    assert evidence_imports_resume() == [record.pk]
    rerun = _worker(data_dir, "--batch")
    assert rerun.wait(300) == 0

    record.refresh_from_db()
    assert record.status == EvidenceImport.Status.DONE, record.report
    assert Activity.objects.filter(person=person, kind="reaction").count() == REACTIONS
    assert record.report["new"]["reactions"] == REACTIONS
    assert not upload.exists()
    assert evidence_imports_resume() == []  # nothing left to resume


def test_a_second_run_of_an_import_being_imported_does_nothing(tmp_path: Path, settings: Any) -> None:
    """The lock on the import (a PostgreSQL advisory lock shared by every machine, or a lock file
    on SQLite): while another process holds it, neither a resume nor a second run touches it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
    organisation = make_organisation()
    record = evidence_import_queue(
        organisation=organisation,
        person=make_person(organisation),
        source="linkedin",
        raw=b"x",
        filename="a.csv",
    )
    with lock_held_elsewhere("evidence", record.pk, tmp_path):
        # Another process holds it (a running worker): resume and a second run leave it alone.
        assert evidence_imports_resume() == []
        assert evidence_import_run(record) is None
        record.refresh_from_db()
        assert record.status == EvidenceImport.Status.QUEUED
    assert evidence_imports_resume() == [record.pk]
