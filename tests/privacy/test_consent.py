"""A person's activity is imported only with their consent in force: web upload, CLI, worker."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from portevoix.evidence.importing import evidence_import, evidence_import_queue, evidence_import_run
from portevoix.evidence.models import Activity, EvidenceImport
from portevoix.privacy.consent import consent_give, consent_valid, consent_withdraw
from portevoix.privacy.models import AuditEntry, Consent
from portevoix.testing.tenants import Tenants

from .conftest import linkedin_zip

ARCHIVE = linkedin_zip([("2026-10-01", "Premier post"), ("2026-10-02", "Second post")])


def test_import_without_consent_is_refused_and_writes_nothing(tenants: Tenants) -> None:
    report = evidence_import(
        organisation=tenants.org, person=tenants.own_person, source="linkedin", raw=ARCHIVE, filename="a.zip"
    )
    assert not report.ok
    assert [p.code for p in report.problems] == ["consent_missing"]
    assert "Hervé Codir" in report.problems[0].message()
    assert Activity.objects.count() == 0
    assert EvidenceImport.objects.count() == 0
    assert AuditEntry.objects.filter(action="evidence.refused", person=tenants.own_person).exists()


def test_company_page_needs_no_consent_and_a_given_consent_lets_it_through(tenants: Tenants) -> None:
    consent_give(person=tenants.own_person, method="meeting", user=tenants.users["consultant"])
    report = evidence_import(
        organisation=tenants.org, person=tenants.own_person, source="linkedin", raw=ARCHIVE, filename="a.zip"
    )
    assert report.ok
    assert Activity.objects.filter(person=tenants.own_person).count() == 2
    entry = AuditEntry.objects.get(action="evidence.import")
    assert entry.person == tenants.own_person
    assert entry.details["new"] == {"posts": 2}


def test_withdrawn_consent_refuses_a_queued_import(tenants: Tenants, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    consent = consent_give(person=tenants.own_person, method="signed_form")
    queued = evidence_import_queue(
        organisation=tenants.org, person=tenants.own_person, source="linkedin", raw=ARCHIVE, filename="a.zip"
    )
    consent_withdraw(consent=consent)
    assert consent_valid(tenants.own_person) is None
    evidence_import_run(queued)
    queued.refresh_from_db()
    assert queued.status == "failed"
    assert queued.report["errors"][0]["code"] == "consent_missing"
    assert Activity.objects.count() == 0
    assert list(tmp_path.joinpath("evidence").iterdir()) == []  # the upload is not kept either


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Hervé Codir n’a pas consenti"),
        ("en", "Hervé Codir has not consented to the analysis of their activity data"),
    ],
)
def test_web_upload_refused_with_a_translated_message(tenants: Tenants, language: str, expected: str) -> None:
    client = tenants.client("owner")
    client.cookies["portevoix_language"] = language
    response = client.post(
        reverse("evidence:import.list", kwargs={"org_slug": "acme"}),
        {
            "source": "linkedin",
            "person": tenants.own_person.pk,
            "file": SimpleUploadedFile("a.zip", ARCHIVE),
        },
    )
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert EvidenceImport.objects.count() == 0


def test_cli_refuses_with_the_message_and_exit_code(tenants: Tenants, tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    path.write_bytes(ARCHIVE)
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import",
            "linkedin",
            str(path),
            "--org",
            "acme",
            "--person",
            str(tenants.own_person.pk),
            "--lang",
            "en",
            stderr=err,
        )
    assert exit_info.value.code == 1
    assert "has not consented" in err.getvalue()
    assert Activity.objects.count() == 0
    call_command(
        "privacy",
        "consent",
        "--org",
        "acme",
        "--person",
        str(tenants.own_person.pk),
        "--method",
        "meeting",
        stdout=StringIO(),
    )
    out = StringIO()
    call_command(
        "import", "linkedin", str(path), "--org", "acme", "--person", str(tenants.own_person.pk), stdout=out
    )
    assert Activity.objects.filter(person=tenants.own_person).count() == 2


def test_consent_recorded_on_the_person_page_with_a_signed_form(
    tenants: Tenants, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = tenants.client("consultant")
    page = reverse("tenancy:person.detail", kwargs={"org_slug": "acme", "pk": tenants.colleague.pk})
    assert 'data-testid="no-consent"' in client.get(page).content.decode()
    future = client.post(
        reverse("privacy:consent.add", kwargs={"org_slug": "acme", "pk": tenants.colleague.pk}),
        {"method": "signed_form", "given_on": "2999-01-01"},
        follow=True,
    )
    assert Consent.objects.count() == 0
    assert "futur" in future.content.decode()
    client.post(
        reverse("privacy:consent.add", kwargs={"org_slug": "acme", "pk": tenants.colleague.pk}),
        {
            "method": "signed_form",
            "given_on": "2026-11-20",
            "note": "Signé au comité",
            "document": SimpleUploadedFile("form.pdf", b"%PDF-1.4"),
        },
    )
    consent = Consent.objects.get(person=tenants.colleague)
    assert consent.recorded_by == tenants.users["consultant"]
    assert Path(consent.document.path).is_file()
    assert str(tmp_path) in consent.document.path
    assert 'data-testid="no-consent"' not in client.get(page).content.decode()


def test_a_person_withdraws_their_own_consent_but_not_a_colleagues(tenants: Tenants) -> None:
    own = consent_give(person=tenants.own_person, method="meeting")
    theirs = consent_give(person=tenants.colleague, method="meeting")
    client = tenants.client("codir")
    url = "privacy:consent.withdraw"
    refused = client.post(reverse(url, kwargs={"org_slug": "acme", "pk": theirs.pk}))
    assert refused.status_code == 403
    done = client.post(reverse(url, kwargs={"org_slug": "acme", "pk": own.pk}), {"next": "my-data"})
    assert done["Location"] == reverse("privacy:my_data", kwargs={"org_slug": "acme"})
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.withdrawn_at is not None
    assert theirs.withdrawn_at is None
    assert AuditEntry.objects.filter(action="consent.withdraw", person=tenants.own_person).count() == 1
