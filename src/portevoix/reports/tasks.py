"""Background generation of reports (run by ``portevoix db_worker``)."""

from __future__ import annotations

from django_tasks import task

from .models import Report


@task()
def run_report(report_id: int) -> str:
    from .services import report_run

    record = Report.objects.select_related("organisation", "person").filter(pk=report_id).first()
    if record is None:
        return "missing"
    return str(report_run(record).status)
