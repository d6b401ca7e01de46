"""What the business-case pages show: charts (specs from core.charts.roi), rows of the editor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from portevoix.core.charts import Spec
from portevoix.core.charts.roi import cash_flow_waterfall, npv_histogram, tornado_chart
from portevoix.core.errors import Problem
from portevoix.core.i18n import pick
from portevoix.core.roi import BusinessCase as Case
from portevoix.core.roi.edit import DISTRIBUTION_PARAMETERS

from .selectors import EvaluatedCase


def period_label(period: int) -> str:
    return _("Initial") if period == 0 else _("Year %(n)d") % {"n": period}


def distribution_labels() -> dict[str, str]:
    return {
        "none": _("none (certain)"),
        "triangular": _("triangular (min, most likely, max)"),
        "pert": _("PERT (min, most likely, max)"),
        "uniform": _("uniform (min, max)"),
        "normal": _("normal (mean, standard deviation, optional bounds)"),
    }


def parameter_labels() -> dict[str, str]:
    return {
        "min": _("min"),
        "mode": _("most likely"),
        "max": _("max"),
        "mean": _("mean"),
        "sd": _("standard deviation"),
    }


def measurement_label(kind: str) -> str:
    labels = {"survey_item": _("survey item"), "observed": _("observed indicator"), "rating": _("rating")}
    return labels.get(kind, kind)


def charts(evaluated: EvaluatedCase, language: str) -> dict[str, Spec]:
    """The three charts of a case: waterfall, NPV distribution (with simulations), tornado."""
    case, evaluation = evaluated.case, evaluated.evaluation
    if case is None or evaluation is None:
        return {}
    currency = case.spec.currency
    found: dict[str, Spec] = {
        "waterfall": cash_flow_waterfall(
            [(period_label(p.period), float(p.net)) for p in evaluation.periods],
            period_title=_("Period"),
            flow_title=_("Net flow"),
            cumulative_title=_("Cumulative"),
            total_label=_("Total"),
            currency=currency,
            title=_("Risk-adjusted net cash flow per period"),
            description=_(
                "Waterfall of the risk-adjusted net flow of each period, then the undiscounted total."
            ),
        )
    }
    simulation = evaluated.simulation
    if simulation is not None:
        found["histogram"] = npv_histogram(
            simulation.histogram(),
            npv_title=_("NPV"),
            count_title=_("Draws"),
            currency=currency,
            markers=[(f"P{q}", simulation.percentile(simulation.npv, q)) for q in (10, 50, 90)],
            title=_("Distribution of the NPV over %(n)s simulations") % {"n": f"{simulation.draws:,}"},
            description=_("Histogram of the simulated NPVs, with their 10th, 50th and 90th percentiles."),
        )
    if evaluated.bars:
        found["tornado"] = tornado_chart(
            [
                (
                    pick(case.inputs[bar.input_id].spec.label.model_dump(), language),
                    float(bar.low),
                    float(bar.high),
                    float(bar.npv_low),
                    float(bar.npv_high),
                )
                for bar in evaluated.bars
            ],
            float(evaluation.npv),
            low_title=_("Input at its low value"),
            high_title=_("Input at its high value"),
            npv_title=_("NPV"),
            currency=currency,
            title=_("Sensitivity of the NPV (tornado)"),
            description=_(
                "NPV when each uncertain input is at its low then its high value, the others as planned."
            ),
        )
    return found


@dataclass
class InputRow:
    id: str
    label: str
    help: str
    unit: str
    source: str
    value: Any
    formula: str
    kind: str
    parameters: dict[str, Any]
    problems: list[str] = field(default_factory=list)


def unit_label(unit: str, currency: str) -> str:
    labels = {
        "money": currency,
        "count": _("number"),
        "fraction": _("fraction (0.2 = 20 %)"),
        "hours": _("hours"),
        "number": "",
    }
    return labels.get(unit, unit)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def input_rows(data: dict[str, Any], case: Case | None, language: str) -> list[InputRow]:
    """One row per input of ``data`` (possibly not yet valid), for the editor."""
    currency = str(data.get("currency", "EUR"))
    rows = []
    for item in data.get("inputs", []) or []:
        if not isinstance(item, dict):
            continue
        distribution: dict[str, Any] = _mapping(item.get("distribution"))
        label = _mapping(item.get("label"))
        help_text = _mapping(item.get("help"))
        kind = str(distribution.get("kind", "none")) if distribution else "none"
        rows.append(
            InputRow(
                id=str(item.get("id", "")),
                label=pick(label, language) or str(item.get("id", "")),
                help=pick(help_text, language),
                unit=unit_label(str(item.get("unit", "number")), currency),
                source=str(item.get("source") or ""),
                value=item.get("value"),
                formula=str(item.get("formula") or ""),
                kind=kind,
                parameters={name: distribution.get(name) for name in ("min", "mode", "max", "mean", "sd")},
            )
        )
    return rows


def problem_place(problem: Problem, data: dict[str, Any], language: str) -> str:
    """Where a problem is, in the reader's words: the label of the input or line."""
    path = problem.path
    if (
        len(path) >= 2
        and path[0] in ("inputs", "benefits", "costs", "indicators")
        and isinstance(path[1], int)
    ):
        items = data.get(str(path[0])) or []
        if 0 <= path[1] < len(items) and isinstance(items[path[1]], dict):
            label = items[path[1]].get("label")
            if isinstance(label, dict):
                return pick(label, language)
            return str(items[path[1]].get("id", ""))
    return problem.location


def parameters_of(kind: str) -> tuple[str, ...]:
    return DISTRIBUTION_PARAMETERS.get(kind, ())
