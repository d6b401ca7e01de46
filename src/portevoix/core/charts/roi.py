"""Business-case charts: cash-flow waterfall, NPV distribution, tornado of sensitivities."""

from __future__ import annotations

from .theme import BAND_STEP, CATEGORICAL, DIVERGING_STOPS, INK, Spec, aria, clean, describe, vega_lite

POSITIVE = DIVERGING_STOPS[0]
NEGATIVE = DIVERGING_STOPS[2]


def cash_flow_waterfall(
    flows: list[tuple[str, float]],
    *,
    period_title: str,
    flow_title: str,
    cumulative_title: str,
    total_label: str,
    currency: str,
    title: str = "",
    description: str | None = None,
) -> Spec:
    """One bar per period from the previous cumulative net flow to the next (blue up, orange down),
    then a total bar from 0; ``flows`` are ``(period label, net flow)``."""
    values: list[Spec] = []
    cumulative = 0.0
    number = ",.0f"
    for label, amount in flows:
        start, end = cumulative, cumulative + amount
        values.append(
            {
                "period": label,
                "start": clean(start, 2),
                "end": clean(end, 2),
                "amount": clean(amount, 2),
                "cumulative": clean(end, 2),
                "sign": "up" if amount >= 0 else "down",
                "aria": aria((period_title, label), (flow_title, f"{amount:,.0f} {currency}")),
            }
        )
        cumulative = end
    values.append(
        {
            "period": total_label,
            "start": 0.0,
            "end": clean(cumulative, 2),
            "amount": clean(cumulative, 2),
            "cumulative": clean(cumulative, 2),
            "sign": "total",
            "aria": aria((period_title, total_label), (cumulative_title, f"{cumulative:,.0f} {currency}")),
        }
    )
    order = [label for label, _amount in flows] + [total_label]
    body: Spec = {
        "encoding": {
            "x": {
                "field": "period",
                "type": "ordinal",
                "title": None,
                "sort": order,
                "axis": {"labelAngle": 0},
            },
            "description": {"field": "aria"},
            "tooltip": [
                {"field": "period", "title": period_title},
                {"field": "amount", "title": flow_title, "format": number},
                {"field": "cumulative", "title": cumulative_title, "format": number},
            ],
        },
        "layer": [
            {
                "mark": {"type": "bar", "width": {"band": 0.6}},
                "encoding": {
                    "y": {
                        "field": "start",
                        "type": "quantitative",
                        "title": currency,
                        "axis": {"format": "~s"},
                    },
                    "y2": {"field": "end"},
                    "color": {
                        "field": "sign",
                        "type": "nominal",
                        "legend": None,
                        "scale": {"domain": ["up", "down", "total"], "range": [POSITIVE, NEGATIVE, INK]},
                    },
                },
            },
            {
                "mark": {"type": "rule", "color": INK, "strokeDash": [2, 2]},
                "encoding": {"y": {"datum": 0}},
            },
        ],
    }
    return vega_lite(
        title=title,
        description=describe(description, title, order),
        values=values,
        body=body,
        rows=10,
        step=26,
    )


