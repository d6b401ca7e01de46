"""Generated reports are personal data too: erasure deletes their files, the audit log their downloads."""

from __future__ import annotations

from portevoix.privacy.erasure import organisation_erase, person_erase
from portevoix.privacy.models import AuditAction, AuditEntry
from portevoix.reports.models import Report
from portevoix.storage import reports, save_exact
from portevoix.tenancy.models import Organisation, Person
from portevoix.testing.tenants import Tenants


def _stored(organisation: Organisation, key: str, person: Person | None = None) -> Report:
    save_exact(reports(), key, b"%PDF-1.7 test")
    return Report.objects.create(
        organisation=organisation,
        person=person,
        kind="leader" if person else "board",
        format="pdf",
        language="fr",
        status="done",
        stored_file=key,
    )


def test_erasing_a_leader_deletes_their_report_files_only(organisation: Organisation, person: Person) -> None:
    _stored(organisation, "leaderfile", person)
    _stored(organisation, "boardfile")
    person_erase(person=person)
    assert not reports().exists("leaderfile")
    assert reports().exists("boardfile")
    organisation_erase(organisation=organisation)
    assert not reports().exists("boardfile")


def test_a_report_download_is_in_the_audit_log(tenants: Tenants) -> None:
    report = _stored(tenants.org, "auditedfile")
    response = tenants.client("owner").get(f"/o/{tenants.org.slug}/reports/{report.pk}/download/")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.REPORT_DOWNLOAD)
    assert entry.organisation == tenants.org
    assert entry.details["kind"] == "board"
