"""Every upload goes through the same gate: size per kind, content sniffed from its bytes, then the
archive defences; uploads are kept outside anything the web server serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from portevoix.assessments.models import Campaign
from portevoix.evidence.models import EvidenceImport
from portevoix.evidence.tasks import run_evidence_import
from portevoix.frameworks.models import FrameworkVersion
from portevoix.testing.campaigns import make_campaign
from portevoix.testing.files import zip_of
from portevoix.testing.privacy import with_consent
from portevoix.testing.tenants import Tenants

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00\x01endobj\n"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def _evidence(client: Client, tenants: Tenants, name: str, raw: bytes, source: str = "linkedin") -> Any:
    with_consent(tenants.own_person)  # an activity import needs the person's consent (privacy)
    return client.post(
        "/o/acme/evidence/",
        {"source": source, "person": tenants.own_person.pk, "file": SimpleUploadedFile(name, raw)},
    )


@pytest.mark.parametrize(
    ("source", "name", "raw"),
    [
        ("linkedin", "archive.zip", EXE),
        ("x", "twitter.zip", PDF),
        ("mastodon", "archive.tar.gz", b"just some text, not an archive\n"),
        ("linkedin-creator", "analytics.xlsx", EXE),
    ],
)
def test_evidence_upload_is_sniffed_before_it_is_kept(
    tenants: Tenants, media: Path, source: str, name: str, raw: bytes
) -> None:
    response = _evidence(tenants.client("owner"), tenants, name, raw, source)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(name in error and "contenu" in error for error in errors), errors
    assert not EvidenceImport.objects.exists()
    assert _stored(media) == []


def test_evidence_upload_size_limit_is_configurable(tenants: Tenants, media: Path, settings: Any) -> None:
    settings.PORTEVOIX_MAX_UPLOAD_MB = {**django_settings.PORTEVOIX_MAX_UPLOAD_MB, "evidence": 1}
    big = zip_of({"Shares.csv": b"Date,ShareLink\n"}) + b"\x00" * (1024 * 1024)
    response = _evidence(tenants.client("owner"), tenants, "archive.zip", big)
    assert response.status_code == 200
    assert "trop volumineux" in response.context["form"].errors["file"][0]
    assert "au plus 1 Mo" in response.content.decode() or "au plus 1 MB" in response.content.decode()
    assert not EvidenceImport.objects.exists()


def test_web_evidence_upload_refuses_a_zip_bomb(tenants: Tenants, media: Path) -> None:
    bomb = zip_of({"Reactions.csv": b"Date,Type,Link\n" + b"0" * (60 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # it passes the size gate: the archive reader stops it
    response = _evidence(tenants.client("owner"), tenants, "bomb.zip", bomb)
    record = EvidenceImport.objects.get()
    assert response.status_code == 302
    run_evidence_import.call(record.pk)
    record.refresh_from_db()
    codes = {p["code"] for p in record.report.get("errors", [])}
    assert codes & {"archive_bomb", "archive_too_large", "archive_entry_too_large"}, record.report
    assert _stored(media) == []  # the upload is gone after the import


def test_web_evidence_upload_never_writes_a_traversal_entry(tenants: Tenants, media: Path) -> None:
    raw = zip_of(
        {"../../escaped.csv": b"Date,ShareLink\n", "Shares.csv": b"Date,ShareLink,ShareCommentary\n"}
    )
    _evidence(tenants.client("owner"), tenants, "../../a.zip", raw)
    record = EvidenceImport.objects.get()
    assert record.filename == "a.zip"
    assert "/" not in record.stored_file
    run_evidence_import.call(record.pk)
    record.refresh_from_db()
    assert "archive_entry_unsafe" in {p["code"] for p in record.report.get("errors", [])}
    assert not (media.parent / "escaped.csv").exists()
    assert not list(media.parent.rglob("escaped.csv"))


@pytest.mark.parametrize(("name", "raw"), [("answers.csv", PDF), ("answers.xlsx", EXE), ("empty.csv", b"")])
def test_answer_import_is_sniffed_before_it_is_kept(
    tenants: Tenants, media: Path, name: str, raw: bytes
) -> None:
    campaign: Campaign = make_campaign(tenants.org)
    response = tenants.client("owner").post(
        f"/o/acme/diagnostic/{campaign.pk}/import/", {"kind": "team", "file": SimpleUploadedFile(name, raw)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert _stored(media) == []


def test_answer_import_size_limit(tenants: Tenants, media: Path, settings: Any) -> None:
    settings.PORTEVOIX_MAX_UPLOAD_MB = {**django_settings.PORTEVOIX_MAX_UPLOAD_MB, "answers": 1}
    campaign = make_campaign(tenants.org)
    big = b"email;q1\n" + b"a@b.example;1\n" * 80_000
    upload = SimpleUploadedFile("a.csv", big)
    response = tenants.client("owner").post(
        f"/o/acme/diagnostic/{campaign.pk}/import/", {"kind": "team", "file": upload}
    )
    assert "trop volumineux" in response.context["form"].errors["file"][0]
    assert _stored(media) == []


def test_framework_upload_is_sniffed(tenants: Tenants) -> None:
    before = FrameworkVersion.objects.count()
    response = tenants.client("consultant").post(
        "/frameworks/upload/", {"file": SimpleUploadedFile("model.yaml", zip_of({"a": b"b"})), "store": "1"}
    )
    assert response.status_code == 200
    messages = [p["message"] for p in response.context["problems"]]
    assert any("model.yaml" in m and "YAML" in m for m in messages), messages
    assert FrameworkVersion.objects.count() == before


def test_uploads_are_stored_outside_what_the_web_serves(tenants: Tenants, media: Path) -> None:
    _evidence(tenants.client("owner"), tenants, "archive.zip", zip_of({"Shares.csv": b"Date,ShareLink\n"}))
    record = EvidenceImport.objects.get()
    stored = media / "evidence" / record.stored_file
    assert stored.is_file()
    assert len(record.stored_file) == 32  # a random name, not the user's
    client = tenants.client("platform_admin")
    for url in (
        f"/media/evidence/{record.stored_file}",
        f"/evidence/{record.stored_file}",
        f"/static/evidence/{record.stored_file}",
        f"/static/../media/evidence/{record.stored_file}",
        f"/static/%2e%2e/media/evidence/{record.stored_file}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
    assert not django_settings.MEDIA_URL.strip("/")  # no URL is mapped to the uploads
    # the shipped media folder is in the data folder, never under the static files or the code
    from portevoix.config import settings as shipped

    assert shipped.MEDIA_ROOT == shipped.DATA_DIR / "media"
    assert not shipped.MEDIA_ROOT.is_relative_to(shipped.PACKAGE_DIR)
    if shipped.STATIC_ROOT:
        assert not shipped.MEDIA_ROOT.is_relative_to(Path(shipped.STATIC_ROOT).resolve())
