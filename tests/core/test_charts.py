"""Chart specs: shape, data, look, and — through vl-convert — that Vega really renders them."""

from __future__ import annotations

import html
import json
import math
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import vl_convert

from portevoix.core import charts
from portevoix.core.charts.theme import (
    FONT,
    INK,
    SEQUENTIAL_STOPS,
    VEGA_LITE_SCHEMA,
    VEGA_SCHEMA,
    WHITE,
    clean,
    sequential,
)

DIMENSIONS = [
    ("strategy_governance", "Stratégie et gouvernance"),
    ("leader_presence", "Présence du dirigeant"),
    ("listening", "Écoute de l'écosystème"),
    ("talent", "Marque employeur"),
    ("selling", "Vente sociale"),
]
MEMBERS = ["Hervé Le Goff", "Claire Dubois", "Jean-Noël L’Hostis"]
LEVELS = [
    ("dormant", "Dormant"),
    ("initiated", "Initié"),
    ("active", "Actif"),
    ("leading", "Moteur d’influence"),
]


def _render(spec: dict[str, Any]) -> str:
    """The SVG text vl-convert draws for a spec (at a fixed width), entities decoded."""
    if spec["$schema"] == VEGA_SCHEMA:
        svg = vl_convert.vega_to_svg(spec)
    else:
        svg = vl_convert.vegalite_to_svg(charts.fixed_width(spec, 640), format_locale="fr-FR")
    assert svg.startswith("<svg")
    return html.unescape(svg)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _assert_self_contained(spec: dict[str, Any]) -> None:
    json.dumps(spec, allow_nan=False)  # plain JSON: no NaN, no objects
    assert spec["$schema"] in {VEGA_LITE_SCHEMA, VEGA_SCHEMA}
    assert spec["description"]
    rest = {key: value for key, value in spec.items() if key != "$schema"}
    assert not [s for s in _strings(rest) if "://" in s], "no external URL besides $schema"
    data = spec["data"]
    if isinstance(data, dict):
        assert "url" not in data
        assert isinstance(data["values"], list)
    else:
        assert all("url" not in one and isinstance(one["values"], list) for one in data)
    assert "width" in spec


def _heatmap(**overrides: Any) -> dict[str, Any]:
    values: dict[tuple[str, str], float | None] = {
        (member, dimension): 10.0 + 20 * i + 5 * j
        for i, member in enumerate(MEMBERS)
        for j, (dimension, _label) in enumerate(DIMENSIONS)
    }
    values[("Claire Dubois", "talent")] = None
    del values[("Hervé Le Goff", "selling")]
    arguments: dict[str, Any] = {
        "row_title": "Membre du codir",
        "column_title": "Dimension",
        "missing_label": "non renseigné",
        "title": "Scores par membre",
    }
    arguments.update(overrides)
    return charts.heatmap(MEMBERS, DIMENSIONS, values, **arguments)


def _levels() -> dict[str, Any]:
    counts = {
        "strategy_governance": {"dormant": 2, "active": 1},
        "leader_presence": {"initiated": 1, "leading": 2},
        "listening": {"dormant": 3},
    }
    return charts.level_distribution(
        LEVELS,
        counts,
        dict(DIMENSIONS),
        dimension_title="Dimension",
        level_title="Niveau",
        count_title="Nombre de membres",
        title="Répartition des niveaux",
    )


def _alignment() -> dict[str, Any]:
    spreads: list[charts.SpreadRow] = [
        {
            "label": "Stratégie et gouvernance",
            "mean": 45.0,
            "minimum": 30.0,
            "maximum": 60.0,
            "stdev": 8.25,
            "alignment": "aligned",
            "alignment_label": "Aligné",
        },
        {
            "label": "Présence du dirigeant",
            "mean": 40.0,
            "minimum": 5.0,
            "maximum": 90.0,
            "stdev": 25.4,
            "alignment": "divided",
            "alignment_label": "Divisé",
        },
        {
            "label": "Écoute de l'écosystème",
            "mean": None,
            "minimum": None,
            "maximum": None,
            "stdev": None,
            "alignment": "insufficient",
            "alignment_label": "Données insuffisantes",
        },
    ]
    return charts.alignment(
        spreads,
        dimension_title="Dimension",
        score_title="Score (0–100)",
        mean_title="Moyenne",
        minimum_title="Minimum",
        maximum_title="Maximum",
        stdev_title="Écart-type",
        alignment_title="Alignement",
        title="Le codir est-il en phase ?",
    )


