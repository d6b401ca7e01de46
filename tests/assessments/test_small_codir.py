"""A codir aggregate of two answers would be each member's window on the other's: it is shown, to
whoever may not see every member, from three self-assessments (ANONYMITY_FLOOR)."""

from __future__ import annotations

from portevoix.assessments.exports import results_json
from portevoix.assessments.results import campaign_results
from portevoix.reports.services import report_document
from portevoix.testing.campaigns import make_campaign, submit
from portevoix.testing.factories import make_person
from portevoix.testing.tenants import Tenants


def _two_answers(tenants: Tenants, **options: object) -> object:
    campaign = make_campaign(tenants.org, **options)
    submit(campaign, "self", email="herve@acme.example", respondent=tenants.own_person, level=0.9)
    submit(campaign, "self", email="sophie@acme.example", respondent=tenants.colleague, level=0.1)
    return campaign


def _url(tenants: Tenants, campaign: object) -> str:
    return f"/o/{tenants.org.slug}/diagnostic/{campaign.pk}/results/"  # type: ignore[attr-defined]


def test_a_codir_member_reads_no_aggregate_of_two_answers_the_admin_does(tenants: Tenants) -> None:
    campaign = _two_answers(tenants)
    member = tenants.client("codir").get(_url(tenants, campaign))
    assert member.status_code == 200
    assert member.context["codir"] is None
    assert member.context["codir_hidden"] == {"count": 2, "minimum": 3}
    assert "spreads" not in member.context
    assert "alignment" not in member.context["charts"]
    page = member.content.decode()
    assert 'data-testid="codir-hidden"' in page
    assert 'data-testid="codir-person-score"' not in page
    # the admin, who sees each member anyway, keeps the aggregate
    admin = tenants.client("owner").get(_url(tenants, campaign))
    assert admin.context["codir"] is not None
    assert "codir_hidden" not in admin.context


def test_the_third_answer_or_shared_results_show_the_aggregate(tenants: Tenants) -> None:
    campaign = _two_answers(tenants)
    third = make_person(tenants.org, full_name="Nathalie Roux")
    submit(campaign, "self", email=third.email, respondent=third, level=0.5)
    assert tenants.client("codir").get(_url(tenants, campaign)).context["codir"] is not None
    shared = _two_answers(tenants, name="Diagnostic partagé", share_individual_results=True)
    assert tenants.client("codir").get(_url(tenants, shared)).context["codir"] is not None


def test_the_api_gives_a_restricted_viewer_no_aggregate_of_two(tenants: Tenants) -> None:
    campaign = _two_answers(tenants)
    results = campaign_results(campaign)  # type: ignore[arg-type]
    assert results_json(results, visible={tenants.own_person.pk})["codir"] is None
    assert results_json(results)["codir"] is not None


def test_the_figures_endpoint_gives_a_restricted_viewer_no_aggregate_of_two(tenants: Tenants) -> None:
    campaign = _two_answers(tenants)
    url = f"/api/organisations/acme/campaigns/{campaign.pk}/figures"  # type: ignore[attr-defined]
    member = tenants.client("codir").get(url).json()
    assert member["codir"] is None
    assert member["scope"]["codir_answered"] == 2
    admin = tenants.client("owner").get(url).json()
    assert admin["codir"]["answers"] == 2
    assert "Sophie" not in str(member)


def test_reports_say_why_the_codir_is_not_shown_instead_of_a_colleague_s_scores(tenants: Tenants) -> None:
    _two_answers(tenants)
    board = report_document(organisation=tenants.org, kind="board", language="fr")
    maturity = board.section("maturity")
    assert maturity.empty
    assert "à partir de 3 autoévaluations" in maturity.missing[0].what
    leader = report_document(
        organisation=tenants.org, kind="leader", language="fr", person=tenants.own_person
    )
    scores = leader.section("leader_scores")
    assert scores.charts == []
    assert "à partir de 3 autoévaluations" in scores.missing[0].what
    median_column = [c.key for c in scores.tables[0].columns].index("median")
    assert {row[median_column] for row in scores.tables[0].rows} == {None}
