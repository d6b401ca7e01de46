"""Generated reports are personal data too: erasure deletes their files, the audit log their downloads."""

from __future__ import annotations

from portevoix.privacy.erasure import organisation_erase, person_erase
from portevoix.privacy.models import AuditAction, AuditEntry
from portevoix.reports.models import Report
from portevoix.storage import reports, save_exact
from portevoix.tenancy.models import Organisation, Person
from portevoix.testing.tenants import Tenants


def _stored(
    organisation: Organisation, key: str, person: Person | None = None, mentions: list[int] | None = None
) -> Report:
    save_exact(reports(), key, b"%PDF-1.7 test")
    return Report.objects.create(
        mentions=mentions,
        organisation=organisation,
        person=person,
        kind="leader" if person else "board",
        format="pdf",
        language="fr",
        status="done",
        stored_file=key,
    )


def test_erasing_a_leader_deletes_their_reports_and_those_naming_them(
    organisation: Organisation, person: Person
) -> None:
    colleague = Person.objects.create(
        organisation=organisation, full_name="Sophie Autre", email="s@x.example"
    )
    _stored(organisation, "leaderfile", person, mentions=[person.pk])
    naming = _stored(organisation, "namingfile", mentions=[person.pk, colleague.pk])
    older = _stored(organisation, "olderfile")  # made before names were recorded: may name anybody
    _stored(organisation, "boardfile", mentions=[colleague.pk])
    _stored(organisation, "otherleaderfile", colleague, mentions=[colleague.pk, person.pk])
    person_erase(person=person)
    for gone in ("leaderfile", "namingfile", "olderfile", "otherleaderfile"):
        assert not reports().exists(gone), gone
    assert reports().exists("boardfile")
    # The rows go with the files: no page lists a report as ready whose file is gone.
    assert not Report.objects.filter(pk__in=[naming.pk, older.pk]).exists()
    assert list(Report.objects.values_list("stored_file", flat=True)) == ["boardfile"]
    organisation_erase(organisation=organisation)
    assert not reports().exists("boardfile")


def test_a_report_download_is_in_the_audit_log(tenants: Tenants) -> None:
    report = _stored(tenants.org, "auditedfile")
    response = tenants.client("owner").get(f"/o/{tenants.org.slug}/reports/{report.pk}/download/")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.REPORT_DOWNLOAD)
    assert entry.organisation == tenants.org
    assert entry.details["kind"] == "board"


def test_board_pack_shows_no_lowest_highest_nor_levels_of_a_small_unshared_codir(tenants: Tenants) -> None:
    """UX review 2026-12, P4: the codir reads the board pack; the same rule as its results page."""
    from portevoix.reports.context import ReportContext
    from portevoix.reports.sections.board import maturity
    from portevoix.testing.campaigns import make_campaign, submit
    from portevoix.testing.factories import make_person

    campaign = make_campaign(tenants.org)
    third = make_person(tenants.org, full_name="Paul Tiers", email="paul@acme.example", is_codir=True)
    for email, person in (
        ("herve@acme.example", tenants.own_person),
        ("sophie@acme.example", tenants.colleague),
        ("paul@acme.example", third),
    ):
        submit(campaign, "self", email=email, respondent=person)

    def shown() -> tuple[set[str], set[str]]:
        section = maturity(ReportContext(organisation=tenants.org, kind="board", language="fr"))
        columns = {c.key for table in section.tables for c in table.columns}
        return columns, {chart.id for chart in section.charts}

    columns, charts = shown()
    assert {"minimum", "maximum", "median"}.isdisjoint(columns)
    assert {"levels", "alignment"}.isdisjoint(charts)
    assert "mean" in columns
    campaign.share_individual_results = True
    campaign.save()
    columns, charts = shown()
    assert {"minimum", "maximum", "median"} <= columns
    assert "levels" in charts
