"""The radar (spider) chart, as a raw Vega spec: Vega-Lite has no radar.

Missing values. A series whose value is ``None`` (or absent) on an axis **skips that vertex**: its
polygon joins the neighbouring vertices directly, so the chart never claims a score of 0 that
nobody gave. The gap is made visible on the axis itself: the axis label is written in italics and
in the muted colour, with ``missing_label`` and the series concerned in its tooltip, and the data
point is simply absent (no dot, no tooltip). A series with fewer than three values is drawn as a
line or a single dot.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence

from .theme import (
    CATEGORICAL,
    FONT,
    INK,
    LINE,
    MUTED,
    VEGA_CONFIG,
    VEGA_SCHEMA,
    Spec,
    clean,
    describe,
    wrap,
)
from .types import RadarSeries

GRID_STEPS = 5  # rings at 20, 40, 60, 80 and 100 % of max_value


def _angle(index: int, count: int) -> float:
    """First axis straight up, then clockwise (screen y grows downwards)."""
    return -math.pi / 2 + 2 * math.pi * index / count


def _display(value: float) -> str:
    return str(round(value))


def _points(series: Sequence[RadarSeries], axes: Sequence[tuple[str, str]]) -> list[Spec]:
    points = []
    for index, one in enumerate(series):
        for position, (axis_id, axis_label) in enumerate(axes):
            value = clean(one["values"].get(axis_id))
            if value is None:
                continue  # skip the vertex (see the module docstring)
            points.append(
                {
                    "series": one["label"],
                    "order": index,
                    "reference": bool(one.get("reference", False)),
                    "axis": axis_id,
                    "angle": _angle(position, len(axes)),
                    "value": value,
                    "tip": {"title": one["label"], axis_label: _display(value)},
                    "aria": f"{one['label']} — {axis_label} — {_display(value)}",
                }
            )
    return points


def _axes(series: Sequence[RadarSeries], axes: Sequence[tuple[str, str]], missing_label: str) -> list[Spec]:
    rows = []
    for position, (axis_id, axis_label) in enumerate(axes):
        missing = [one["label"] for one in series if clean(one["values"].get(axis_id)) is None]
        tip: dict[str, str] = {"title": axis_label}
        tip.update(dict.fromkeys(missing, missing_label))
        rows.append(
            {
                "axis": axis_id,
                "label": axis_label,
                "lines": wrap(axis_label),
                "angle": _angle(position, len(axes)),
                "missing": bool(missing),
                "tip": tip,
                "aria": " — ".join([axis_label, ", ".join(missing), missing_label])
                if missing
                else axis_label,
            }
        )
    return rows


def _grid(axes: Sequence[tuple[str, str]], max_value: float) -> list[Spec]:
    return [
        {"level": max_value * step / GRID_STEPS, "angle": _angle(position, len(axes))}
        for step in range(1, GRID_STEPS + 1)
        for position in range(len(axes))
    ]


def _ticks(max_value: float) -> list[Spec]:
    digits = 0 if max_value >= 10 else 1
    return [
        {"level": max_value * step / GRID_STEPS, "text": f"{max_value * step / GRID_STEPS:.{digits}f}"}
        for step in range(1, GRID_STEPS + 1)
    ]


def _polar(radius: str = "scale('r', datum.value)") -> Spec:
    return {"x": {"signal": f"{radius} * cos(datum.angle)"}, "y": {"signal": f"{radius} * sin(datum.angle)"}}


def _series_marks() -> list[Spec]:
    reference = "datum.reference"
    polygon = {
        "type": "line",
        "from": {"data": "shape"},
        "encode": {
            "enter": {
                "interpolate": {"value": "linear-closed"},
                **_polar(),
                "stroke": {"scale": "color", "field": "series"},
                "strokeWidth": {"value": 2},
                "strokeDash": [{"test": reference, "value": [6, 4]}, {"value": []}],
                "fill": {"scale": "color", "field": "series"},
                "fillOpacity": [{"test": reference, "value": 0}, {"value": 0.15}],
            }
        },
    }
    return [
        {
            "type": "group",
            "from": {
                "facet": {"data": "points", "name": "shape", "groupby": ["series", "order", "reference"]}
            },
            "sort": {"field": "datum.order"},
            "marks": [polygon],
        },
        {
            "type": "symbol",
            "from": {"data": "points"},
            "encode": {
                "enter": {
                    **_polar(),
                    "size": {"value": 36},
                    "description": {"field": "aria"},
                    "fill": {"scale": "color", "field": "series"},
                    "tooltip": {"field": "tip"},
                }
            },
        },
    ]


def _frame_marks() -> list[Spec]:
    ring = {
        "type": "line",
        "from": {"data": "ring"},
        "encode": {
            "enter": {
                "interpolate": {"value": "linear-closed"},
                **_polar("scale('r', datum.level)"),
                "stroke": {"value": LINE},
                "strokeWidth": {"value": 1},
            }
        },
    }
    return [
        {
            "type": "group",
            "from": {"facet": {"data": "grid", "name": "ring", "groupby": "level"}},
            "aria": False,
            "marks": [ring],
        },
        {
            "type": "rule",
            "from": {"data": "axes"},
            "aria": False,
            "encode": {
                "enter": {
                    "x": {"value": 0},
                    "y": {"value": 0},
                    "x2": {"signal": "radius * cos(datum.angle)"},
                    "y2": {"signal": "radius * sin(datum.angle)"},
                    "stroke": {"value": LINE},
                }
            },
        },
        {
            "type": "text",
            "from": {"data": "ticks"},
            "aria": False,
            "encode": {
                "enter": {
                    "x": {"value": 3},
                    "y": {"signal": "2 - scale('r', datum.level)"},
                    "text": {"field": "text"},
                    "baseline": {"value": "top"},
                    "fontSize": {"value": 10},
                    "fill": {"value": MUTED},
                }
            },
        },
    ]


def _label_mark() -> Spec:
    return {
        "type": "text",
        "from": {"data": "axes"},
        "encode": {
            "enter": {
                **_polar("(radius + 8)"),
                "text": {"field": "lines"},
                "lineBreak": {"value": "\n"},
                "align": [
                    {"test": "abs(cos(datum.angle)) < 0.1", "value": "center"},
                    {"test": "cos(datum.angle) < 0", "value": "right"},
                    {"value": "left"},
                ],
                "baseline": [
                    {"test": "abs(sin(datum.angle)) < 0.1", "value": "middle"},
                    {"test": "sin(datum.angle) < 0", "value": "bottom"},
                    {"value": "top"},
                ],
                "fill": [{"test": "datum.missing", "value": MUTED}, {"value": INK}],
                "fontStyle": [{"test": "datum.missing", "value": "italic"}, {"value": "normal"}],
                "fontWeight": {"value": 600},
                "tooltip": {"field": "tip"},
                "description": {"field": "aria"},
            }
        },
    }


def radar(
    series: list[RadarSeries],
    axes: list[tuple[str, str]],
    *,
    title: str = "",
    max_value: float = 100,
    missing_label: str = "—",
    description: str | None = None,
    size: int = 320,
) -> Spec:
    """One polygon per series over ``axes`` (``(id, label)`` pairs, clockwise from the top).

    Rings mark each fifth of ``max_value`` (20/40/60/80/100 by default); values above it are drawn
    on the outer ring. ``size`` is the diameter in pixels; labels and legend are added around it.
    Missing values skip their vertex: see the module docstring.
    """
    if not axes:
        raise ValueError("a radar needs at least one axis")
    if max_value <= 0:
        raise ValueError("max_value must be positive")
    spec: Spec = {
        "$schema": VEGA_SCHEMA,
        "description": describe(description, title, [label for _id, label in axes]),
        "width": size,
        "height": size,
        "padding": 8,
        "autosize": {"type": "pad"},
        "signals": [{"name": "radius", "update": "width / 2"}],
        "data": [
            {"name": "points", "values": _points(series, axes)},
            {"name": "axes", "values": _axes(series, axes, missing_label)},
            {"name": "grid", "values": _grid(axes, max_value)},
            {"name": "ticks", "values": _ticks(max_value)},
        ],
        "scales": [
            {
                "name": "r",
                "type": "linear",
                "domain": [0, max_value],
                "range": [0, {"signal": "radius"}],
                "clamp": True,
                "zero": True,
                "nice": False,
            },
            {
                "name": "color",
                "type": "ordinal",
                "domain": [one["label"] for one in series],
                "range": list(CATEGORICAL),
            },
        ],
        "legends": [{"fill": "color", "stroke": "color", "symbolType": "square"}],
        "marks": [
            {
                "type": "group",
                "encode": {"enter": {"x": {"signal": "radius"}, "y": {"signal": "radius"}}},
                "marks": [*_frame_marks(), *_series_marks(), _label_mark()],
            }
        ],
        "config": copy.deepcopy(VEGA_CONFIG),
    }
    if title:
        spec["title"] = {"text": title, "font": FONT, "aria": False}
    return spec
