"""Operations: the workers' heartbeat, the health checks and the Prometheus metrics.

Counts of tasks, imports and reports are read from the database when the metrics are scraped, so
every node gives the same, correct figures whatever process did the work (docs/decisions/0016).
Request latencies are measured in each web process; under gunicorn they are pooled through
prometheus-client's multiprocess mode when ``PROMETHEUS_MULTIPROC_DIR`` is set.
"""

from __future__ import annotations

import datetime
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import close_old_connections, connection
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector

from .models import WorkerHeartbeat

HEARTBEAT_SECONDS = 15.0
WORKER_SEEN_SECONDS = 60  # /healthz: a worker must have been seen within this many seconds
HEARTBEATS_KEPT = datetime.timedelta(days=1)

REQUEST_SECONDS = Histogram(
    "portevoix_request_duration_seconds",
    "Time to answer a web request, by view and status class.",
    ["view", "method", "status"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


# -- the worker's heartbeat ---------------------------------------------------------------------


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_heartbeat_record(name: str | None = None, started_at: datetime.datetime | None = None) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker=name or worker_name(),
        defaults={"seen_at": now},
        create_defaults={"seen_at": now, "started_at": started_at or now},
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - HEARTBEATS_KEPT).delete()


def worker_heartbeat_start(interval: float = HEARTBEAT_SECONDS) -> threading.Event:
    """Record this process's heartbeat now and then every ``interval`` seconds, in a daemon thread
    (its own database connection): it goes on while a long task runs, and stops with the process."""
    name, started_at = worker_name(), timezone.now()
    worker_heartbeat_record(name, started_at)  # before the first task: fails loudly if the DB is down
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(interval):
            try:
                worker_heartbeat_record(name, started_at)
            except Exception:  # noqa: BLE001 - a database hiccup: the next beat tries again
                pass
            finally:
                close_old_connections()
        connection.close()

    threading.Thread(target=beat, name="heartbeat", daemon=True).start()
    return stop


def workers_seen(within: int = WORKER_SEEN_SECONDS) -> int:
    return WorkerHeartbeat.objects.filter(
        seen_at__gte=timezone.now() - datetime.timedelta(seconds=within)
    ).count()


# -- health ------------------------------------------------------------------------------------


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False


def _storage() -> bool:
    """Write, read back and delete a small file through the app's storage (local disk or S3)."""
    payload = uuid.uuid4().hex.encode()
    try:
        name = default_storage.save(f"healthz/{uuid.uuid4().hex}", ContentFile(payload))
        try:
            with default_storage.open(name, "rb") as stored:
                return bool(stored.read() == payload)
        finally:
            default_storage.delete(name)
    except Exception:  # noqa: BLE001 - any failure means "not writable"
        return False


def health(*, worker: bool = True) -> dict[str, str]:
    """Each check's outcome, as short words (no host names, paths or error texts: it is public)."""
    checks = {"database": "ok" if _database() else "unavailable"}
    if worker:
        if checks["database"] != "ok":
            checks["worker"] = "unknown"
        else:
            try:
                checks["worker"] = "ok" if workers_seen() else "not_seen"
            except Exception:  # noqa: BLE001 - e.g. the table is missing before the first migrate
                checks["worker"] = "unknown"
    checks["storage"] = "ok" if _storage() else "unwritable"
    return checks


# -- metrics -----------------------------------------------------------------------------------


class DatabaseCollector(Collector):
    """Figures read from the database at scrape time: the same on every node."""

    def collect(self) -> Iterator[Any]:
        from django_tasks_db.models import DBTaskResult

        from portevoix.evidence.models import EvidenceImport
        from portevoix.reports.models import Report

        tasks = GaugeMetricFamily(
            "portevoix_tasks",
            "Background tasks by task and status (READY = queued).",
            labels=["task", "status"],
        )
        for row in DBTaskResult.objects.values("task_path", "status").annotate(n=Count("id")):
            tasks.add_metric([row["task_path"].rsplit(".", 1)[-1], row["status"]], row["n"])
        yield tasks
        oldest = DBTaskResult.objects.filter(status="READY", run_after__lte=timezone.now()).aggregate(
            at=Min("run_after")
        )["at"]
        yield GaugeMetricFamily(
            "portevoix_task_queue_wait_seconds",
            "Age of the oldest task ready to run and not yet started (0 when none).",
            value=(timezone.now() - oldest).total_seconds() if oldest else 0.0,
        )
        imports = GaugeMetricFamily(
            "portevoix_evidence_imports",
            "Activity-data imports by source and status.",
            labels=["source", "status"],
        )
        for row in EvidenceImport.objects.values("source", "status").annotate(n=Count("id")):
            imports.add_metric([row["source"], row["status"]], row["n"])
        yield imports
        reports = GaugeMetricFamily(
            "portevoix_reports",
            "Generated reports by kind, format and status.",
            labels=["kind", "format", "status"],
        )
        for row in Report.objects.values("kind", "format", "status").annotate(n=Count("id")):
            reports.add_metric([row["kind"], row["format"], row["status"]], row["n"])
        yield reports
        yield GaugeMetricFamily(
            "portevoix_workers_seen",
            f"Background worker processes seen within the last {WORKER_SEEN_SECONDS} s.",
            value=workers_seen(),
        )


def metrics_text() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Every gunicorn process's latencies, pooled.
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_ThisProcess())
    registry.register(DatabaseCollector())
    return generate_latest(registry)


class _ThisProcess(Collector):
    def collect(self) -> Iterator[Any]:
        yield from REGISTRY.collect()
