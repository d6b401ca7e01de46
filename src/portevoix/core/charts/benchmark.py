"""The organisation's value beside a sourced benchmark (e.g. Bpifrance Le Lab's 36% active SMEs)."""

from __future__ import annotations

from .theme import BAND_STEP, CATEGORICAL, INK, Spec, aria, clean, describe, vega_lite
from .types import BenchmarkItem


def _caption(items: list[BenchmarkItem], source_title: str) -> str:
    sources = " · ".join(dict.fromkeys(item["source"] for item in items if item["source"]))
    if not sources:
        return ""
    return f"{source_title} — {sources}" if source_title else sources


def _number(value: float | None, number_format: str) -> str | None:
    """The d3 format applied in Python (the usual ones, ``.0f``, ``,.1f``, ``.0%``, are the same)."""
    if value is None:
        return None
    try:
        return format(value, number_format)
    except ValueError:
        return str(value)


def _rows(items: list[BenchmarkItem], titles: tuple[str, str, str, str], number_format: str) -> list[Spec]:
    """Long format: one row for the value, one for the benchmark, each carrying both for tooltips."""
    label_title, value_title, benchmark_title, source_title = titles
    rows = []
    for item in items:
        value, benchmark = clean(item["value"], 4), clean(item["benchmark"], 4)
        description = aria(
            (label_title, item["label"]),
            (value_title, _number(value, number_format)),
            (benchmark_title, _number(benchmark, number_format)),
            (source_title, item["source"]),
        )
        common = {
            "label": item["label"],
            "value": value,
            "benchmark": benchmark,
            "source": item["source"],
            "aria": description,
        }
        rows.append({**common, "kind": "value", "series": value_title, "amount": value})
        rows.append({**common, "kind": "benchmark", "series": benchmark_title, "amount": benchmark})
    return rows


def benchmark_bars(
    items: list[BenchmarkItem],
    *,
    label_title: str,
    value_title: str,
    benchmark_title: str,
    source_title: str,
    number_format: str = ".0f",
    title: str = "",
    description: str | None = None,
) -> Spec:
    """One bar per item for the organisation's value (its number written at the end), a dark tick
    for the benchmark; the legend names both.

    The sources are shown under the title (``source_title — source · source``) and in each tooltip.
    ``number_format`` is a d3 format (``".0f"``, ``".0%"`` for shares given as 0–1 fractions).
    """
    x = {"field": "amount", "type": "quantitative", "title": None, "axis": {"format": number_format}}
    value_only = {"filter": "datum.kind === 'value' && isValid(datum.amount)"}
    body: Spec = {
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "title": None,
                "scale": {"domain": [item["label"] for item in items]},
            },
            "x": x,
            "description": {"field": "aria"},
            "tooltip": [
                {"field": "label", "title": label_title},
                {"field": "value", "title": value_title, "format": number_format},
                {"field": "benchmark", "title": benchmark_title, "format": number_format},
                {"field": "source", "title": source_title},
            ],
        },
        "layer": [
            {
                "transform": [value_only],
                "mark": {"type": "bar", "cornerRadiusEnd": 2, "height": {"band": 0.6}},
                "encoding": {
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": [value_title, benchmark_title], "range": [CATEGORICAL[0], INK]},
                    }
                },
            },
            {
                "transform": [value_only],
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 4,
                    "fontSize": 12,
                    "color": INK,
                    "aria": False,
                },
                "encoding": {"text": {"field": "amount", "format": number_format}},
            },
            {
                "transform": [{"filter": "datum.kind === 'benchmark' && isValid(datum.amount)"}],
                "mark": {"type": "tick", "thickness": 3, "bandSize": BAND_STEP - 4, "opacity": 1},
                "encoding": {"color": {"field": "series", "type": "nominal", "title": None}},
            },
        ],
    }
    return vega_lite(
        title=title,
        subtitle=_caption(items, source_title),
        description=describe(description, title, [item["label"] for item in items]),
        values=_rows(items, (label_title, value_title, benchmark_title, source_title), number_format),
        body=body,
        rows=len(items),
        step=BAND_STEP + 4,
    )
