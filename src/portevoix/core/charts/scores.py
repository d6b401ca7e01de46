"""Vega-Lite charts of maturity scores: heatmap, level distribution, alignment, perception gap.

Every title, axis name and tooltip key is a parameter: the caller passes text already translated.
Rows appear in the order given, including rows without data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .theme import (
    ALIGNMENT_COLOURS,
    ALIGNMENT_ORDER,
    ALIGNMENT_SHAPES,
    BAND_STEP,
    DIVERGING_STOPS,
    INK,
    LINE,
    MISSING_FILL,
    MUTED,
    SEQUENTIAL_STOPS,
    UNKNOWN_COLOUR,
    WHITE,
    Spec,
    aria,
    clean,
    describe,
    ink_channel,
    ramp,
    sequential,
    text_on,
    vega_lite,
)
from .types import PerceptionRow, SpreadRow


def _unknown(kind: str, ids: object) -> ValueError:
    return ValueError(f"{kind} not declared: {ids}")


def heatmap(
    rows: list[str],
    columns: list[tuple[str, str]],
    values: Mapping[tuple[str, str], float | None],
    *,
    row_title: str,
    column_title: str,
    missing_label: str,
    value_title: str = "Score",
    title: str = "",
    description: str | None = None,
    max_value: float = 100,
) -> Spec:
    """Scores of ``rows`` (e.g. codir members) × ``columns`` (``(id, label)``, e.g. dimensions).

    ``values`` is keyed by ``(row, column id)``; a missing key or ``None`` is a missing cell, drawn
    pale and dashed with ``missing_label`` written in it. Each score is written in its cell.
    """
    column_ids = {column_id for column_id, _label in columns}
    stray = sorted(str(key) for key in values if key[0] not in rows or key[1] not in column_ids)
    if stray:
        raise _unknown("heatmap rows or columns", stray)
    data = []
    for row in rows:
        for column_id, label in columns:
            score = clean(values.get((row, column_id)), 0)
            colour = ramp(SEQUENTIAL_STOPS, score / max_value) if score is not None else MISSING_FILL
            text = f"{score:.0f}" if score is not None else missing_label
            data.append(
                {
                    "row": row,
                    "column": label,
                    "score": score,
                    "text": text,
                    "ink": text_on(colour) if score is not None else MUTED,
                    "aria": aria((row_title, row), (column_title, label), (value_title, text)),
                }
            )
    labels = [label for _id, label in columns]
    present = "isValid(datum.score)"
    body: Spec = {
        "encoding": {
            "y": {"field": "row", "type": "nominal", "title": row_title, "scale": {"domain": rows}},
            "x": {
                "field": "column",
                "type": "nominal",
                "title": column_title,
                "scale": {"domain": labels},
                "axis": {"orient": "top", "labelAngle": -35, "labelAlign": "left", "labelLimit": 260},
            },
            "description": {"field": "aria"},
            "tooltip": [
                {"field": "row", "title": row_title},
                {"field": "column", "title": column_title},
                {"field": "text", "title": value_title},
            ],
        },
        "layer": [
            {
                "transform": [{"filter": present}],
                "mark": {"type": "rect", "stroke": WHITE, "strokeWidth": 2},
                "encoding": {
                    "color": {
                        "field": "score",
                        "type": "quantitative",
                        "title": value_title,
                        "scale": {
                            "domain": [0, max_value / 2, max_value],
                            "range": list(SEQUENTIAL_STOPS),
                            "clamp": True,
                        },
                        "legend": {"values": [0, max_value / 2, max_value]},
                    }
                },
            },
            {
                "transform": [{"filter": f"!{present}"}],
                "mark": {"type": "rect", "fill": MISSING_FILL, "stroke": LINE, "strokeDash": [3, 3]},
            },
            {
                "mark": {"type": "text", "fontSize": 12, "aria": False},
                "encoding": {
                    "text": {"field": "text"},
                    "color": ink_channel(),
                },
            },
        ],
    }
    return vega_lite(
        title=title,
        description=describe(description, title, [row_title, column_title]),
        values=data,
        body=body,
        rows=len(rows),
        step=BAND_STEP + 6,
    )


def level_distribution(
    levels: list[tuple[str, str]],
    counts_by_dimension: Mapping[str, Mapping[str, int]],
    dimension_labels: Mapping[str, str],
    *,
    dimension_title: str,
    level_title: str,
    count_title: str,
    title: str = "",
    description: str | None = None,
) -> Spec:
    """Per dimension, how many members sit at each level: horizontal bars stacked in level order.

    ``levels`` are ``(id, label)`` from the lowest; dimensions appear in ``dimension_labels`` order.
    """
    level_ids = [level_id for level_id, _label in levels]
    stray_dimensions = sorted(set(counts_by_dimension) - set(dimension_labels))
    stray_levels = sorted({lv for counts in counts_by_dimension.values() for lv in counts} - set(level_ids))
    if stray_dimensions or stray_levels:
        raise _unknown("dimensions or levels", stray_dimensions + stray_levels)
    data = [
        {
            "dimension": label,
            "level": level_label,
            "order": order,
            "count": count,
            "aria": aria((dimension_title, label), (level_title, level_label), (count_title, count)),
        }
        for dimension_id, label in dimension_labels.items()
        for order, (level_id, level_label) in enumerate(levels)
        if (count := counts_by_dimension.get(dimension_id, {}).get(level_id, 0)) > 0
    ]
    level_labels = [label for _id, label in levels]
    body: Spec = {
        "mark": {"type": "bar", "stroke": WHITE, "strokeWidth": 1},
        "encoding": {
            "y": {
                "field": "dimension",
                "type": "nominal",
                "title": None,
                "scale": {"domain": list(dimension_labels.values())},
            },
            "x": {
                "field": "count",
                "type": "quantitative",
                "stack": "zero",
                "title": count_title,
                "axis": {"tickMinStep": 1, "format": "d"},
            },
            "color": {
                "field": "level",
                "type": "nominal",
                "title": level_title,
                "scale": {"domain": level_labels, "range": sequential(len(levels))},
            },
            "order": {"field": "order", "type": "quantitative"},
            "description": {"field": "aria"},
            "tooltip": [
                {"field": "dimension", "title": dimension_title},
                {"field": "level", "title": level_title},
                {"field": "count", "title": count_title},
            ],
        },
    }
    return vega_lite(
        title=title,
        description=describe(description, title, level_labels),
        values=data,
        body=body,
        rows=len(dimension_labels),
    )


def alignment(
    spreads: list[SpreadRow],
    *,
    dimension_title: str,
    score_title: str,
    mean_title: str,
    minimum_title: str,
    maximum_title: str,
    stdev_title: str,
    alignment_title: str,
    title: str = "",
    description: str | None = None,
    max_value: float = 100,
) -> Spec:
    """Per dimension, the members' range (min–max rule) and mean (point), coloured by alignment.

    Colour and shape both encode the alignment category (aligned, mixed, divided, insufficient), so
    the chart also reads in grey.
    """
    data = [
        {
            "dimension": row["label"],
            "mean": clean(row["mean"]),
            "minimum": clean(row["minimum"]),
            "maximum": clean(row["maximum"]),
            "stdev": clean(row["stdev"]),
            "alignment": row["alignment_label"],
            "rank": _rank(row["alignment"]),
            "aria": aria(
                (dimension_title, row["label"]),
                (alignment_title, row["alignment_label"]),
                (mean_title, _fixed(row["mean"], 0)),
                (minimum_title, _fixed(row["minimum"], 0)),
                (maximum_title, _fixed(row["maximum"], 0)),
                (stdev_title, _fixed(row["stdev"], 1)),
            ),
        }
        for row in spreads
    ]
    categories = sorted(
        {(_rank(row["alignment"]), row["alignment"], row["alignment_label"]) for row in spreads}
    )
    labels = [label for _rank_, _id, label in categories]
    colour = {
        "field": "alignment",
        "type": "nominal",
        "title": alignment_title,
        "scale": {
            "domain": labels,
            "range": [ALIGNMENT_COLOURS.get(key, UNKNOWN_COLOUR) for _rank_, key, _label in categories],
        },
    }
    x_scale = {"domain": [0, max_value], "nice": False}
    x_axis = {"tickMinStep": max_value / 10}
    body: Spec = {
        "encoding": {
            "y": {
                "field": "dimension",
                "type": "nominal",
                "title": None,
                "scale": {"domain": [row["label"] for row in spreads]},
            },
            "color": colour,
            "description": {"field": "aria"},
            "tooltip": [
                {"field": "dimension", "title": dimension_title},
                {"field": "alignment", "title": alignment_title},
                {"field": "mean", "title": mean_title, "format": ".0f"},
                {"field": "minimum", "title": minimum_title, "format": ".0f"},
                {"field": "maximum", "title": maximum_title, "format": ".0f"},
                {"field": "stdev", "title": stdev_title, "format": ".1f"},
            ],
        },
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 2.5},
                "encoding": {
                    "x": {
                        "field": "minimum",
                        "type": "quantitative",
                        "title": score_title,
                        "scale": x_scale,
                        "axis": x_axis,
                    },
                    "x2": {"field": "maximum"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 130, "opacity": 1, "stroke": WHITE},
                "encoding": {
                    "x": {"field": "mean", "type": "quantitative", "title": score_title, "scale": x_scale},
                    "shape": {
                        **colour,
                        "scale": {
                            "domain": labels,
                            "range": [
                                ALIGNMENT_SHAPES.get(key, "circle") for _rank_, key, _label in categories
                            ],
                        },
                    },
                },
            },
            {
                "transform": [{"filter": "!isValid(datum.mean)"}],
                "mark": {"type": "text", "align": "left", "fontStyle": "italic", "color": MUTED},
                "encoding": {"x": {"datum": 0}, "text": {"field": "alignment"}},
            },
        ],
    }
    return vega_lite(
        title=title,
        description=describe(description, title, [row["label"] for row in spreads]),
        values=data,
        body=body,
        rows=len(spreads),
    )


def _rank(alignment_id: str) -> int:
    return ALIGNMENT_ORDER.index(alignment_id) if alignment_id in ALIGNMENT_ORDER else len(ALIGNMENT_ORDER)


def perception_gap(
    rows: list[PerceptionRow],
    *,
    dimension_title: str,
    gap_title: str,
    self_title: str,
    others_title: str,
    missing_label: str = "—",
    title: str = "",
    description: str | None = None,
) -> Spec:
    """Self-assessment minus others' mean, per dimension: bars diverging from 0, the gap written at
    the end of each bar. Above 0 (orange) the person rates themself higher than others do; below 0
    (blue) lower. A missing gap shows ``missing_label`` at 0.
    """
    data = [
        {
            "dimension": row["label"],
            "gap": clean(row["gap"], 0),
            "self": clean(row["self_score"], 0),
            "others": clean(row["others_mean"], 0),
            "text": _signed(row["gap"], missing_label),
            "aria": aria(
                (dimension_title, row["label"]),
                (self_title, _fixed(row["self_score"], 0)),
                (others_title, _fixed(row["others_mean"], 0)),
                (gap_title, _signed(row["gap"], missing_label)),
            ),
        }
        for row in rows
    ]
    gaps = [abs(gap) for row in rows if (gap := clean(row["gap"])) is not None]
    bound = max(10, math.ceil(max(gaps, default=0) / 10) * 10)
    x = {
        "field": "gap",
        "type": "quantitative",
        "title": gap_title,
        "scale": {"domain": [-bound, bound]},
        "axis": {"tickMinStep": 10},
    }
    text = {"type": "text", "fontSize": 12, "color": INK, "aria": False}
    body: Spec = {
        "encoding": {
            "y": {
                "field": "dimension",
                "type": "nominal",
                "title": None,
                "scale": {"domain": [row["label"] for row in rows]},
            },
            "description": {"field": "aria"},
            "tooltip": [
                {"field": "dimension", "title": dimension_title},
                {"field": "self", "title": self_title, "format": ".0f"},
                {"field": "others", "title": others_title, "format": ".0f"},
                {"field": "text", "title": gap_title},
            ],
        },
        "layer": [
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 2},
                "encoding": {
                    "x": x,
                    "color": {
                        "condition": {"test": "datum.gap >= 0", "value": DIVERGING_STOPS[-1]},
                        "value": DIVERGING_STOPS[0],
                    },
                },
            },
            {"mark": {"type": "rule", "color": MUTED}, "encoding": {"x": {"datum": 0}}},
            _gap_text(text, "datum.gap >= 0", "left", 4, x),
            _gap_text(text, "datum.gap < 0", "right", -4, x),
            {
                "transform": [{"filter": "!isValid(datum.gap)"}],
                "mark": {
                    **text,
                    "color": MUTED,
                    "fontStyle": "italic",
                    "align": "left",
                    "dx": 4,
                    "aria": True,
                },
                "encoding": {"x": {"datum": 0}, "text": {"field": "text"}},
            },
        ],
    }
    return vega_lite(
        title=title,
        description=describe(description, title, [row["label"] for row in rows]),
        values=data,
        body=body,
        rows=len(rows),
    )


def _fixed(value: float | None, digits: int) -> str | None:
    number = clean(value, digits)
    return None if number is None else f"{number:.{digits}f}"


def _signed(value: float | None, missing_label: str) -> str:
    """``+12``, ``−7`` (true minus sign) or ``0``; ``missing_label`` when there is no gap."""
    rounded = clean(value, 0)
    if rounded is None:
        return missing_label
    if rounded == 0:
        return "0"
    return f"{rounded:+.0f}".replace("-", "\u2212")


def _gap_text(text: Spec, test: str, align: str, dx: int, x: Spec) -> Spec:
    return {
        "transform": [{"filter": f"isValid(datum.gap) && {test}"}],
        "mark": {**text, "align": align, "dx": dx},
        "encoding": {"x": x, "text": {"field": "text"}},
    }


__all__ = ["alignment", "heatmap", "level_distribution", "perception_gap"]
