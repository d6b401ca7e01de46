"""Changes to a case's definition from a form: planned values, distributions, line risks.

Pure functions on the plain data (the YAML's shape); the result is validated like any file.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

DISTRIBUTION_PARAMETERS = {
    "triangular": ("min", "mode", "max"),
    "pert": ("min", "mode", "max"),
    "uniform": ("min", "max"),
    "normal": ("mean", "sd", "min", "max"),
}
NO_DISTRIBUTION = "none"


def apply_changes(
    data: Mapping[str, Any],
    *,
    inputs: Mapping[str, Mapping[str, Any]] | None = None,
    risks: Mapping[str, float] | None = None,
    discount_rate: float | None = None,
) -> dict[str, Any]:
    """A copy of ``data`` with, per input id, ``value``, ``kind`` (a distribution kind or "none")
    and the distribution's parameters; per line id its ``risk``; and the discount rate."""
    result = copy.deepcopy(dict(data))
    changes = inputs or {}
    for item in result.get("inputs", []):
        change = changes.get(item.get("id"))
        if not change or "formula" in item:
            continue
        if change.get("value") is not None:
            item["value"] = change["value"]
        kind = change.get("kind")
        if kind == NO_DISTRIBUTION:
            item.pop("distribution", None)
        elif kind in DISTRIBUTION_PARAMETERS:
            distribution = {"kind": kind}
            for name in DISTRIBUTION_PARAMETERS[kind]:
                value = change.get(name)
                if value is not None:
                    distribution[name] = value
            item["distribution"] = distribution
    for key in ("benefits", "costs"):
        for line in result.get(key, []):
            if risks and line.get("id") in risks:
                line["risk"] = risks[line["id"]]
    if discount_rate is not None:
        result["discount_rate"] = discount_rate
    return result
