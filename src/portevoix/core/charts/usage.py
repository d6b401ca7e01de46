"""The usage map as a grid: the four axes of social presence × networks, coloured by status."""

from __future__ import annotations

from .theme import (
    BAND_STEP,
    UNKNOWN_COLOUR,
    USAGE_STATUS_ORDER,
    WHITE,
    Spec,
    aria,
    describe,
    ink_channel,
    sequential,
    text_on,
    vega_lite,
)
from .types import UsageCell

ABSENT_COLOUR = "#e4e7ec"


def _status_colours(status_ids: list[str]) -> dict[str, str]:
    ramp = dict(zip(USAGE_STATUS_ORDER[1:], sequential(len(USAGE_STATUS_ORDER) - 1), strict=True))
    ramp[USAGE_STATUS_ORDER[0]] = ABSENT_COLOUR
    return {status: ramp.get(status, UNKNOWN_COLOUR) for status in status_ids}


def _statuses(cells: list[UsageCell]) -> list[tuple[str, str]]:
    """The statuses present, absent → dormant → occasional → active, then any other."""
    found = {cell["status"]: cell["status_label"] for cell in cells}
    order = {status: rank for rank, status in enumerate(USAGE_STATUS_ORDER)}
    return sorted(found.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def usage_matrix(
    axes: list[tuple[str, str]],
    networks: list[tuple[str, str]],
    cells: list[UsageCell],
    *,
    axis_title: str,
    network_title: str,
    status_title: str,
    statuses: list[tuple[str, str]] | None = None,
    title: str = "",
    description: str | None = None,
) -> Spec:
    """Axes (rows) × networks (columns), each cell coloured and labelled with its status.

    ``axes`` and ``networks`` are ``(id, label)``; a pair without a cell stays blank. ``statuses``
    (``(id, label)``, in order) fixes the legend; by default it lists the statuses present, in the
    order absent, dormant, occasional, active.
    """
    axis_labels = dict(axes)
    network_labels = dict(networks)
    stray = sorted({c["axis"] for c in cells} - set(axis_labels)) + sorted(
        {c["network"] for c in cells} - set(network_labels)
    )
    if stray:
        raise ValueError(f"axes or networks not declared: {stray}")
    legend = statuses if statuses is not None else _statuses(cells)
    colours = _status_colours([status for status, _label in legend] + [c["status"] for c in cells])
    data = [
        {
            "axis": axis_labels[cell["axis"]],
            "network": network_labels[cell["network"]],
            "status": cell["status_label"],
            "ink": text_on(colours[cell["status"]]),
            "aria": aria(
                (axis_title, axis_labels[cell["axis"]]),
                (network_title, network_labels[cell["network"]]),
                (status_title, cell["status_label"]),
            ),
        }
        for cell in cells
    ]
    body: Spec = {
        "encoding": {
            "y": {
                "field": "axis",
                "type": "nominal",
                "title": axis_title,
                "scale": {"domain": list(axis_labels.values())},
            },
            "x": {
                "field": "network",
                "type": "nominal",
                "title": network_title,
                "scale": {"domain": list(network_labels.values())},
                "axis": {"orient": "top", "labelAngle": 0},
            },
            "description": {"field": "aria"},
            "tooltip": [
                {"field": "axis", "title": axis_title},
                {"field": "network", "title": network_title},
                {"field": "status", "title": status_title},
            ],
        },
        "layer": [
            {
                "mark": {"type": "rect", "stroke": WHITE, "strokeWidth": 2},
                "encoding": {
                    "color": {
                        "field": "status",
                        "type": "nominal",
                        "title": status_title,
                        "scale": {
                            "domain": [label for _id, label in legend],
                            "range": [colours[status] for status, _label in legend],
                        },
                    }
                },
            },
            {
                "mark": {"type": "text", "fontSize": 11, "limit": 110, "aria": False},
                "encoding": {
                    "text": {"field": "status"},
                    "color": ink_channel(),
                },
            },
        ],
    }
    return vega_lite(
        title=title,
        description=describe(description, title, [axis_title, network_title]),
        values=data,
        body=body,
        rows=len(axes),
        step=BAND_STEP + 10,
    )