def _gap() -> dict[str, Any]:
    rows: list[charts.PerceptionRow] = [
        {"label": "Stratégie et gouvernance", "self_score": 70.0, "others_mean": 45.5, "gap": 24.5},
        {"label": "Présence du dirigeant", "self_score": 20.0, "others_mean": 38.0, "gap": -18.0},
        {"label": "Écoute de l'écosystème", "self_score": None, "others_mean": 38.0, "gap": None},
        {"label": "Marque employeur", "self_score": 50.0, "others_mean": 50.2, "gap": -0.2},
    ]
    return charts.perception_gap(
        rows,
        dimension_title="Dimension",
        gap_title="Écart (auto-évaluation − regard des autres)",
        self_title="Auto-évaluation",
        others_title="Regard des autres",
        missing_label="non renseigné",
        title="Écart de perception",
    )


STATUS_LABELS = {"absent": "Absent", "dormant": "En sommeil", "occasional": "Occasionnel", "active": "Actif"}


def _usage(**overrides: Any) -> dict[str, Any]:
    cells: list[charts.UsageCell] = [
        {"axis": "company", "network": "linkedin", "status": "active", "status_label": "Actif"},
        {"axis": "company", "network": "instagram", "status": "dormant", "status_label": "En sommeil"},
        {"axis": "talent", "network": "linkedin", "status": "occasional", "status_label": "Occasionnel"},
        {"axis": "talent", "network": "instagram", "status": "absent", "status_label": "Absent"},
    ]
    arguments: dict[str, Any] = {"axis_title": "Axe", "network_title": "Réseau", "status_title": "Usage"}
    arguments.update(overrides)
    return charts.usage_matrix(
        [("company", "Entreprise et écosystème"), ("talent", "Talents : marque employeur")],
        [("linkedin", "LinkedIn"), ("instagram", "Instagram")],
        cells,
        **arguments,
    )


def _benchmark() -> dict[str, Any]:
    items: list[charts.BenchmarkItem] = [
        {"label": "PME actives", "value": 0.25, "benchmark": 0.36, "source": "Bpifrance Le Lab, 2018"},
        {"label": "Dirigeants inactifs", "value": 0.5, "benchmark": 0.72, "source": "Bpifrance Le Lab, 2018"},
        {"label": "Profils à l'abandon", "value": 0.4, "benchmark": None, "source": "Enquête d’Armor"},
    ]
    return charts.benchmark_bars(
        items,
        label_title="Indicateur",
        value_title="Mécanique Armor",
        benchmark_title="Référence",
        source_title="Source",
        number_format=".0%",
        title="Où en est l’entreprise ?",
    )


def _radar(**overrides: Any) -> dict[str, Any]:
    series: list[charts.RadarSeries] = [
        {
            "label": "Hervé Le Goff",
            "values": {"strategy_governance": 40, "leader_presence": None, "listening": 70, "talent": 55},
        },
        {
            "label": "Moyenne du codir",
            "values": {key: 50.0 for key, _label in DIMENSIONS},
            "reference": True,
        },
    ]
    arguments: dict[str, Any] = {"title": "Profil d’Hervé", "missing_label": "non renseigné"}
    arguments.update(overrides)
    return charts.radar(series, DIMENSIONS, **arguments)


BUILDERS: dict[str, Callable[[], dict[str, Any]]] = {
    "radar": _radar,
    "heatmap": _heatmap,
    "level_distribution": _levels,
    "alignment": _alignment,
    "perception_gap": _gap,
    "usage_matrix": _usage,
    "benchmark_bars": _benchmark,
}


@pytest.mark.parametrize("name", BUILDERS)
def test_every_spec_is_self_contained_json(name: str) -> None:
    _assert_self_contained(BUILDERS[name]())


