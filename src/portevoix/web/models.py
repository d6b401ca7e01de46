from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A background worker process says it is alive (written every few seconds by ``db_worker``),
    so that ``/healthz`` and the metrics can tell whether any worker runs, on any machine."""

    worker = models.CharField(_("worker"), max_length=200, unique=True)  # host:pid
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker
