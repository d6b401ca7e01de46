"""/healthz and /metrics (issue 21): what they check, who may read them, and that they say why."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from portevoix.evidence.models import EvidenceImport
from portevoix.reports.models import Report
from portevoix.tenancy.models import Organisation
from portevoix.web.models import WorkerHeartbeat
from portevoix.web.operations import worker_heartbeat_record, worker_heartbeat_start
from portevoix.web.tasks import ping

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-metrics-token-for-the-test"


def test_healthz_fails_until_a_worker_is_seen_and_again_when_it_is_not(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "checks": {"database": "ok", "worker": "not_seen", "storage": "ok"},
    }
    worker_heartbeat_record("node-a:123")
    assert client.get("/healthz").status_code == 200
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - datetime.timedelta(seconds=61))
    assert client.get("/healthz").json()["checks"]["worker"] == "not_seen"
    # A load balancer probing a web node asks about the web node only.
    assert client.get("/healthz?scope=web").json() == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok"},
    }


def test_healthz_reports_storage_that_cannot_be_written_without_saying_where(
    client: Client, tmp_path: Path
) -> None:
    worker_heartbeat_record()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with override_settings(MEDIA_ROOT=blocked / "media"):  # even root cannot create a folder in a file
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "worker": "ok", "storage": "unwritable"}
    assert str(tmp_path) not in response.content.decode()


def test_healthz_leaves_no_file_behind(client: Client, tmp_path: Path) -> None:
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        client.get("/healthz?scope=web")
    assert not any(p.is_file() for p in (tmp_path / "media").rglob("*"))


def test_the_worker_heartbeat_thread_records_itself() -> None:
    stop = worker_heartbeat_start(interval=3600)
    stop.set()
    beat = WorkerHeartbeat.objects.get()
    assert beat.seen_at > timezone.now() - datetime.timedelta(seconds=10)


@pytest.mark.parametrize(
    ("configured", "header", "status"),
    [
        ("", f"Bearer {TOKEN}", 404),  # unset: the page does not exist
        (TOKEN, "", 401),
        (TOKEN, "Bearer wrong", 401),
        (TOKEN, f"Basic {TOKEN}", 401),
        (TOKEN, f"Bearer {TOKEN}", 200),
    ],
    ids=["unset", "missing", "wrong", "not-bearer", "right"],
)
def test_metrics_need_the_token(
    client: Client, settings: Any, configured: str, header: str, status: int
) -> None:
    settings.PORTEVOIX_METRICS_TOKEN = configured
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/metrics", **extra)
    assert response.status_code == status
    if status == 401:
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert b"portevoix_" not in response.content


def test_metrics_count_tasks_imports_reports_and_time_requests(
    client: Client, settings: Any, organisation: Organisation
) -> None:
    settings.PORTEVOIX_METRICS_TOKEN = TOKEN
    ping.enqueue()
    ping.enqueue()
    EvidenceImport.objects.create(
        organisation=organisation, source="linkedin", filename="a.zip", status="failed"
    )
    Report.objects.create(organisation=organisation, kind="board", format="pdf", language="fr", status="done")
    worker_heartbeat_record("node-b:9")
    client.get("/accounts/login/")
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert 'portevoix_tasks{status="READY",task="ping"} 2.0' in text
    assert 'portevoix_evidence_imports{source="linkedin",status="failed"} 1.0' in text
    assert 'portevoix_reports{format="pdf",kind="board",status="done"} 1.0' in text
    assert "portevoix_workers_seen 1.0" in text
    assert "portevoix_task_queue_wait_seconds " in text
    assert 'portevoix_request_duration_seconds_count{method="GET",status="2xx",view="login"}' in text


def test_json_log_lines_are_one_object_each() -> None:
    import json
    import logging
    import sys as system

    from portevoix.config.logs import JsonFormatter

    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "portevoix.test", logging.ERROR, __file__, 1, "import %s failed", ("7",), None
        )
        record.exc_info = system.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line.replace("\\n", "")
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "portevoix.test"
    assert entry["message"] == "import 7 failed"
    assert "ValueError: boom" in entry["exception"]
