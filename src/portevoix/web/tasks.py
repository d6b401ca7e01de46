"""Background tasks of the web app (run by ``portevoix db_worker``)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def ping() -> str:
    """Answer with the worker's clock: proves a worker picks up and finishes tasks."""
    return timezone.now().isoformat()
