"""The gaps of the usage map: a pure function of the recorded cells and the priorities."""

from __future__ import annotations

from portevoix.core.usage import Gap, Member, best_status, find_gaps, network_summary, priority_axes
from portevoix.core.vocabulary import AXES

ALL_AXES_ACTIVE = {(axis, "linkedin"): "active" for axis in AXES}


def codes(gaps: list[Gap]) -> list[str]:
    return [gap.code for gap in gaps]


def test_a_company_active_everywhere_has_no_gap() -> None:
    assert find_gaps(company=ALL_AXES_ACTIVE, priorities=["recruitment", "brand"]) == []


def test_an_empty_map_says_so_once_instead_of_four_axis_gaps() -> None:
    gaps = find_gaps(company={}, priorities=["recruitment"])
    assert codes(gaps) == ["company_not_recorded"]
    assert gaps[0].severity == "info"


def test_an_axis_without_an_active_network_is_a_gap_whatever_its_other_cells() -> None:
    company = {**ALL_AXES_ACTIVE, ("competition", "linkedin"): "occasional", ("competition", "x"): "dormant"}
    gaps = find_gaps(company=company)
    axis_gaps = [g for g in gaps if g.code == "axis_inactive"]
    assert [(g.axis, g.severity) for g in axis_gaps] == [("competition", "medium")]


def test_an_axis_with_nothing_recorded_is_a_gap_too() -> None:
    company = {("company", "linkedin"): "active"}
    gaps = find_gaps(company=company)
    assert [g.axis for g in gaps if g.code == "axis_inactive"] == ["customers", "competition", "talent"]


def test_a_priority_axis_without_active_network_is_a_high_gap_with_the_networks_to_reuse() -> None:
    company = {
        ("company", "linkedin"): "active",
        ("customers", "linkedin"): "active",
        ("company", "youtube"): "active",
        ("talent", "glassdoor"): "occasional",
        ("competition", "linkedin"): "active",
    }
    gaps = find_gaps(company=company, priorities=["recruitment"])
    assert codes(gaps) == ["priority_axis_inactive"]
    gap = gaps[0]
    assert (gap.axis, gap.priorities, gap.severity) == ("talent", ("recruitment",), "high")
    assert gap.networks == ("linkedin", "youtube")  # catalogue order
    assert gap.cells == (("talent", "linkedin"), ("talent", "youtube"))
    assert "LinkedIn, YouTube" in gap.hint()
    assert "Recruitment and employer brand" in gap.message()


def test_priorities_map_to_their_axes() -> None:
    assert priority_axes(["brand"]) == {"company": ("brand",), "competition": ("brand",)}
    assert priority_axes(["customer_relationship", "lead_generation", "investor_relations"]) == {
        "customers": ("lead_generation", "customer_relationship")
    }
    assert priority_axes(["transformation"]) == {}


def test_two_priorities_on_one_axis_make_one_gap() -> None:
    company = {(axis, "linkedin"): "active" for axis in AXES if axis != "customers"}
    gaps = find_gaps(company=company, priorities=["customer_relationship", "lead_generation"])
    assert codes(gaps) == ["priority_axis_inactive"]
    assert gaps[0].priorities == ("lead_generation", "customer_relationship")


def test_brand_priority_covers_company_and_competition() -> None:
    company = {("customers", "instagram"): "active", ("talent", "linkedin"): "active"}
    gaps = find_gaps(company=company, priorities=["brand"])
    assert [(g.code, g.axis) for g in gaps] == [
        ("priority_axis_inactive", "company"),
        ("priority_axis_inactive", "competition"),
    ]


def test_a_dormant_company_account_is_a_gap_per_network_with_its_cells() -> None:
    company = {**ALL_AXES_ACTIVE, ("company", "x"): "dormant", ("customers", "x"): "dormant"}
    gaps = find_gaps(company=company)
    assert codes(gaps) == ["company_account_dormant"]
    assert gaps[0].networks == ("x",)
    assert gaps[0].cells == (("company", "x"), ("customers", "x"))
    assert gaps[0].message().startswith("The company’s X account is dormant")


def test_a_leader_absent_or_dormant_on_linkedin_is_a_gap() -> None:
    members = [
        Member("p1", "Hervé", {("company", "linkedin"): "dormant", ("customers", "linkedin"): "absent"}),
        Member("p2", "Patrick", {("company", "linkedin"): "absent"}),
        Member("p3", "Thomas", {("company", "linkedin"): "dormant", ("customers", "linkedin"): "active"}),
        Member("p4", "Sophie", {}),  # not recorded is not absent
        Member("p5", "Claire", {("company", "x"): "absent"}),  # only LinkedIn counts for leaders
    ]
    gaps = find_gaps(company=ALL_AXES_ACTIVE, members=members)
    assert [(g.code, g.person) for g in gaps] == [
        ("leader_linkedin_dormant", "p1"),
        ("leader_linkedin_absent", "p2"),
    ]
    assert gaps[0].cells == (("company", "linkedin"),)
    assert gaps[0].message() == (
        "Hervé’s LinkedIn profile is dormant: a digital cemetery, the first thing to show them."
    )
    assert gaps[1].message() == "Patrick is absent from LinkedIn."


def test_priority_gaps_come_first_then_the_members() -> None:
    gaps = find_gaps(
        company={("company", "linkedin"): "active", ("company", "x"): "dormant"},
        members=[Member("p1", "Hervé", {("company", "linkedin"): "absent"})],
        priorities=["recruitment"],
    )
    assert [(g.code, g.axis) for g in gaps] == [
        ("priority_axis_inactive", "talent"),
        ("axis_inactive", "customers"),
        ("axis_inactive", "competition"),
        ("company_account_dormant", None),
        ("leader_linkedin_absent", None),
    ]


def test_company_gaps_come_before_members_gaps() -> None:
    gaps = find_gaps(
        company={("company", "linkedin"): "active"},
        members=[Member("p1", "Hervé", {("company", "linkedin"): "absent"})],
        priorities=["lead_generation"],
    )
    assert codes(gaps)[0] == "priority_axis_inactive"
    assert codes(gaps)[-1] == "leader_linkedin_absent"


def test_messages_go_through_the_translation_function() -> None:
    gaps = find_gaps(company={("company", "linkedin"): "active"}, priorities=["recruitment"])
    gap = next(g for g in gaps if g.code == "priority_axis_inactive")
    catalogue = {
        "No active network on the axis “{axis}”, which your strategic priorities depend on: "
        "{priorities}.": "Rien d’actif sur l’axe « {axis} » : {priorities}.",
        "Teams and candidates: employer brand": "Équipes et candidats",
        "Recruitment and employer brand": "Recrutement",
    }
    assert (
        gap.message(lambda s: catalogue.get(s, s))
        == "Rien d’actif sur l’axe « Équipes et candidats » : Recrutement."
    )
    broken = {**catalogue, next(iter(catalogue)): "{oops}"}
    assert "Teams and candidates" not in gap.message(lambda s: broken.get(s, s))  # falls back to English
    assert gap.message(lambda s: broken.get(s, s)).startswith("No active network")


def test_best_status_and_network_summary() -> None:
    assert best_status(["absent", "occasional", "dormant"]) == "occasional"
    assert best_status([]) is None
    assert best_status(["bogus"]) is None
    cells = {
        ("company", "linkedin"): "dormant",
        ("customers", "linkedin"): "active",
        ("talent", "x"): "absent",
    }
    assert network_summary(cells) == {"linkedin": "active", "x": "absent"}
