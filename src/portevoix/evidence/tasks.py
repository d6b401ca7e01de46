"""Background import of uploaded exports (run by ``portevoix db_worker``)."""

from __future__ import annotations

from django_tasks import task

from .models import EvidenceImport


@task()
def run_evidence_import(import_id: int) -> str:
    from .importing import evidence_import_run

    record = EvidenceImport.objects.select_related("organisation", "person").filter(pk=import_id).first()
    if record is None:
        return "missing"
    evidence_import_run(record)
    record.refresh_from_db()
    return record.status
