"""Declared maturity beside observed activity, on the results page."""

from __future__ import annotations

import datetime

from django.utils import timezone

from portevoix.core.evidence.indicators import indicator_values
from portevoix.evidence.models import DailyActivity, EvidenceImport, ProfileSnapshot
from portevoix.evidence.selectors import person_indicators
from portevoix.testing.campaigns import make_campaign, submit
from portevoix.testing.tenants import Tenants


def _activity(tenants: Tenants, person: object, days_ago: list[int], **counts: int) -> None:
    today = timezone.localdate()
    for n in days_ago:
        DailyActivity.objects.create(
            organisation=tenants.org,
            person=person,
            network="linkedin",
            day=today - datetime.timedelta(days=n),
            **counts,
        )


def _snapshot(tenants: Tenants, person: object, **data: object) -> None:
    batch = EvidenceImport.objects.create(
        organisation=tenants.org, person=person, source="linkedin", filename="archive.zip", sha256="x"
    )
    ProfileSnapshot.objects.create(
        organisation=tenants.org,
        person=person,
        network="linkedin",
        taken_at=timezone.now(),
        data=data,
        source_import=batch,
    )


def test_indicators_need_evidence(tenants: Tenants) -> None:
    assert person_indicators(organisation=tenants.org, person=tenants.own_person) is None
    _activity(tenants, tenants.own_person, [400], posts=2)
    indicators = person_indicators(organisation=tenants.org, person=tenants.own_person)
    assert indicators is not None
    assert indicators.digital_cemetery
    values = indicator_values(indicators)
    assert values["regularity"] == 0
    assert values["recency_days"] == 400


def test_results_show_say_do_gap_and_digital_cemetery(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    submit(campaign, "self", email="herve@acme.example", respondent=tenants.own_person, level=1.0)
    submit(campaign, "self", email="sophie@acme.example", respondent=tenants.colleague, level=0.3)
    _activity(tenants, tenants.own_person, [200, 260, 300], posts=1)
    _snapshot(tenants, tenants.own_person, headline="", summary="", positions=[], has_photo=None)
    _activity(tenants, tenants.colleague, list(range(0, 364, 7)), posts=1, comments=2, reactions=5)
    _snapshot(tenants, tenants.colleague, headline="DAF", summary="…", positions=[{"finished_on": None}])
    response = tenants.client("owner").get(f"/o/acme/diagnostic/{campaign.pk}/results/")
    say_do = {m.leader.name: m for m in response.context["say_do"]}
    assert response.context["say_do_codir"][0].declared is not None
    herve = {row.dimension_id: row for row in say_do["Hervé Codir"].rows}
    assert herve["engagement"].declared > 80
    assert herve["engagement"].observed < 10  # three posts in a year, silent for months
    assert herve["engagement"].gap > 80
    sophie = {row.dimension_id: row for row in say_do["Sophie Collègue"].rows}
    assert sophie["engagement"].observed > 70
    assert [p.name for p in response.context["cemetery"]] == ["Hervé Codir"]
    assert "say_do" in response.context["charts"]
    assert 'data-testid="cemetery"' in response.content.decode()


def test_codir_member_sees_only_own_say_do(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    submit(campaign, "self", email="herve@acme.example", respondent=tenants.own_person, level=1.0)
    submit(campaign, "self", email="sophie@acme.example", respondent=tenants.colleague, level=0.3)
    _activity(tenants, tenants.colleague, [1], posts=1)
    _activity(tenants, tenants.own_person, [1], posts=1)
    response = tenants.client("codir").get(f"/o/acme/diagnostic/{campaign.pk}/results/")
    assert [m.leader.name for m in response.context["say_do"]] == ["Hervé Codir"]
    assert response.context["say_do_codir"] is None  # one leader shown: no codir row to read her from


def test_results_show_employer_reviews_and_the_evidence_behind_say_do(tenants: Tenants) -> None:
    from portevoix.evidence.models import ManualEntry

    campaign = make_campaign(tenants.org)
    submit(campaign, "self", email="herve@acme.example", respondent=tenants.own_person, level=0.8)
    _activity(tenants, tenants.own_person, [3, 10], posts=1)
    ManualEntry.objects.create(
        organisation=tenants.org,
        kind="review",
        on="2026-10-01",
        data={"platform": "glassdoor", "overall_rating": 3.2, "reviews": 14, "ceo_approval": 58},
    )
    ManualEntry.objects.create(
        organisation=tenants.org,
        kind="review",
        on="2025-10-01",
        data={"platform": "glassdoor", "overall_rating": 2.9, "reviews": 9, "ceo_approval": None},
    )
    response = tenants.client("owner").get(f"/o/acme/diagnostic/{campaign.pk}/results/")
    assert [r.rating for r, _site in response.context["reviews"]] == [3.2]
    body = response.content.decode()
    assert 'data-testid="employer-reviews"' in body
    assert 'data-testid="say-do-evidence"' in body
