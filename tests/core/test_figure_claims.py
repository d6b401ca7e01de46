"""The claim model for figures: each use states the claim it supports, and the loaders refuse a use
of another kind than its figure (issue 17 §1; docs/decisions/0018-figures-and-claims.md)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from portevoix.core.errors import ProblemsError
from portevoix.core.figures import load_figures, shipped_figures
from portevoix.core.objections import load_catalogue_bytes, shipped_catalogue

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "src/portevoix/data/objections/catalogue.yaml"
FIGURES = ROOT / "src/portevoix/data/figures.yaml"


def _catalogue(old: str, new: str) -> tuple[str, list[str]]:
    text = CATALOGUE.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    catalogue, problems = load_catalogue_bytes(text.encode(), source="catalogue.yaml")
    assert catalogue is None
    return text, [p.render() for p in problems]


def _line(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_shipped_catalogue_and_figures_pass_every_claim_check() -> None:
    assert shipped_catalogue().entries
    assert shipped_figures().figures


def test_an_opinion_cited_as_an_outcome_is_refused() -> None:
    # 63 % of SME leaders *believe* an active presence is an advantage: not an observed outcome
    old = "{id: sme_competitive_advantage, claim: {evidence: opinion,"
    text, rendered = _catalogue(old, "{id: sme_competitive_advantage, claim: {evidence: observed,")
    line = _line(text, "{id: sme_competitive_advantage, claim: {evidence: observed,")
    assert any(
        r.startswith(f"catalogue.yaml:{line}:")
        and "evidence of kind opinion: it cannot support a claim of kind observed" in r
        for r in rendered
    ), rendered


def test_a_sales_population_cited_for_executives_is_refused() -> None:
    old = "{id: ssi_leaders_opportunities, claim: {evidence: self_declared, about: salespeople}}"
    new = "{id: ssi_leaders_opportunities, claim: {evidence: self_declared, about: leaders}}"
    _text, rendered = _catalogue(old, new)
    assert any(
        "was measured on salespeople: it cannot support a claim about leaders" in r for r in rendered
    ), rendered


def test_a_global_figure_cited_as_french_is_refused() -> None:
    old = "{id: employees_prefer_connected_ceo, claim: {evidence: opinion, about: employees}}"
    new = old.replace("about: employees}", "about: employees, geography: france}")
    _text, rendered = _catalogue(old, new)
    assert any("is not French (geography: global)" in r for r in rendered), rendered


def test_an_undated_figure_is_refused() -> None:
    text = CATALOGUE.read_text(encoding="utf-8")
    block = text.index("  - id: sme_digital_benefit")
    dated = text.index("    data_year: 2025\n", block)
    broken = text[:dated] + "    data_year: null\n" + text[dated + len("    data_year: 2025\n") :]
    catalogue, problems = load_catalogue_bytes(broken.encode(), source="catalogue.yaml")
    assert catalogue is None
    assert any("“sme_digital_benefit” has no year of data" in p.render() for p in problems)


def test_a_figure_over_eight_years_old_without_its_label_is_refused(tmp_path: Path) -> None:
    text = FIGURES.read_text(encoding="utf-8")
    # the SSI figure has 2014 data: without its "outdated" label it is refused, with its line
    start = text.index("  - id: ssi_leaders_opportunities")
    label = text[
        text.index("    outdated:", start) : text.index("\n", text.index("    outdated:", start)) + 1
    ]
    assert "2014" in label
    path = tmp_path / "figures.yaml"
    path.write_text(text.replace(label, "", 1), encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_figures(path, today=datetime.date(2026, 12, 4))
    rendered = [p.render() for p in caught.value.problems]
    assert any(
        re.match(r"figures\.yaml:\d+: .*“ssi_leaders_opportunities” has data 12 years old", r)
        for r in rendered
    ), rendered
    # the same file is accepted the year its data are exactly eight years old
    assert load_figures(path, today=datetime.date(2022, 1, 1)).get("ssi_leaders_opportunities")


def test_every_figure_shown_prints_its_source_and_year_of_data() -> None:
    catalogue = shipped_catalogue()
    for figure in [*shipped_figures().figures, *catalogue.figures]:
        for language, word in (("fr", "données"), ("en", "data")):
            citation = figure.citation(language)
            assert figure.publisher in citation
            assert f"{word} {figure.data_year}" in citation
            if figure.is_outdated():
                assert figure.outdated is not None
                assert figure.outdated.get(language) in citation


def test_the_monthly_posting_share_counts_leaders_at_one_post_a_month_or_more() -> None:
    from portevoix.core.usage import posting_share

    share = posting_share([0.0, 0.99, 1.0, 4.5])
    assert (share.members, share.monthly, share.percent) == (4, 2, 50.0)
    assert posting_share([]).percent is None


def test_every_benchmark_used_in_code_supports_its_claim() -> None:
    from portevoix.core.figures import CODE_USES, benchmark_figure

    for use in CODE_USES:
        assert benchmark_figure(use.figure).id == use.figure