def npv_histogram(
    bins: list[tuple[float, float, int]],
    *,
    npv_title: str,
    count_title: str,
    currency: str,
    markers: list[tuple[str, float]] | None = None,
    title: str = "",
    description: str | None = None,
) -> Spec:
    """The simulated NPVs, binned; ``markers`` (e.g. P10, P50, P90) are drawn as labelled rules."""
    values: list[Spec] = [
        {
            "start": clean(start, 2),
            "end": clean(end, 2),
            "count": count,
            "side": "gain" if (start + end) / 2 >= 0 else "loss",
            "aria": aria((npv_title, f"{start:,.0f} – {end:,.0f} {currency}"), (count_title, count)),
        }
        for start, end, count in bins
    ]
    rules = [{"marker": label, "at": clean(at, 2)} for label, at in (markers or [])]
    body: Spec = {
        "layer": [
            {
                "mark": {"type": "bar", "binSpacing": 1},
                "encoding": {
                    "x": {
                        "field": "start",
                        "type": "quantitative",
                        "bin": {"binned": True},
                        "title": f"{npv_title} ({currency})",
                        "axis": {"format": "~s"},
                    },
                    "x2": {"field": "end"},
                    "y": {"field": "count", "type": "quantitative", "title": count_title},
                    "color": {
                        "field": "side",
                        "type": "nominal",
                        "legend": None,
                        "scale": {"domain": ["gain", "loss"], "range": [POSITIVE, NEGATIVE]},
                    },
                    "description": {"field": "aria"},
                    "tooltip": [
                        {"field": "start", "title": npv_title, "format": ",.0f"},
                        {"field": "end", "title": "…", "format": ",.0f"},
                        {"field": "count", "title": count_title},
                    ],
                },
            },
            {
                "data": {"values": rules},
                "mark": {"type": "rule", "color": INK, "strokeDash": [4, 3]},
                "encoding": {"x": {"field": "at", "type": "quantitative"}},
            },
            {
                "data": {"values": rules},
                "mark": {"type": "text", "color": INK, "dy": -6, "baseline": "bottom", "aria": False},
                "encoding": {
                    "x": {"field": "at", "type": "quantitative"},
                    "y": {"value": 0},
                    "text": {"field": "marker"},
                },
            },
        ],
    }
    return vega_lite(
        title=title,
        description=describe(description, title, [npv_title]),
        values=values,
        body=body,
        rows=10,
        step=24,
    )


def tornado_chart(
    bars: list[tuple[str, float, float, float, float]],
    base_npv: float,
    *,
    low_title: str,
    high_title: str,
    npv_title: str,
    currency: str,
    title: str = "",
    description: str | None = None,
) -> Spec:
    """``bars``: ``(input label, low value, high value, NPV at low, NPV at high)``, widest first;
    each bar runs from the base NPV to the NPV at the input's low and at its high value."""
    values: list[Spec] = []
    order = [bar[0] for bar in bars]
    for label, low, high, npv_low, npv_high in bars:
        for series, value, npv in ((low_title, low, npv_low), (high_title, high, npv_high)):
            values.append(
                {
                    "input": label,
                    "series": series,
                    "value": clean(value, 4),
                    "base": clean(base_npv, 2),
                    "npv": clean(npv, 2),
                    "aria": aria(("", label), (series, value), (npv_title, f"{npv:,.0f} {currency}")),
                }
            )
    body: Spec = {
        "encoding": {
            "y": {"field": "input", "type": "nominal", "title": None, "sort": order},
        },
        "layer": [
            {
                "mark": {"type": "bar", "height": {"band": 0.6}},
                "encoding": {
                    "x": {
                        "field": "base",
                        "type": "quantitative",
                        "title": f"{npv_title} ({currency})",
                        "axis": {"format": "~s"},
                    },
                    "x2": {"field": "npv"},
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "title": None,
                        "scale": {
                            "domain": [low_title, high_title],
                            "range": [CATEGORICAL[1], CATEGORICAL[0]],
                        },
                    },
                    "description": {"field": "aria"},
                    "tooltip": [
                        {"field": "input", "title": " "},
                        {"field": "series", "title": " "},
                        {"field": "value", "title": "="},
                        {"field": "npv", "title": npv_title, "format": ",.0f"},
                    ],
                },
            },
            {
                "data": {"values": [{"base": clean(base_npv, 2)}]},
                "mark": {"type": "rule", "color": INK},
                "encoding": {"x": {"field": "base", "type": "quantitative"}, "y": None},
            },
        ],
    }
    return vega_lite(
        title=title,
        description=describe(description, title, order),
        values=values,
        body=body,
        rows=max(len(bars), 1),
        step=BAND_STEP,
    )
