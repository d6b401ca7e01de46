"""F8: a NUL in a LinkedIn export, and imports that stop for any reason.

The original bug is PostgreSQL's (it refuses a NUL in text and in JSON): run this file with
``DATABASE_URL=postgresql://…`` too. A NUL is removed where the file is read, and said; an import
that fails for any reason is marked failed with a message, never left "running", never queued
again forever, and its upload is deleted.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation

from portevoix.evidence.importing import (
    MAX_ATTEMPTS,
    UPLOAD_FOLDER,
    evidence_import_queue,
    evidence_imports_resume,
)
from portevoix.evidence.models import Activity, EvidenceImport, ProfileSnapshot
from portevoix.evidence.tasks import run_evidence_import
from portevoix.storage import media, walk
from portevoix.testing.files import zip_of
from portevoix.testing.tenants import Tenants
from tests.conftest import samples_dir


def _shares_with_a_nul() -> bytes:
    """The review's ``linkedin_nul.zip``: the real sample's first 5,000 bytes (to the last whole
    record before them), then a post whose text holds a NUL, beyond the first 4 KiB."""
    sample = (samples_dir() / "linkedin-2025" / "Shares.csv").read_bytes()
    head = sample[: sample.rindex(b"\n2025-", 0, 5000) + 1]
    row = b'2025-01-02 09:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1,"Bonjour\x00monde",,,MEMBER_NETWORK\n'
    assert len(head) > 4096
    return zip_of({"Shares.csv": head + row})


def _profile_with_a_nul() -> bytes:
    summary = "Dirigeant engagé. " * 300  # past the first 4 KiB
    text = f'First Name,Last Name,Headline,Summary\nJean,Dupont,CEO,"{summary}fin\x00ale"\n'
    return zip_of({"Profile.csv": text.encode()})


def _import_through_the_web(tenants: Tenants, archive: bytes) -> EvidenceImport:
    client = tenants.client("owner")
    client.post(
        "/o/acme/evidence/",
        {
            "source": "linkedin",
            "person": tenants.own_person.pk,
            "file": SimpleUploadedFile("nul.zip", archive),
        },
    )
    record = EvidenceImport.objects.get()
    run_evidence_import.call(record.pk)
    record.refresh_from_db()
    return record


@pytest.mark.django_db
def test_a_nul_beyond_the_first_4_kib_is_removed_said_and_the_rest_imported(tenants: Tenants) -> None:
    record = _import_through_the_web(tenants, _shares_with_a_nul())
    assert record.status == EvidenceImport.Status.DONE, record.report
    assert Activity.objects.filter(text="Bonjourmonde").count() == 1
    errors = record.report["errors"]
    assert [e["code"] for e in errors] == ["nul_removed"]
    assert errors[0]["file"] == "Shares.csv"
    assert errors[0]["line"] > 1
    assert record.stored_file == ""
    page = tenants.client("owner").get(f"/o/acme/evidence/{record.pk}/", headers={"HX-Request": "true"})
    assert "caractères NUL" in page.content.decode()  # shown, in the reader's language


@pytest.mark.django_db
def test_a_nul_in_the_profile_never_reaches_the_json_column(tenants: Tenants) -> None:
    record = _import_through_the_web(tenants, _profile_with_a_nul())
    assert record.status == EvidenceImport.Status.DONE, record.report
    snapshot = ProfileSnapshot.objects.get()
    assert snapshot.data["summary"].endswith("finale")


@pytest.fixture
def broken_table() -> Iterator[None]:
    """A real database fault in the middle of the import's transaction: a table it writes to is
    gone (renamed, put back afterwards)."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE evidence_dailyactivity RENAME TO evidence_dailyactivity_away")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE evidence_dailyactivity_away RENAME TO evidence_dailyactivity")


@pytest.mark.django_db(transaction=True)
def test_an_import_that_fails_unexpectedly_is_failed_with_a_message_and_its_upload_deleted(
    tenants: Tenants, broken_table: None
) -> None:
    record = _import_through_the_web(tenants, _shares_with_a_nul())
    assert record.status == EvidenceImport.Status.FAILED
    assert record.progress == 100
    assert [e["code"] for e in record.report["errors"]] == ["import_crashed"]
    assert record.stored_file == ""
    assert not list(walk(media(), UPLOAD_FOLDER))
    assert Activity.objects.count() == 0  # its transaction was rolled back
    assert evidence_imports_resume() == []  # not queued again
    with translation.override("fr"):
        page = tenants.client("owner").get(f"/o/acme/evidence/{record.pk}/", headers={"HX-Request": "true"})
    assert "erreur inattendue" in page.content.decode()


@pytest.mark.django_db
def test_an_import_interrupted_again_fails_instead_of_coming_back_at_every_start(tenants: Tenants) -> None:
    record = evidence_import_queue(
        organisation=tenants.org,
        person=tenants.own_person,
        source="linkedin",
        raw=_shares_with_a_nul(),
        filename="nul.zip",
    )
    # A worker started it and was killed (the status and attempts it leaves behind).
    EvidenceImport.objects.filter(pk=record.pk).update(status=EvidenceImport.Status.RUNNING, attempts=1)
    assert evidence_imports_resume() == [record.pk]  # one more try
    EvidenceImport.objects.filter(pk=record.pk).update(attempts=MAX_ATTEMPTS)  # killed again
    assert evidence_imports_resume() == []
    record.refresh_from_db()
    assert record.status == EvidenceImport.Status.FAILED
    assert [e["code"] for e in record.report["errors"]] == ["import_interrupted"]
    assert record.stored_file == ""
    assert not list(walk(media(), UPLOAD_FOLDER))
    assert evidence_imports_resume() == []


@pytest.mark.django_db
def test_a_linkedin_file_mixing_encodings_is_imported_each_line_read_right_and_said(tenants: Tenants) -> None:
    """F17 for the evidence importers: the Windows-1252 lines are named, every text reads right."""
    header = b"Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
    first = "2025-01-02 09:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1,Café,,,MEMBER_NETWORK\n"
    second = (
        "2025-01-03 09:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A2,Thé,,,MEMBER_NETWORK\n"
    )
    archive = zip_of({"Shares.csv": header + first.encode() + second.encode("cp1252")})
    record = _import_through_the_web(tenants, archive)
    assert record.status == EvidenceImport.Status.DONE, record.report
    assert sorted(Activity.objects.values_list("text", flat=True)) == ["Café", "Thé"]
    assert [(e["code"], e["file"], e["line"]) for e in record.report["errors"]] == [
        ("mixed_encoding", "Shares.csv", 3)
    ]
    page = tenants.client("owner").get(f"/o/acme/evidence/{record.pk}/", headers={"HX-Request": "true"})
    assert "lues en Windows-1252" in page.content.decode()
