"""Business-case charts: their data, and that Vega really renders them."""

from __future__ import annotations

import json

import vl_convert

from portevoix.core.charts import fixed_width
from portevoix.core.charts.roi import cash_flow_waterfall, npv_histogram, tornado_chart


def _svg(spec: dict[str, object]) -> str:
    return vl_convert.vegalite_to_svg(fixed_width(spec, 640), format_locale="fr-FR")


def test_waterfall_runs_from_cumulative_to_cumulative_then_total() -> None:
    spec = cash_flow_waterfall(
        [("Initial", -10000.0), ("Année 1", 10000.0), ("Année 2", 10000.0)],
        period_title="Période",
        flow_title="Flux net",
        cumulative_title="Cumul",
        total_label="Total",
        currency="EUR",
        title="Flux",
    )
    values = spec["data"]["values"]
    assert [(v["start"], v["end"], v["sign"]) for v in values] == [
        (0.0, -10000.0, "down"),
        (-10000.0, 0.0, "up"),
        (0.0, 10000.0, "up"),
        (0.0, 10000.0, "total"),
    ]
    assert "Flux net: -10,000 EUR" in values[0]["aria"]
    svg = _svg(spec)
    assert "Année 2" in svg
    assert "Total" in svg
    json.dumps(spec)


def test_histogram_bins_and_percentile_markers() -> None:
    spec = npv_histogram(
        [(-100.0, 0.0, 4), (0.0, 100.0, 10), (100.0, 200.0, 6)],
        npv_title="VAN",
        count_title="Tirages",
        currency="EUR",
        markers=[("P10", -20.0), ("P50", 50.0), ("P90", 150.0)],
        title="Distribution",
    )
    assert [v["side"] for v in spec["data"]["values"]] == ["loss", "gain", "gain"]
    svg = _svg(spec)
    assert "P90" in svg
    assert "Tirages" in svg


def test_tornado_keeps_the_order_given_and_draws_both_sides() -> None:
    spec = tornado_chart(
        [("Marge", 10.0, 30.0, -50.0, 250.0), ("Heures", 1.0, 3.0, 120.0, 80.0)],
        100.0,
        low_title="Basse",
        high_title="Haute",
        npv_title="VAN",
        currency="EUR",
        title="Tornade",
    )
    assert spec["encoding"]["y"]["sort"] == ["Marge", "Heures"]
    assert [(v["input"], v["series"], v["npv"]) for v in spec["data"]["values"]] == [
        ("Marge", "Basse", -50.0),
        ("Marge", "Haute", 250.0),
        ("Heures", "Basse", 120.0),
        ("Heures", "Haute", 80.0),
    ]
    svg = _svg(spec)
    assert "Marge" in svg
    assert "Basse" in svg
