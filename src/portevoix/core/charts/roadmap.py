"""The roadmap as a timeline (Gantt-like): one bar per action from its start to its end, coloured
by phase, with milestones as diamonds and today as a rule."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from .theme import CATEGORICAL, INK, MUTED, Spec, aria, describe, vega_lite

PHASE_COLOURS = {"strategy": CATEGORICAL[0], "federation": CATEGORICAL[1], "enablement": CATEGORICAL[2]}
OVERDUE_COLOUR = "#b3261e"


class TimelineBar(TypedDict):
    label: str  # the action's title
    phase: str  # phase id
    phase_label: str
    start: dt.date
    end: dt.date  # inclusive
    status_label: str
    owner: str
    percent: int
    overdue: bool


class TimelineMilestone(TypedDict):
    label: str
    date: dt.date


def timeline(
    bars: list[TimelineBar],
    milestones: list[TimelineMilestone],
    *,
    today: dt.date,
    action_title: str,
    phase_title: str,
    start_title: str,
    end_title: str,
    status_title: str,
    owner_title: str,
    done_title: str,
    milestone_title: str,
    today_label: str,
    title: str = "",
    description: str | None = None,
) -> Spec:
    """Bars in the given order (top to bottom); a bar ends at the end of its last day."""
    phases: dict[str, str] = {}
    for bar in bars:
        phases.setdefault(bar["phase"], bar["phase_label"])
    labels = _distinct([bar["label"] for bar in bars])
    values: list[Spec] = [
        {
            "kind": "bar",
            "action": label,
            "phase": bar["phase_label"],
            "start": bar["start"].isoformat(),
            "end": (bar["end"] + dt.timedelta(days=1)).isoformat(),
            "last": bar["end"].isoformat(),
            "status": bar["status_label"],
            "owner": bar["owner"],
            "done": bar["percent"],
            "overdue": bar["overdue"],
            "aria": aria(
                (action_title, bar["label"]),
                (phase_title, bar["phase_label"]),
                (start_title, bar["start"].isoformat()),
                (end_title, bar["end"].isoformat()),
                (status_title, bar["status_label"]),
                (owner_title, bar["owner"]),
                (done_title, f"{bar['percent']} %"),
            ),
        }
        for label, bar in zip(labels, bars, strict=True)
    ]
    values += [
        {
            "kind": "milestone",
            "milestone": m["label"],
            "start": m["date"].isoformat(),
            "aria": aria((milestone_title, m["label"]), (start_title, m["date"].isoformat())),
        }
        for m in milestones
    ]
    values.append({"kind": "today", "start": today.isoformat(), "label": today_label})
    dates = (
        [d for bar in bars for d in (bar["start"], bar["end"])] + [m["date"] for m in milestones] + [today]
    )
    x = {
        "field": "start",
        "type": "temporal",
        "title": None,
        # One tick per month (per quarter beyond 18 months): Vega's default weekly ticks would
        # repeat each month's label four times.
        "axis": {"orient": "top", "format": "%b %Y", "tickCount": _month_ticks(min(dates), max(dates))},
        "scale": {"nice": "month"},
    }
    y = {"field": "action", "type": "nominal", "title": None, "sort": labels, "axis": {"labelLimit": 320}}
    body: Spec = {
        "layer": [
            {
                "transform": [{"filter": "datum.kind === 'bar'"}],
                "mark": {"type": "bar", "cornerRadius": 3, "height": {"band": 0.7}},
                "encoding": {
                    "x": x,
                    "x2": {"field": "end"},
                    "y": y,
                    "color": {
                        "field": "phase",
                        "type": "nominal",
                        "title": phase_title,
                        "scale": {
                            "domain": list(phases.values()),
                            "range": [PHASE_COLOURS.get(p, MUTED) for p in phases],
                        },
                    },
                    "stroke": {
                        "condition": {"test": "datum.overdue", "value": OVERDUE_COLOUR},
                        "value": None,
                    },
                    "strokeWidth": {"condition": {"test": "datum.overdue", "value": 3}, "value": 0},
                    "description": {"field": "aria"},
                    "tooltip": [
                        {"field": "action", "title": action_title},
                        {"field": "phase", "title": phase_title},
                        {"field": "start", "type": "temporal", "title": start_title},
                        {"field": "last", "type": "temporal", "title": end_title},
                        {"field": "status", "title": status_title},
                        {"field": "owner", "title": owner_title},
                        {"field": "done", "title": done_title},
                    ],
                },
            },
            {
                "transform": [{"filter": "datum.kind === 'milestone'"}],
                "mark": {"type": "rule", "strokeDash": [2, 3], "color": INK},
                "encoding": {
                    "x": x,
                    "description": {"field": "aria"},
                    "tooltip": [
                        {"field": "milestone", "title": milestone_title},
                        {"field": "start", "type": "temporal", "title": start_title},
                    ],
                },
            },
            {
                "transform": [{"filter": "datum.kind === 'today'"}],
                "mark": {"type": "rule", "color": OVERDUE_COLOUR, "strokeWidth": 2, "aria": False},
                "encoding": {"x": x, "tooltip": [{"field": "label", "title": today_label}]},
            },
        ],
    }
    return vega_lite(
        title=title,
        description=describe(description, title, [action_title]),
        values=values,
        body=body,
        rows=max(len(bars), 1),
        step=26,
    )


def _distinct(labels: list[str]) -> list[str]:
    """Two actions may share a title; the y axis needs distinct values (zero-width space suffixes)."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        count = seen.get(label, 0)
        seen[label] = count + 1
        result.append(label + "\u200b" * count)
    return result


def _month_ticks(first: dt.date, last: dt.date) -> Spec:
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    return {"interval": "month", "step": 1 if months <= 18 else 3}