@pytest.mark.parametrize("name", [name for name in BUILDERS if name != "radar"])
def test_vega_lite_specs_share_one_look(name: str) -> None:
    spec = BUILDERS[name]()
    assert spec["$schema"] == VEGA_LITE_SCHEMA
    assert spec["width"] == "container"
    assert spec["config"]["font"] == FONT
    assert spec["config"] == _heatmap()["config"]
    assert spec["config"] is not _heatmap()["config"]  # each spec owns its config


def test_titles_and_descriptions() -> None:
    assert _heatmap()["title"]["text"] == "Scores par membre"
    assert _heatmap(title="", description="Tableau des scores")["description"] == "Tableau des scores"
    assert "title" not in _heatmap(title="")
    assert _heatmap(title="")["description"]  # falls back to the labels shown


# --- radar -----------------------------------------------------------------------------------


def _data(spec: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return next(one["values"] for one in spec["data"] if one["name"] == name)


def test_radar_has_one_polygon_per_series_and_rings_at_each_fifth() -> None:
    spec = _radar()
    assert spec["$schema"] == VEGA_SCHEMA
    assert spec["scales"][1]["domain"] == ["Hervé Le Goff", "Moyenne du codir"]
    assert spec["legends"][0]["fill"] == "color"
    assert spec["config"]["legend"]["labelFont"] == spec["config"]["text"]["font"] == FONT  # same look
    assert sorted({row["level"] for row in _data(spec, "grid")}) == [20, 40, 60, 80, 100]
    assert [row["text"] for row in _data(spec, "ticks")] == ["20", "40", "60", "80", "100"]
    assert [row["label"] for row in _data(spec, "axes")] == [label for _id, label in DIMENSIONS]
    assert _data(spec, "axes")[0]["angle"] == pytest.approx(-math.pi / 2)  # first axis straight up
    rings = _radar(max_value=5)
    assert sorted({row["level"] for row in _data(rings, "grid")}) == [1, 2, 3, 4, 5]


def test_radar_skips_missing_vertices_and_marks_the_axis() -> None:
    spec = _radar()
    herve = [row for row in _data(spec, "points") if row["series"] == "Hervé Le Goff"]
    # leader_presence is None and selling is absent: both vertices are skipped, none is drawn at 0.
    assert [row["axis"] for row in herve] == ["strategy_governance", "listening", "talent"]
    assert all(row["value"] > 0 for row in herve)
    axes = {row["axis"]: row for row in _data(spec, "axes")}
    assert axes["leader_presence"]["missing"] is True
    assert axes["leader_presence"]["tip"] == {
        "title": "Présence du dirigeant",
        "Hervé Le Goff": "non renseigné",
    }
    assert axes["strategy_governance"]["missing"] is False
    reference = [row for row in _data(spec, "points") if row["series"] == "Moyenne du codir"]
    assert len(reference) == len(DIMENSIONS)
    assert all(row["reference"] for row in reference)
    assert herve[0]["tip"] == {"title": "Hervé Le Goff", "Stratégie et gouvernance": "40"}


def test_radar_rejects_an_empty_or_degenerate_frame() -> None:
    with pytest.raises(ValueError, match="axis"):
        charts.radar([], [])
    with pytest.raises(ValueError, match="max_value"):
        _radar(max_value=0)


def test_radar_renders_with_vega() -> None:
    svg = _render(_radar())
    assert "Profil d’Hervé" in svg
    assert "Marque employeur" in svg
    assert "l'écosystème" in svg  # "Écoute de l'écosystème", wrapped on two lines
    assert "Moyenne du codir" in svg  # legend
    assert 'aria-label="Profil d’Hervé"' in svg or "Profil d’Hervé" in svg


# --- heatmap ---------------------------------------------------------------------------------


def test_heatmap_cells_carry_score_text_and_missing_label() -> None:
    spec = _heatmap()
    cells = {(row["row"], row["column"]): row for row in spec["data"]["values"]}
    assert len(cells) == len(MEMBERS) * len(DIMENSIONS)  # every cell, missing ones included
    assert cells[("Hervé Le Goff", "Stratégie et gouvernance")]["text"] == "10"
    missing = cells[("Claire Dubois", "Marque employeur")]
    assert (missing["score"], missing["text"]) == (None, "non renseigné")
    assert (
        missing["aria"] == "Membre du codir: Claire Dubois; Dimension: Marque employeur; Score: non renseigné"
    )
    assert spec["encoding"]["description"] == {"field": "aria"}  # screen readers get the caller's words
    assert cells[("Hervé Le Goff", "Vente sociale")]["score"] is None
    assert spec["encoding"]["y"]["scale"]["domain"] == MEMBERS
    assert spec["encoding"]["x"]["scale"]["domain"] == [label for _id, label in DIMENSIONS]
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rect", "rect", "text"]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["range"] == list(SEQUENTIAL_STOPS)


def test_heatmap_text_stays_readable_on_dark_cells() -> None:
    cells = {row["score"]: row["ink"] for row in _heatmap()["data"]["values"] if row["score"] is not None}
    assert (cells[10], cells[70]) == (INK, WHITE)


def test_heatmap_rejects_values_for_undeclared_rows() -> None:
    with pytest.raises(ValueError, match="not declared"):
        charts.heatmap(
            ["A"], DIMENSIONS, {("B", "talent"): 3}, row_title="", column_title="", missing_label=""
        )


def test_heatmap_renders() -> None:
    svg = _render(_heatmap())
    for text in ("Scores par membre", "Jean-Noël L’Hostis", "Marque employeur", "non renseigné", "70"):
        assert text in svg


# --- level distribution ----------------------------------------------------------------------


def test_level_distribution_stacks_levels_in_order() -> None:
    spec = _levels()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["stack"] == "zero"
    assert spec["encoding"]["order"]["field"] == "order"
    colour = spec["encoding"]["color"]["scale"]
    assert colour["domain"] == ["Dormant", "Initié", "Actif", "Moteur d’influence"]
    assert colour["range"] == sequential(4)
    assert spec["encoding"]["y"]["scale"]["domain"] == [label for _id, label in DIMENSIONS]
    rows = [(row["dimension"], row["level"], row["count"]) for row in spec["data"]["values"]]
    assert rows == [
        ("Stratégie et gouvernance", "Dormant", 2),
        ("Stratégie et gouvernance", "Actif", 1),
        ("Présence du dirigeant", "Initié", 1),
        ("Présence du dirigeant", "Moteur d’influence", 2),
        ("Écoute de l'écosystème", "Dormant", 3),
    ]


def test_level_distribution_rejects_unknown_levels() -> None:
    with pytest.raises(ValueError, match="expert"):
        charts.level_distribution(
            LEVELS,
            {"talent": {"expert": 1}},
            dict(DIMENSIONS),
            dimension_title="",
            level_title="",
            count_title="",
        )


def test_level_distribution_renders() -> None:
    svg = _render(_levels())
    for text in (
        "Répartition des niveaux",
        "Écoute de l'écosystème",
        "Moteur d’influence",
        "Nombre de membres",
    ):
        assert text in svg


# --- alignment -------------------------------------------------------------------------------


def test_alignment_draws_range_and_mean_coloured_by_category() -> None:
    spec = _alignment()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rule", "point", "text"]
    rule = spec["layer"][0]["encoding"]
    assert (rule["x"]["field"], rule["x2"]["field"]) == ("minimum", "maximum")
    assert spec["layer"][1]["encoding"]["x"]["field"] == "mean"
    colour = spec["encoding"]["color"]
    assert colour["scale"]["domain"] == ["Aligné", "Divisé", "Données insuffisantes"]  # category order
    assert len(set(colour["scale"]["range"])) == 3
    assert {"field": "stdev", "title": "Écart-type", "format": ".1f"} in spec["encoding"]["tooltip"]
    assert spec["data"]["values"][0]["stdev"] == 8.3  # 8.25, half rounded up as people expect


def test_alignment_renders() -> None:
    svg = _render(_alignment())
    for text in ("Le codir est-il en phase ?", "Présence du dirigeant", "Divisé", "Données insuffisantes"):
        assert text in svg


# --- perception gap --------------------------------------------------------------------------


def test_perception_gap_diverges_around_zero() -> None:
    spec = _gap()
    texts = [row["text"] for row in spec["data"]["values"]]
    assert texts == ["+25", "−18", "non renseigné", "0"]  # halves round away from zero
    x = spec["layer"][0]["encoding"]["x"]
    assert x["scale"]["domain"] == [-30, 30]  # symmetric, rounded up to tens
    assert spec["layer"][1]["mark"]["type"] == "rule"
    colour = spec["layer"][0]["encoding"]["color"]
    assert colour["condition"]["value"] != colour["value"]  # over- and under-rating differ


def test_perception_gap_renders() -> None:
    svg = _render(_gap())
    for text in ("Écart de perception", "Écoute de l'écosystème", "+25", "−18", "non renseigné"):
        assert text in svg


# --- usage matrix ----------------------------------------------------------------------------


def test_usage_matrix_orders_statuses_absent_to_active() -> None:
    spec = _usage()
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour["domain"] == ["Absent", "En sommeil", "Occasionnel", "Actif"]
    assert len(set(colour["range"])) == 4
    with_all = _usage(statuses=list(STATUS_LABELS.items()))
    assert with_all["layer"][0]["encoding"]["color"]["scale"] == colour
    assert spec["encoding"]["y"]["scale"]["domain"] == [
        "Entreprise et écosystème",
        "Talents : marque employeur",
    ]


def test_usage_matrix_rejects_undeclared_networks() -> None:
    cell: charts.UsageCell = {
        "axis": "company",
        "network": "tiktok",
        "status": "active",
        "status_label": "Actif",
    }
    with pytest.raises(ValueError, match="tiktok"):
        charts.usage_matrix(
            [("company", "Entreprise")], [], [cell], axis_title="", network_title="", status_title=""
        )


def test_usage_matrix_renders() -> None:
    svg = _render(_usage())
    for text in ("Talents : marque employeur", "LinkedIn", "En sommeil", "Occasionnel"):
        assert text in svg


# --- benchmark -------------------------------------------------------------------------------


def test_benchmark_shows_value_bar_benchmark_tick_and_source() -> None:
    spec = _benchmark()
    assert spec["title"] == {
        "text": "Où en est l’entreprise ?",
        "subtitle": "Source — Bpifrance Le Lab, 2018 · Enquête d’Armor",
        "aria": False,  # the figure's caption says it; Vega would wrap it in English
    }
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "text", "tick"]
    assert {"field": "source", "title": "Source"} in spec["encoding"]["tooltip"]
    kinds = [(row["label"], row["kind"], row["amount"]) for row in spec["data"]["values"]]
    assert kinds[:2] == [("PME actives", "value", 0.25), ("PME actives", "benchmark", 0.36)]
    untitled = charts.benchmark_bars(
        [{"label": "x", "value": 1, "benchmark": 2, "source": "Bpifrance"}],
        label_title="",
        value_title="A",
        benchmark_title="B",
        source_title="",
    )
    assert untitled["title"]["text"] == "Bpifrance"  # the source is never dropped


