"""A leader's activity month by month (posts, comments, reactions), as lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .theme import CATEGORICAL, VEGA_LITE_SCHEMA, Spec, aria, clean, describe, vega_lite


def activity_trend(
    months: Sequence[tuple[str, str]],
    series: Mapping[str, Sequence[float | None]],
    *,
    month_title: str,
    count_title: str,
    series_title: str,
    title: str = "",
    description: str | None = None,
) -> Spec:
    """``months`` are ``(id, label)`` in order; ``series`` maps a translated label to one count per month."""
    values = []
    for label, counts in series.items():
        for (month_id, month_label), count in zip(months, counts, strict=True):
            value = clean(count, 1)
            values.append(
                {
                    "month": month_id,
                    "month_label": month_label,
                    "series": label,
                    "count": value,
                    "aria": aria((series_title, label), (month_title, month_label), (count_title, value)),
                }
            )
    order = [label for _id, label in months]
    spec = vega_lite(
        title=title,
        description=describe(description, title, list(series)),
        values=values,
        rows=8,
        body={
            "mark": {"type": "line", "point": True, "strokeWidth": 2},
            "encoding": {
                "x": {
                    "field": "month_label",
                    "type": "ordinal",
                    "sort": order,
                    "title": month_title,
                    "axis": {"labelAngle": 0},
                },
                "y": {"field": "count", "type": "quantitative", "title": count_title},
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": series_title,
                    "scale": {"range": list(CATEGORICAL)},
                    "sort": list(series),
                },
                "tooltip": [
                    {"field": "series", "title": series_title},
                    {"field": "month_label", "title": month_title},
                    {"field": "count", "title": count_title, "format": ".0f"},
                ],
                "description": {"field": "aria"},
            },
        },
    )
    assert spec["$schema"] == VEGA_LITE_SCHEMA
    return spec
