"""F14: SIGKILL the background worker in the middle of a report, on a real PostgreSQL: the report
does not stay "running" forever; resumed at start-up it is generated, exactly once."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest

from portevoix.reports.models import Report
from portevoix.reports.services import report_queue, reports_resume
from portevoix.tenancy.models import Organisation
from portevoix.web.demo import demo_populate
from tests.faults.conftest import require_postgresql
from tests.faults.test_worker_killed import _wait, _worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_killing_the_worker_mid_report_leaves_it_to_be_resumed_once(tmp_path: Path, settings: Any) -> None:
    require_postgresql()
    data_dir = tmp_path / "data"
    settings.MEDIA_ROOT = data_dir / "media"
    settings.PORTEVOIX_REPORTS_DIR = data_dir / "reports"
    demo_populate()
    organisation = Organisation.objects.get(slug="demo")
    record = report_queue(organisation=organisation, kind="board", fmt="pdf", language="fr")

    def started() -> bool:
        return Report.objects.filter(pk=record.pk, status=Report.Status.RUNNING, progress__gt=1).exists()

    worker = _worker(data_dir)
    try:
        _wait(started, 120, "the worker to start generating the report")
        assert worker.poll() is None
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
    record.refresh_from_db()
    assert record.status == Report.Status.RUNNING, "the worker finished before it could be killed"
    assert record.attempts == 1

    assert reports_resume() == [record.pk]
    rerun = _worker(data_dir, "--batch")
    assert rerun.wait(300) == 0
    record.refresh_from_db()
    assert record.status == Report.Status.DONE, record.error
    assert record.attempts == 2
    assert (data_dir / "reports" / record.stored_file).read_bytes().startswith(b"%PDF")
    assert reports_resume() == []
