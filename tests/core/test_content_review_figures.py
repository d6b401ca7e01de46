"""The content review's table of figures (reviews/content-2026-12.md §2) as a test: each listed
figure is fixed, updated or gone."""

from __future__ import annotations

from pathlib import Path

from portevoix.core.figures import Figure, shipped_figures
from portevoix.core.objections import shipped_catalogue

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src/portevoix/data"


def _all() -> dict[str, Figure]:
    figures = {f.id: f for f in shipped_figures().figures}
    figures.update({f.id: f for f in shipped_catalogue().figures})
    return figures


def _uses(figure_id: str) -> set[str]:
    return {
        f"{entry.id}[{index}]"
        for entry in shipped_catalogue().entries
        for index, argument in enumerate(entry.counter_arguments)
        if figure_id in argument.figure_ids
    }


def _shipped_text() -> str:
    paths = [*DATA.glob("**/*.yaml"), *ROOT.glob("src/portevoix/**/templates/**/*.html")]
    return "\n".join(p.read_text(encoding="utf-8") for p in paths)


def test_removed_figures_are_gone_everywhere() -> None:
    figures = _all()
    # #30 MSLGroup +561 %: unverifiable; #18 Fortune 80 %: outdated and contradicted;
    # #22 Weber Shandwick 2013 and #23 49 % (2012): over eight years old, replaced by Brunswick 2022
    for gone in ("employee_reach", "fortune_ceo_presence", "executives_ceo_social", "ceo_reputation_share"):
        assert gone not in figures
    text = _shipped_text()
    for phrase in ("561", "MSLGroup", "Fortune Global 500", "sans incident", "without incident"):
        assert phrase not in text, phrase


def test_labels_say_what_the_sources_measured() -> None:
    f = _all()
    assert "inactifs ou peu actifs" in f["leaders_inactive"].label.fr  # #3
    assert f["leaders_inactive"].evidence == "self_declared"
    assert "déclar" in f["sme_active"].label.fr  # #2
    assert f["sme_competitive_advantage"].evidence == "opinion"  # #7
    assert "estiment" in f["sme_competitive_advantage"].label.fr
    assert "coûts de personnel inclus" in f["sme_spend_under_10k"].label.fr  # #9
    assert (f["micro_social_media"].data_year, f["micro_social_media"].year) == (2022, 2024)  # #10
    assert "étaient présents" in f["big_ceos_active"].label.fr  # #16
    assert f["big_ceos_active"].data_year == 2021
    assert "en 2022" in f["cac40_ceos_spoke"].label.fr  # #15
    assert (
        "Ensemble" in f["employee_connections"].label.en.title()
        or "ensemble" in f["employee_connections"].label.fr
    )
    assert "même contenu" in f["employee_ctr"].label.fr  # #26
    assert "presse financière" in f["financial_readers_trust"].label.fr  # #20
    for ssi in ("ssi_leaders_opportunities", "ssi_quota"):  # #24, #25
        assert f[ssi].population == "salespeople"
        assert "corrélation" in f[ssi].label.fr
        assert f[ssi].data_year == 2014
    assert f["strategy_connected_outcomes"].data_year == 2012  # #29
    assert (f["cac40_codir_monthly"].data_year, f["cac40_codir_monthly"].year) == (2025, 2026)  # #13


def test_updated_editions_replace_the_old_ones() -> None:
    f = _all()
    assert (
        f["sme_digital_benefit"].value,
        f["sme_digital_benefit"].sample,
        f["sme_digital_benefit"].year,
    ) == (
        78,
        11021,
        2025,
    )  # #12
    assert (f["candidates_research_ceo"].value, f["candidates_research_ceo"].year) == (82, 2022)  # #21
    assert (f["employees_prefer_connected_ceo"].value, f["employees_prefer_connected_ceo"].year) == (
        75,
        2022,
    )  # #19


def test_misused_figures_no_longer_support_those_sentences() -> None:
    # #14: the CEO/comex engagement ratio only backs "the number one's voice carries furthest"
    assert _uses("ceo_posts_engagement") == {"not_my_place[1]"}
    # #24: no SSI figure in answers about a leader's profile, skills or costs
    for ssi in ("ssi_leaders_opportunities", "ssi_quota"):
        assert _uses(ssi) <= {"roi[0]"}
    # #1, #3, #8, #9, #29: figures cited for sentences they do not show
    assert "word_of_mouth[1]" not in _uses("sme_present") or "acheteurs" not in _text("word_of_mouth", 1)
    assert not _uses("leaders_inactive")
    assert "skills_confidence[0]" not in _uses("sme_trained_staff")
    assert not _uses("sme_spend_under_10k")
    assert "internal_upskilling[0]" not in _uses("strategy_connected_outcomes")
    # #19: "s'exprime lui-même" is not what Brunswick measured
    assert "lui-même" not in _text("delegation", 1)


def _text(entry_id: str, index: int) -> str:
    return shipped_catalogue().get(entry_id).counter_arguments[index].text.fr


def test_recommendations_cite_their_figure_and_drop_unverifiable_claims() -> None:
    text = (DATA / "recommendations.yaml").read_text(encoding="utf-8")
    few_posts = text.split("id: few_posts", 1)[1].split("\n  - id:", 1)[0]
    assert "Story Jungle" in few_posts  # #13a (c): the figure with its source and year of data
    assert "données 2025" in few_posts
    assert "algorithme" not in text  # #37
    assert "algorithm" not in text
    assert "le plus la marque" not in text


def test_the_business_case_templates_show_no_earned_media_inside_the_npv() -> None:
    # #33, #34: no "$7 CPM" default, no earned media benefit, no figure cited for impressions
    roi = "\n".join(p.read_text(encoding="utf-8") for p in (DATA / "roi").glob("*.yaml"))
    assert "$7" not in roi
    assert "Dynamic Signal" not in roi
    assert "id: cpm" not in roi
    assert "id: earned_media" not in roi
    assert "Story Jungle" not in roi
