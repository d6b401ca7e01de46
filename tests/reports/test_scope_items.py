"""Issue 15, item by item, on a small organisation: declared vs observed, the person page, an old
page-analytics import, and the board pack's LinkedIn share tied to the results page."""

from __future__ import annotations

import datetime

from django.utils import timezone

from portevoix.evidence.models import DailyActivity, DailyMetric
from portevoix.reports.services import report_document
from portevoix.testing.campaigns import make_campaign, submit
from portevoix.testing.factories import make_person
from portevoix.testing.tenants import Tenants
from portevoix.usage.models import UsageEntry


def _activity(tenants: Tenants, person: object, days_ago: list[int]) -> None:
    today = timezone.localdate()
    for n in days_ago:
        DailyActivity.objects.create(
            organisation=tenants.org,
            person=person,
            network="linkedin",
            day=today - datetime.timedelta(days=n),
            posts=1,
        )


def _three_answers(tenants: Tenants) -> object:
    campaign = make_campaign(tenants.org)
    third = make_person(tenants.org, full_name="Nathalie Roux")
    for person, level in ((tenants.own_person, 0.9), (tenants.colleague, 0.4), (third, 0.6)):
        submit(campaign, "self", email=person.email, respondent=person, level=level)
    return campaign


def test_the_board_pack_linkedin_share_is_the_results_page_s(tenants: Tenants) -> None:
    """Only codir members count, by one "best status" rule (architecture review §4, mutation M5)."""
    campaign = _three_answers(tenants)
    employee = make_person(tenants.org, full_name="Employé Actif", is_codir=False)
    for person, status in (
        (tenants.own_person, "dormant"),
        (tenants.colleague, "active"),
        (employee, "active"),
    ):
        UsageEntry.objects.create(
            organisation=tenants.org, person=person, axis="company", network="linkedin", status=status
        )
    UsageEntry.objects.create(
        organisation=tenants.org,
        person=tenants.own_person,
        axis="talent",
        network="linkedin",
        status="occasional",
    )
    page = tenants.client("owner").get(f"/o/acme/diagnostic/{campaign.pk}/results/").context  # type: ignore[attr-defined]
    share = page["linkedin"]
    assert (share.members, share.active) == (2, 1)  # the employee is not a codir member
    board = report_document(organisation=tenants.org, kind="board", language="en")
    summary = " ".join(board.section("summary").bullets)
    # issue 17: the usage map's declared "active" is never set against the "posts at least monthly"
    # benchmark; without imported activity the summary gives the SME figure with its exact wording
    assert "active on LinkedIn" not in summary
    assert "inactive or not very active" in summary
    assert "posted at least once a month" not in board.section("benchmarks").message


def test_declared_and_observed_presence_are_both_shown_when_they_disagree(tenants: Tenants) -> None:
    campaign = _three_answers(tenants)
    UsageEntry.objects.create(
        organisation=tenants.org,
        person=tenants.own_person,
        axis="company",
        network="linkedin",
        status="occasional",
    )
    _activity(tenants, tenants.own_person, [400, 500])  # a digital cemetery
    owner = tenants.client("owner")
    results = owner.get(f"/o/acme/diagnostic/{campaign.pk}/results/")  # type: ignore[attr-defined]
    contradictions = results.context["contradictions"]
    assert [(c.leader.name, c.declared, c.observed) for c in contradictions] == [
        ("Hervé Codir", "occasional", "dormant")
    ]
    assert 'data-testid="contradictions"' in results.content.decode()
    usage = owner.get("/o/acme/usage/").content.decode()
    assert 'data-gap="leader_declared_observed"' in usage
    assert "Occasionnel" in usage
    board = report_document(organisation=tenants.org, kind="board", language="en")
    assert any("disagree on LinkedIn" in b for b in board.section("gaps").bullets)


def test_a_person_page_never_says_no_profile_when_activity_is_imported(tenants: Tenants) -> None:
    owner = tenants.client("owner")
    page = owner.get(f"/o/acme/people/{tenants.own_person.pk}/").content.decode()
    assert 'data-testid="no-profile"' in page
    _activity(tenants, tenants.own_person, [3, 10, 17])
    page = owner.get(f"/o/acme/people/{tenants.own_person.pk}/").content.decode()
    assert 'data-testid="no-profile"' not in page
    assert "Aucun profil public" not in page
    assert 'data-testid="profile-link-missing"' in page


def test_an_old_page_import_is_said_as_such_not_as_nothing_imported(tenants: Tenants) -> None:
    _three_answers(tenants)
    DailyMetric.objects.create(
        organisation=tenants.org,
        network="linkedin",
        day=timezone.localdate() - datetime.timedelta(days=800),
        metric="impressions",
        value=1200,
    )
    board = report_document(organisation=tenants.org, kind="board", language="en")
    missing = [m.what for m in board.section("employer_brand").missing]
    assert not any("No company page analytics imported" in m for m in missing)
    assert any("outside the period" in m for m in missing), missing
    # the board pack's method lists the import, and its scope names the period
    assert "activity from" in board.scope
    overview = tenants.client("owner").get("/o/acme/").content.decode()
    assert 'data-testid="page-outside-period"' in overview
