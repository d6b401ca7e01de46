"""Importing real exports: the right counts, idempotent, hostile files refused with nothing written."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from portevoix.evidence.importing import evidence_import
from portevoix.evidence.models import (
    Activity,
    Connection,
    DailyActivity,
    DailyMetric,
    EvidenceImport,
    ProfileSnapshot,
)
from portevoix.evidence.tasks import run_evidence_import
from portevoix.testing.files import zip_of
from portevoix.testing.tenants import Tenants
from tests.conftest import samples_dir


def _linkedin() -> bytes:
    folder = samples_dir() / "linkedin-2025"
    return zip_of({name: (folder / name).read_bytes() for name in ("Shares.csv", "Comments.csv")})


def _rows() -> tuple[int, ...]:
    return (
        Activity.objects.count(),
        Connection.objects.count(),
        DailyActivity.objects.count(),
        DailyMetric.objects.count(),
        ProfileSnapshot.objects.count(),
    )


def test_linkedin_sample_imports_with_the_right_counts_once(tenants: Tenants) -> None:
    report = evidence_import(
        organisation=tenants.org,
        person=tenants.own_person,
        source="linkedin",
        raw=_linkedin(),
        filename="a.zip",
    )
    assert report.ok, report.problems
    assert (report.read["posts"], report.read["reposts"], report.read["comments"]) == (184, 14, 323)
    assert (report.new["posts"], report.new["reposts"], report.new["comments"]) == (184, 14, 323)
    assert Activity.objects.filter(person=tenants.own_person).count() == 184 + 14 + 323
    days = DailyActivity.objects.filter(person=tenants.own_person)
    assert sum(d.posts + d.reposts + d.comments for d in days) == 521
    before = _rows()
    again = evidence_import(
        organisation=tenants.org,
        person=tenants.own_person,
        source="linkedin",
        raw=_linkedin(),
        filename="a.zip",
    )
    assert again.new["posts"] == again.new["comments"] == 0
    assert again.duplicates["posts"] == 184
    assert _rows() == before  # importing twice changes nothing


def test_reimporting_the_same_profile_keeps_one_snapshot(tenants: Tenants) -> None:
    """Idempotency covers the profile too (architecture review §4, mutation M6): the archives
    above hold no Profile.csv, so they could not see a snapshot stored twice."""
    folder = Path(__file__).parent.parent / "data" / "evidence" / "linkedin" / "archive-2026"
    raw = zip_of({p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()})
    for _attempt in range(2):
        report = evidence_import(
            organisation=tenants.org, person=tenants.own_person, source="linkedin", raw=raw, filename="a.zip"
        )
        assert report.ok, report.problems
        assert ProfileSnapshot.objects.filter(person=tenants.own_person).count() == 1


def test_x_sample(tenants: Tenants) -> None:
    folder = samples_dir() / "x-2024"
    raw = zip_of({f"data/{name}": (folder / name).read_bytes() for name in ("tweets.js", "note-tweet.js")})
    report = evidence_import(
        organisation=tenants.org, person=tenants.colleague, source="x", raw=raw, filename="x.zip"
    )
    assert report.ok, report.problems
    assert (report.new["posts"], report.new["reposts"]) == (1211, 12)
    assert Activity.objects.filter(network="x", kind="post").count() == 1211


def test_page_analytics_sample_for_the_company(tenants: Tenants) -> None:
    raw = (samples_dir() / "linkedin-page-2023" / "page-content.xls").read_bytes()
    report = evidence_import(
        organisation=tenants.org, person=None, source="linkedin-page", raw=raw, filename="page-content.xls"
    )
    assert report.ok, report.problems
    assert report.read["posts"] == 53
    assert report.new["daily_metrics"] == 3285
    assert DailyMetric.objects.filter(person=None, metric="impressions").count() == 365
    again = evidence_import(
        organisation=tenants.org, person=None, source="linkedin-page", raw=raw, filename="page-content.xls"
    )
    assert again.new["posts"] == 0
    assert DailyMetric.objects.filter(person=None).count() == 3285


def test_single_file_of_an_archive_is_welcome(tenants: Tenants) -> None:
    raw = (samples_dir() / "linkedin-2025" / "Shares.csv").read_bytes()
    report = evidence_import(
        organisation=tenants.org, person=tenants.own_person, source="linkedin", raw=raw, filename="Shares.csv"
    )
    assert report.ok
    assert report.new["posts"] == 184


def test_dry_run_writes_nothing(tenants: Tenants) -> None:
    report = evidence_import(
        organisation=tenants.org,
        person=tenants.own_person,
        source="linkedin",
        raw=_linkedin(),
        filename="a.zip",
        dry_run=True,
    )
    assert report.new["posts"] == 184
    assert _rows() == (0, 0, 0, 0, 0)
    assert not EvidenceImport.objects.exists()


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"PK\x03\x04" + b"\x00" * 64, "file_corrupt"),
        (b"\x00\x01\x02 definitely not an export", "file_missing_in_archive"),
    ],
)
def test_hostile_or_wrong_files_are_refused_with_nothing_written(
    tenants: Tenants, raw: bytes, code: str
) -> None:
    report = evidence_import(
        organisation=tenants.org, person=tenants.own_person, source="linkedin", raw=raw, filename="x.zip"
    )
    assert not report.ok
    assert code in {p.code for p in report.problems}
    assert _rows() == (0, 0, 0, 0, 0)


def test_zip_bomb_is_refused(tenants: Tenants) -> None:
    bomb = zip_of({"Reactions.csv": b"Date,Type,Link\n" + b"0" * (300 * 1024 * 1024)})
    report = evidence_import(
        organisation=tenants.org, person=tenants.own_person, source="linkedin", raw=bomb, filename="bomb.zip"
    )
    assert not report.ok
    assert {p.code for p in report.problems} & {
        "archive_bomb",
        "archive_too_large",
        "archive_entry_too_large",
    }
    assert _rows() == (0, 0, 0, 0, 0)


def test_path_traversal_entries_are_not_read(tenants: Tenants) -> None:
    folder = samples_dir() / "linkedin-2025"
    raw = zip_of(
        {"../../etc/Shares.csv": b"Date,ShareLink\n", "Shares.csv": (folder / "Shares.csv").read_bytes()}
    )
    report = evidence_import(
        organisation=tenants.org, person=tenants.own_person, source="linkedin", raw=raw, filename="a.zip"
    )
    assert report.ok  # the unsafe entry is skipped and reported, the rest imported
    assert "archive_entry_unsafe" in {p.code for p in report.problems}
    assert report.new["posts"] == 184


def test_archive_of_someone_else_is_flagged(tenants: Tenants) -> None:
    profile = (
        b"First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
        b"Geo Location,Twitter Handles,Websites,Instant Messengers\nJaclyn,Leaver,,,,Coach,,,,,,,\n"
    )
    report = evidence_import(
        organisation=tenants.org,
        person=tenants.own_person,
        source="linkedin",
        raw=zip_of({"Profile.csv": profile}),
        filename="a.zip",
    )
    assert [w.code for w in report.warnings] == ["archive_other_person"]


def test_cli_prints_the_report_as_json(tenants: Tenants, tmp_path: Path) -> None:
    archive = tmp_path / "Basic_LinkedInDataExport.zip"
    archive.write_bytes(_linkedin())
    out = StringIO()
    call_command(
        "import",
        "linkedin",
        str(archive),
        "--org",
        "acme",
        "--person",
        str(tenants.own_person.pk),
        "--json",
        stdout=out,
    )
    report = json.loads(out.getvalue())
    assert report["imported"] is True
    assert report["counts"]["posts"] == 184
    assert report["new"]["comments"] == 323
    hostile = tmp_path / "evil.zip"
    hostile.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "import",
            "linkedin",
            str(hostile),
            "--org",
            "acme",
            "--person",
            str(tenants.own_person.pk),
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert exit_.value.code == 1


def test_web_upload_runs_in_the_background_with_a_report(tenants: Tenants, settings: object) -> None:
    client = tenants.client("owner")
    response = client.post(
        "/o/acme/evidence/",
        {
            "source": "linkedin",
            "person": tenants.own_person.pk,
            "file": SimpleUploadedFile("archive.zip", _linkedin()),
        },
    )
    record = EvidenceImport.objects.get()
    assert response["Location"] == f"/o/acme/evidence/{record.pk}/"
    assert record.status == EvidenceImport.Status.QUEUED
    running = client.get(response["Location"])
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert run_evidence_import.call(record.pk) == "done"
    record.refresh_from_db()
    assert record.stored_file == ""  # the upload is deleted after the import
    page = client.get(response["Location"], headers={"HX-Request": "true"})
    assert 'data-testid="import-counts"' in page.content.decode()
    assert Activity.objects.filter(person=tenants.own_person).count() == 521


def test_personal_archive_needs_a_person(tenants: Tenants) -> None:
    response = tenants.client("owner").post(
        "/o/acme/evidence/", {"source": "linkedin", "file": SimpleUploadedFile("archive.zip", b"PK")}
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not EvidenceImport.objects.exists()


def test_manual_figures_are_validated_and_recorded(tenants: Tenants) -> None:
    from portevoix.evidence.models import ManualEntry

    client = tenants.client("owner")
    bad = client.post(
        "/o/acme/evidence/figures/",
        {
            "entry_kind": "ssi",
            "ssi-kind": "ssi",
            "ssi-person": tenants.own_person.pk,
            "ssi-on": "2026-11-20",
            "ssi-brand": "30",
            "ssi-people": "10",
            "ssi-insights": "10",
            "ssi-relationships": "10",
        },
    )
    assert bad.status_code == 400
    assert not ManualEntry.objects.exists()
    good = client.post(
        "/o/acme/evidence/figures/",
        {
            "entry_kind": "ssi",
            "ssi-kind": "ssi",
            "ssi-person": tenants.own_person.pk,
            "ssi-on": "2026-11-20",
            "ssi-brand": "12.5",
            "ssi-people": "10",
            "ssi-insights": "8",
            "ssi-relationships": "11",
            "ssi-industry_rank": "Top 12%",
        },
    )
    assert good.status_code == 302
    entry = ManualEntry.objects.get()
    assert entry.data["total"] == 41.5
    assert entry.data["industry_rank"] == 12
    page = client.get(f"/o/acme/people/{tenants.own_person.pk}/").content.decode()
    assert 'data-testid="ssi"' in page
    review = client.post(
        "/o/acme/evidence/figures/",
        {
            "entry_kind": "review",
            "review-kind": "review",
            "review-on": "2026-11-20",
            "review-platform": "glassdoor",
            "review-overall_rating": "3.4",
            "review-ceo_approval": "61",
            "review-reviews": "14",
        },
    )
    assert review.status_code == 302
    assert ManualEntry.objects.get(kind="review").person is None


def test_company_page_indicators_show_on_the_overview(tenants: Tenants) -> None:
    import datetime

    from portevoix.evidence.selectors import company_indicators

    raw = (samples_dir() / "linkedin-page-2023" / "page-content.xls").read_bytes()
    evidence_import(organisation=tenants.org, person=None, source="linkedin-page", raw=raw, filename="p.xls")
    page = company_indicators(organisation=tenants.org, today=datetime.date(2025, 7, 29))
    assert page is not None
    assert page.impressions == 50998
    assert page.posts == 53
    assert page.engagement_rate is not None
    assert 0 < page.engagement_rate < 1
    assert page.earned_media_value is not None
    assert company_indicators(organisation=tenants.other) is None
    evidence_import(
        organisation=tenants.org,
        person=tenants.own_person,
        source="linkedin",
        raw=_linkedin(),
        filename="a.zip",
    )
    shared = company_indicators(organisation=tenants.org, today=datetime.date(2025, 7, 29))
    assert shared is not None
    assert shared.people_posts > 0
    assert shared.employee_share == shared.people_posts / (shared.people_posts + 53)
    # that export is more than a year old: the overview says so instead of hiding it (it used to
    # show nothing, which read as "nothing imported")
    overview = tenants.client("codir").get("/o/acme/").content.decode()
    assert 'data-testid="page-outside-period"' in overview
    assert "hors de cette période" in overview or "outside this period" in overview
    from django.utils import timezone

    DailyMetric.objects.create(
        organisation=tenants.org,
        network="linkedin",
        day=timezone.localdate(),
        metric="impressions",
        value=900,
    )
    body = tenants.client("codir").get("/o/acme/").content.decode()
    assert 'data-testid="company-page"' in body
