"""F14: a report whose generation a crash interrupted is generated again once, then failed.

``tests/faults/test_report_killed.py`` kills a real worker mid-report on PostgreSQL; these
tests cover the decisions on both databases.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from portevoix.reports.models import Report
from portevoix.reports.services import MAX_ATTEMPTS, report_queue, reports_resume
from portevoix.reports.tasks import run_report
from portevoix.testing.tenants import Tenants
from tests.faults.conftest import lock_held_elsewhere


def _interrupted(tenants: Tenants, attempts: int, language: str = "fr") -> Report:
    record = report_queue(organisation=tenants.org, kind="board", fmt="xlsx", language=language)
    # What a worker killed in the middle leaves behind.
    Report.objects.filter(pk=record.pk).update(status=Report.Status.RUNNING, progress=71, attempts=attempts)
    record.refresh_from_db()
    return record


def test_a_report_interrupted_once_is_generated_again(tenants: Tenants) -> None:
    record = _interrupted(tenants, attempts=1)
    assert reports_resume() == [record.pk]
    assert run_report.call(record.pk) == "done"
    record.refresh_from_db()
    assert record.attempts == 2
    assert record.status == Report.Status.DONE
    assert reports_resume() == []


def test_a_report_interrupted_again_fails_with_a_message_in_its_language(tenants: Tenants) -> None:
    record = _interrupted(tenants, attempts=MAX_ATTEMPTS, language="fr")
    assert reports_resume() == []
    record.refresh_from_db()
    assert record.status == Report.Status.FAILED
    assert record.progress == 100
    assert record.finished_at is not None
    assert record.error.startswith("La génération a été interrompue deux fois")
    assert run_report.call(record.pk) == "failed"  # a late duplicate task changes nothing
    with translation.override("fr"):
        page = tenants.client("owner").get(f"/o/acme/reports/{record.pk}/", headers={"HX-Request": "true"})
    assert 'data-testid="report-error"' in page.content.decode()
    assert "interrompue deux fois" in page.content.decode()


def test_a_report_a_live_worker_is_generating_is_left_alone(tenants: Tenants, settings: Any) -> None:
    """The generation lock (``storage.work_lock``: a PostgreSQL advisory lock, a lock file in the
    local data folder on SQLite, never in the storage) held by another process: neither a resume
    nor a second run touches the report."""
    record = _interrupted(tenants, attempts=MAX_ATTEMPTS)
    with lock_held_elsewhere("report", record.pk, settings.DATA_DIR):
        assert reports_resume() == []
        assert run_report.call(record.pk) == "running"  # a second run does nothing either
    record.refresh_from_db()
    assert record.status == Report.Status.RUNNING