def test_benchmark_renders_with_french_percentages() -> None:
    svg = _render(_benchmark())
    for text in (
        "Bpifrance Le Lab, 2018",
        "Profils à l'abandon",
        "Mécanique Armor",
        "Référence",
        "25\u202f%",
    ):
        assert text in svg


# --- helpers ---------------------------------------------------------------------------------


def test_numbers_are_rounded_half_up_and_json_safe() -> None:
    assert [clean(24.5, 0), clean(-24.5, 0), clean(8.25), clean(0.1 + 0.2), clean(None)] == [
        25,
        -25,
        8.3,
        0.3,
        None,
    ]
    assert clean(1e300) == 1e300
    spec = charts.heatmap(
        ["A"], [("d", "D")], {("A", "d"): float("nan")}, row_title="r", column_title="c", missing_label="–"
    )
    assert spec["data"]["values"][0]["score"] is None
    json.dumps(spec, allow_nan=False)


def test_fixed_width_is_a_copy_for_static_rendering() -> None:
    spec = _levels()
    fixed = charts.fixed_width(spec, 500)
    assert (fixed["width"], "autosize" in fixed) == (500, False)
    assert spec["width"] == "container"
    radar = _radar()
    assert charts.fixed_width(radar, 500) == radar


def test_the_chart_core_loads_neither_django_nor_vl_convert() -> None:
    code = (
        "import sys, portevoix.core.charts\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'vl_convert'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
