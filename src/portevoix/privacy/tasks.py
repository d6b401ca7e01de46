"""The daily retention run (``portevoix db_worker`` picks it up), planned like the reminders:
each run plans the next one."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

EVERY = datetime.timedelta(days=1)
TASK_PATH = "portevoix.privacy.tasks.apply_retention"


@task()
def apply_retention() -> dict[str, int]:
    from .retention import retention_apply

    report = retention_apply()
    retention_schedule(after=timezone.now() + EVERY)
    return report.counts()


def retention_schedule(*, after: datetime.datetime | None = None) -> bool:
    """Plan the next retention run unless one is already waiting; return whether one was planned."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists()
    if waiting:
        return False
    apply_retention.using(run_after=after or timezone.now()).enqueue()
    return True
