"""Evaluation (Forrester TEI conventions), payback, Monte Carlo, tornado, templates, report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portevoix.core.roi import (
    BusinessCase,
    evaluate_plan,
    load_case_data,
    load_case_file,
    payback_months,
    shipped_templates,
    simulate,
    tornado,
)
from portevoix.core.roi.engine import draw
from portevoix.core.roi.model import Distribution, load_case_text
from portevoix.core.roi.report import case_report
from portevoix.core.roi.templates import ROI_DIR
from tests.conftest import DATA_DIR

FORRESTER = DATA_DIR / "roi" / "forrester.yaml"
TEXT = {"fr": "x", "en": "x"}


def case_of(data: dict[str, Any]) -> BusinessCase:
    result = load_case_data({"id": "t", "name": TEXT, **data})
    assert result.case is not None, [str(p) for p in result.problems]
    return result.case


def line(line_id: str, **amounts: Any) -> dict[str, Any]:
    return {"id": line_id, "label": TEXT, **amounts}


def test_forrester_worked_example() -> None:
    result = load_case_file(FORRESTER)
    assert result.case is not None
    evaluation = evaluate_plan(result.case)
    assert evaluation.pv_costs.quantize(Decimal("0.01")) == Decimal("22434.26")
    assert evaluation.pv_benefits.quantize(Decimal("0.01")) == Decimal("37302.78")
    assert evaluation.npv.quantize(Decimal("0.01")) == Decimal("14868.52")
    assert evaluation.roi is not None
    assert round(evaluation.roi * 100) == 66
    assert evaluation.payback_months == 12
    assert [p.net for p in evaluation.periods] == [-10000, 10000, 10000, 10000]
    assert evaluation.periods[0].discount_factor == 1  # the initial period is not discounted
    assert evaluation.periods[2].discount_factor == Decimal(1) / Decimal("1.21")


def test_risk_adjustment_lowers_benefits_and_raises_costs() -> None:
    case = case_of(
        {
            "horizon_years": 1,
            "discount_rate": 0,
            "benefits": [line("b", years=[1000], risk=0.2)],
            "costs": [line("c", years=[500], risk=0.1)],
        }
    )
    evaluation = evaluate_plan(case)
    assert evaluation.periods[1].benefits == 800
    assert evaluation.periods[1].costs == 550
    assert evaluation.npv == 250
    assert evaluation.lines[0].amounts == (0, 1000)


def test_drivers_formulas_and_the_year() -> None:
    case = case_of(
        {
            "inputs": [
                {"id": "leads", "label": TEXT, "value": 100},
                {"id": "conversion", "label": TEXT, "value": 0.1},
                {"id": "margin", "label": TEXT, "value": 5000},
                {"id": "deals", "label": TEXT, "formula": "leads * conversion * min(year, 2) / 2"},
            ],
            "benefits": [line("margin_won", formula="deals * margin")],
            "costs": [line("tools", initial="margin / 5", years=[1000, 1000, 1000])],
        }
    )
    evaluation = evaluate_plan(case)
    assert [p.benefits for p in evaluation.periods] == [0, 25000, 50000, 50000]
    assert evaluation.periods[0].costs == 1000
    assert [v["deals"] for v in evaluation.input_values] == [0, 5, 10, 10]


def test_payback_is_counted_in_months_of_evenly_spread_years() -> None:
    assert payback_months([Decimal(-10000), Decimal(10000), Decimal(10000)]) == 12
    assert payback_months([Decimal(-6000), Decimal(12000)]) == 6
    assert payback_months([Decimal(-6001), Decimal(12000)]) == 7
    assert payback_months([Decimal(-30000), Decimal(12000), Decimal(12000)]) is None  # not within horizon
    assert payback_months([Decimal(0), Decimal(1000)]) == 0
    # a first year at a loss: payback once the cumulative flow stays at or above zero
    assert payback_months([Decimal(0), Decimal(-1200), Decimal(2400)]) == 18


def test_roi_is_undefined_without_costs() -> None:
    case = case_of({"benefits": [line("b", years=[1, 1, 1])], "costs": [line("c", years=[0, 0, 0])]})
    assert evaluate_plan(case).roi is None


@settings(max_examples=40, deadline=None)
@given(
    setup=st.integers(0, 50_000),
    cost=st.integers(0, 20_000),
    benefit=st.integers(0, 60_000),
    factor=st.integers(1, 9),
)
def test_scaling_every_amount_scales_the_npv_and_keeps_the_roi(
    setup: int, cost: int, benefit: int, factor: int
) -> None:
    def build(k: int) -> BusinessCase:
        return case_of(
            {
                "benefits": [line("b", years=[benefit * k] * 3)],
                "costs": [line("c", initial=setup * k, years=[cost * k] * 3)],
            }
        )

    one, many = evaluate_plan(build(1)), evaluate_plan(build(factor))
    assert abs(many.npv - one.npv * factor) < Decimal("0.000001")
    assert (one.roi is None) == (many.roi is None)
    if one.roi is not None and many.roi is not None:
        assert abs(one.roi - many.roi) < Decimal("0.000001")
    assert one.payback_months == many.payback_months


def _uncertain_case() -> BusinessCase:
    return case_of(
        {
            "inputs": [
                {
                    "id": "leads",
                    "label": TEXT,
                    "value": 100,
                    "distribution": {"kind": "triangular", "min": 50, "mode": 100, "max": 200},
                },
                {
                    "id": "margin",
                    "label": TEXT,
                    "value": 900,
                    "distribution": {"kind": "pert", "min": 500, "mode": 900, "max": 1500},
                },
                {
                    "id": "hours",
                    "label": TEXT,
                    "value": 100,
                    "distribution": {"kind": "normal", "mean": 100, "sd": 20, "min": 60, "max": 160},
                },
                {
                    "id": "rate",
                    "label": TEXT,
                    "value": 50,
                    "distribution": {"kind": "uniform", "min": 40, "max": 60},
                },
            ],
            "benefits": [line("won", formula="leads * margin")],
            "costs": [line("time", initial=20000, formula="hours * rate")],
        }
    )


def test_monte_carlo_is_seeded_and_its_percentiles_are_ordered() -> None:
    case = _uncertain_case()
    first = simulate(case, draws=20_000, seed=7).summary()
    again = simulate(case, draws=20_000, seed=7).summary()
    other = simulate(case, draws=20_000, seed=8).summary()
    assert first == again
    assert first != other
    assert first["npv_p10"] < first["npv_p50"] < first["npv_p90"]
    assert first["roi_p10"] < first["roi_p50"] < first["roi_p90"]
    assert 0 < first["probability_roi_positive"] <= 1
    assert first["simulations"] == 20_000
    histogram = simulate(case, draws=20_000, seed=7).histogram()
    assert sum(count for _start, _end, count in histogram) == 20_000


def test_monte_carlo_of_a_certain_case_is_its_plan() -> None:
    case = load_case_file(FORRESTER).case
    assert case is not None
    summary = simulate(case, draws=100, seed=1).summary()
    assert summary["npv_p10"] == summary["npv_p90"] == pytest.approx(14868.52, abs=0.01)
    assert summary["probability_roi_positive"] == 1


def test_draws_respect_their_distribution() -> None:
    rng = np.random.default_rng(3)
    pert = draw(Distribution("pert", 0.0, 12.0, mode=3.0), 200_000, rng)
    assert pert.min() >= 0
    assert pert.max() <= 12
    assert pert.mean() == pytest.approx((0 + 4 * 3 + 12) / 6, abs=0.05)
    triangular = draw(Distribution("triangular", 1.0, 4.0, mode=2.0), 200_000, rng)
    assert triangular.mean() == pytest.approx(7 / 3, abs=0.02)
    normal = draw(Distribution("normal", 90.0, 130.0, mean=100.0, sd=20.0), 100_000, rng)
    assert normal.min() >= 90
    assert normal.max() <= 130
    uniform = draw(Distribution("uniform", -1.0, 1.0), 100_000, rng)
    assert uniform.mean() == pytest.approx(0, abs=0.02)


def test_tornado_moves_one_input_at_a_time_widest_first() -> None:
    case = _uncertain_case()
    bars = tornado(case)
    assert next(bar.input_id for bar in bars) in ("leads", "margin")
    assert [bar.swing for bar in bars] == sorted((bar.swing for bar in bars), reverse=True)
    leads = next(bar for bar in bars if bar.input_id == "leads")
    assert (leads.low, leads.high) == (50, 200)
    assert leads.npv_high == evaluate_plan(case, values={"leads": Decimal(200)}).npv
    assert leads.npv_low < evaluate_plan(case).npv < leads.npv_high


def test_actual_overrides_replace_one_period() -> None:
    case = _uncertain_case()
    plan = evaluate_plan(case)
    actual = evaluate_plan(case, overrides={1: {"leads": Decimal(150)}})
    assert actual.periods[1].benefits == 150 * 900
    assert actual.periods[2].benefits == plan.periods[2].benefits


@pytest.mark.parametrize(
    "template_id", ["social_selling", "employer_brand", "executive_visibility", "acculturation"]
)
def test_shipped_templates_load_and_evaluate(template_id: str) -> None:
    case = shipped_templates()[template_id]
    assert case.horizon == 3
    assert case.spec.discount_rate == 0.10
    assert case.uncertain_inputs
    assert case.indicators
    summary = simulate(case, draws=2000, seed=1).summary()
    assert summary["npv_p10"] <= summary["npv_p90"]
    # issue 17 §2: no CPM default and no earned media inside the NPV; reach is an indicator beside it
    assert "cpm" not in case.inputs
    assert not [line for line in case.benefits() if "earned" in line.id]
    if template_id != "social_selling":  # the three templates that counted earned media
        assert any(i.id == "organic_reach" for i in case.indicators)
    for item in case.inputs.values():  # money defaults that drive the result say they are assumptions
        if item.spec.unit == "money" and item.spec.formula is None:
            assert item.spec.source, item.id
            assert "Hypothèse" in item.spec.source or "vérifier" in item.spec.source, item.id


def test_social_selling_labels_the_ssi_uplift_as_an_assumption() -> None:
    uplift = shipped_templates()["social_selling"].inputs["opportunity_uplift"]
    assert uplift.spec.source is not None
    assert "Hypothèse" in uplift.spec.source
    assert "corrélation" in uplift.spec.source


def test_figures_are_no_longer_cited_for_what_they_do_not_measure() -> None:
    # review §2 #13a (d) and #34: a CAC 40 figure is neither an adoption rate nor impressions per post
    templates = shipped_templates()
    adoption = templates["acculturation"].inputs["adoption"].spec
    impressions = templates["executive_visibility"].inputs["impressions_per_post"].spec
    for spec in (adoption, impressions):
        assert "Story Jungle" not in (spec.source or "")
        assert spec.help is None


def test_an_earned_media_benefit_is_refused_in_the_npv() -> None:
    text = (ROI_DIR / "employer_brand.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "costs:\n",
        '  - id: reach_value\n    label: {fr: "Valeur", en: "Value"}\n'
        '    formula: "impressions / 1000 * cpm"\ncosts:\n',
        1,
    ).replace(
        "inputs:\n",
        'inputs:\n  - id: cpm\n    label: {fr: "CPM", en: "CPM"}\n    unit: money\n    value: 7\n',
        1,
    )
    result = load_case_text(text, source="employer_brand.yaml")
    assert result.case is None
    assert any(
        p.code == "earned_media_in_npv" and p.params["id"] == "reach_value" and p.line
        for p in result.problems
    ), result.problems


def test_report_has_the_keys_of_the_issue() -> None:
    case = _uncertain_case()
    report = case_report(case, language="en", simulations=1000, seed=1, indicator_values={})
    for key in (
        "pv_benefits",
        "pv_costs",
        "npv",
        "roi",
        "payback_months",
        "periods",
        "npv_p10",
        "npv_p50",
        "npv_p90",
        "roi_p10",
        "roi_p50",
        "roi_p90",
        "probability_roi_positive",
        "histogram",
        "tornado",
        "indicators",
    ):
        assert key in report
    assert len(report["periods"]) == 4
