"""``portevoix db_worker``: django-tasks-db's worker, plus a heartbeat for ``/healthz`` and the metrics.

This app comes first in INSTALLED_APPS, so this command replaces django_tasks_db's of the same name.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from portevoix.web.operations import worker_heartbeat_start


class Command(WorkerCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        stop = worker_heartbeat_start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
