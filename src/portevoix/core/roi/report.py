"""Everything a reader needs about a case, as plain JSON-ready data (CLI, JSON export, board pack)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..i18n import pick
from .engine import Evaluation, Simulation, TornadoBar, evaluate_plan, simulate, tornado
from .model import BusinessCase


def case_report(
    case: BusinessCase,
    *,
    language: str = "fr",
    simulations: int | None = None,
    seed: int | None = None,
    evaluation: Evaluation | None = None,
    simulation: Simulation | None = None,
    bars: list[TornadoBar] | None = None,
    indicator_values: Mapping[str, float | None] | None = None,
) -> dict[str, Any]:
    """The plan (present values, NPV, ROI, payback, flows); with ``simulations`` (or a given
    ``simulation``) the P10/P50/P90 of NPV and ROI, P(ROI > 0) and the histogram; the tornado;
    the qualitative indicators (``indicator_values`` gives their current values)."""
    spec = case.spec
    evaluation = evaluation or evaluate_plan(case)
    labels = {line.id: pick(line.spec.label.model_dump(), language) for line in case.lines}
    report: dict[str, Any] = {
        "id": spec.id,
        "name": pick(spec.name.model_dump(), language),
        "currency": spec.currency,
        "horizon_years": spec.horizon_years,
        "discount_rate": spec.discount_rate,
        **evaluation.as_dict(),
    }
    for line in report["lines"]:
        line["label"] = labels[line["id"]]
    if simulation is None and simulations:
        simulation = simulate(case, draws=simulations, seed=seed)
    if simulation is not None:
        report.update(simulation.summary())
        report["histogram"] = [
            {"start": round(start, 2), "end": round(end, 2), "count": count}
            for start, end, count in simulation.histogram()
        ]
    bars = tornado(case, evaluation) if bars is None else bars
    report["tornado"] = [
        {
            "input": bar.input_id,
            "label": pick(case.inputs[bar.input_id].spec.label.model_dump(), language),
            "low": float(bar.low),
            "high": float(bar.high),
            "npv_low": float(bar.npv_low.quantize(Decimal("0.01"))),
            "npv_high": float(bar.npv_high.quantize(Decimal("0.01"))),
        }
        for bar in bars
    ]
    values = indicator_values or {}
    report["indicators"] = [
        {
            "id": indicator.id,
            "label": pick(indicator.label.model_dump(), language),
            "measurement": indicator.measurement,
            "reference": indicator.reference,
            "unit": indicator.unit,
            "baseline": indicator.baseline,
            "target": indicator.target,
            "current": values.get(indicator.id, indicator.current),
        }
        for indicator in case.indicators
    ]
    return report
