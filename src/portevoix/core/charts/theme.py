"""The one look shared by every chart: palette, font, the Vega-Lite ``config`` block and the spec frame.

Colours follow ``web/static/portevoix/app.css`` (ink, muted, line, accent). Scores and levels use a
sequential blue ramp (darker = more mature), gaps a diverging blue–orange ramp around 0, series and
categories a colour-blind-safe categorical list. Text uses the page's font stack, so charts look
like the page around them on screen and fall back to DejaVu Sans when rendered by vl-convert.
"""

from __future__ import annotations

import copy
import math
import textwrap
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

Spec = dict[str, Any]

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
VEGA_SCHEMA = "https://vega.github.io/schema/vega/v6.json"

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif'
INK = "#1d2433"
MUTED = "#5b6475"
LINE = "#dfe3ea"
WHITE = "#ffffff"
MISSING_FILL = "#f1f3f6"

# Sequential ramp for scores and levels: its lightest stop is still visible on white.
SEQUENTIAL_STOPS = ("#cfe1f2", "#4a90c8", "#0b3a75")
# Diverging ramp for gaps: below 0 blue, 0 neutral, above 0 orange.
DIVERGING_STOPS = ("#2166ac", "#eeeeee", "#c2590a")
# Series and categories (radar polygons, value vs benchmark); Dark2-like, colour-blind-safe order.
CATEGORICAL = ("#1f5fbf", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#666666")

ALIGNMENT_COLOURS = {
    "aligned": "#1b7a46",
    "mixed": "#a15c00",
    "divided": "#b3261e",
    "insufficient": "#9aa3b2",
}
ALIGNMENT_SHAPES = {"aligned": "circle", "mixed": "diamond", "divided": "square", "insufficient": "cross"}
ALIGNMENT_ORDER = ("aligned", "mixed", "divided", "insufficient")

USAGE_STATUS_ORDER = ("absent", "dormant", "occasional", "active")
UNKNOWN_COLOUR = "#9aa3b2"

BAND_STEP = 30  # height of one row in bar charts and heatmaps, pixels

# Accessibility: Vega describes axes, legends and titles to screen readers in English ("X-axis
# titled …"), so those are hidden (``aria: false``); each data mark keeps an ARIA label built
# from the caller's translated titles, and the spec's ``description`` labels the whole chart.
VEGA_LITE_CONFIG: Spec = {
    "font": FONT,
    "background": WHITE,
    "view": {"stroke": None},
    "axis": {
        "labelColor": MUTED,
        "titleColor": INK,
        "labelFontSize": 12,
        "titleFontSize": 12,
        "titleFontWeight": 600,
        "gridColor": LINE,
        "domainColor": LINE,
        "tickColor": LINE,
        "labelLimit": 240,
        "aria": False,
    },
    "legend": {
        "orient": "bottom",
        "labelColor": INK,
        "titleColor": INK,
        "labelFontSize": 12,
        "titleFontSize": 12,
        "titleFontWeight": 600,
        "labelLimit": 260,
        "aria": False,
    },
    "title": {
        "anchor": "start",
        "color": INK,
        "fontSize": 15,
        "fontWeight": 600,
        "subtitleColor": MUTED,
        "subtitleFontSize": 12,
    },
    "text": {"color": INK, "fontSize": 12},
}

# Raw Vega has no global "font": each part gets it explicitly.
VEGA_CONFIG: Spec = {
    "background": WHITE,
    "title": {
        "font": FONT,
        "anchor": "start",
        "color": INK,
        "fontSize": 15,
        "fontWeight": 600,
        "aria": False,
    },
    "legend": {
        "labelFont": FONT,
        "titleFont": FONT,
        "labelColor": INK,
        "labelFontSize": 12,
        "labelLimit": 260,
        "orient": "bottom",
        "direction": "horizontal",
        "aria": False,
    },
    "text": {"font": FONT, "fill": INK, "fontSize": 12},
}


def clean(value: float | None, digits: int = 1) -> float | None:
    """A JSON-safe number, rounded half away from zero (24.5 → 25, as people round, where
    ``round`` gives 24); ``None`` for missing, NaN or infinite values."""
    if value is None or not math.isfinite(value):
        return None
    try:
        exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # too many digits to round: far beyond any score
        return float(value)
    return float(exact)


def aria(*pairs: tuple[str, object]) -> str:
    """A data mark's screen-reader label from translated ``(title, value)`` pairs.

    Vega-Lite would build one from field names where a channel has no title; this keeps every
    word the caller's. Pairs without a value are left out.
    """
    return "; ".join(f"{title}: {value}" for title, value in pairs if value is not None and value != "")


def describe(description: str | None, title: str, fallback: Sequence[str]) -> str:
    """The accessible description: the caller's, else the title, else the labels shown."""
    return description or title or ", ".join(fallback)


def wrap(label: str, width: int = 18) -> str:
    """A long label broken into lines (``\\n``) for marks that honour ``lineBreak``."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=False)) or label


def _hex_to_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _mix(a: str, b: str, t: float) -> str:
    channels = (round(x + (y - x) * t) for x, y in zip(_hex_to_rgb(a), _hex_to_rgb(b), strict=True))
    return "#" + "".join(f"{c:02x}" for c in channels)


def ramp(stops: Sequence[str], t: float) -> str:
    """The colour at ``t`` (0–1) along piecewise-linear ``stops``."""
    t = min(max(t, 0.0), 1.0)
    position = t * (len(stops) - 1)
    index = min(int(position), len(stops) - 2)
    return _mix(stops[index], stops[index + 1], position - index)


def sequential(n: int) -> list[str]:
    """``n`` ordered colours from light to dark, for levels (any number of levels)."""
    if n <= 1:
        return [ramp(SEQUENTIAL_STOPS, 0.5)] * n
    return [ramp(SEQUENTIAL_STOPS, i / (n - 1)) for i in range(n)]


def text_on(colour: str) -> str:
    """Ink or white, whichever reads better on ``colour`` (WCAG relative luminance)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _hex_to_rgb(colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return WHITE if luminance < 0.3 else INK


def ink_channel() -> Spec:
    """A text colour encoding that follows each datum's ``ink`` (one of INK, MUTED, WHITE).

    (A ``"scale": null`` colour channel would be simpler, but Vega-Lite 6.4 fails to compile it
    inside a layer whose other layers share a colour scale.)
    """
    tests = [{"test": f"datum.ink === '{colour}'", "value": colour} for colour in (WHITE, MUTED)]
    return {"condition": tests, "value": INK}


def title_block(title: str, subtitle: str = "") -> Spec | None:
    """The chart title (hidden from screen readers: the figure's caption and description say it)."""
    if title:
        return (
            {"text": title, "subtitle": subtitle, "aria": False}
            if subtitle
            else {"text": title, "aria": False}
        )
    if subtitle:  # Vega-Lite drops a subtitle without a title: show it as a quiet title.
        return {"text": subtitle, "fontSize": 12, "fontWeight": "normal", "color": MUTED, "aria": False}
    return None


def vega_lite(
    *,
    title: str,
    description: str,
    values: list[Spec],
    body: Spec,
    rows: int,
    step: int = BAND_STEP,
    subtitle: str = "",
) -> Spec:
    """A self-contained Vega-Lite spec that fills its container's width, ``rows`` bands high."""
    spec: Spec = {
        "$schema": VEGA_LITE_SCHEMA,
        "description": description,
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
    }
    # A fixed height (rows × step) rather than {"step": …}: with a "container" width, Vega-Lite
    # warns "Dropping fit-y" in the browser console for every step-sized chart.
    spec["height"] = max(rows, 1) * step
    heading = title_block(title, subtitle)
    if heading is not None:
        spec["title"] = heading
    spec.update(body)
    spec["config"] = copy.deepcopy(VEGA_LITE_CONFIG)
    return spec


def fixed_width(spec: Spec, width: int) -> Spec:
    """A copy of a Vega-Lite spec at a fixed width, for static rendering (PDF, slides).

    ``"container"`` needs a browser; vl-convert would fall back to a narrow default. Raw Vega specs
    (the radar) already have a fixed size and are returned unchanged (as a copy).
    """
    result = copy.deepcopy(spec)
    if result.get("$schema") == VEGA_LITE_SCHEMA and result.get("width") == "container":
        result["width"] = width
        result.pop("autosize", None)
    return result
