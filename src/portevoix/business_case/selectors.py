"""Reads of business cases, always scoped to one organisation, and their evaluation.

``current_case(organisation)`` is the entry point for other apps (the board pack): the most
recently updated case of the organisation, evaluated, as plain JSON-ready data.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language

from portevoix.core.errors import Problem
from portevoix.core.roi import BusinessCase as Case
from portevoix.core.roi import (
    CaseError,
    Evaluation,
    Simulation,
    TornadoBar,
    evaluate_plan,
    load_case_data,
    simulate,
)
from portevoix.core.roi import tornado as tornado_bars
from portevoix.core.roi.report import case_report
from portevoix.tenancy.models import Organisation

from .models import Actual, BusinessCase


def case_list(*, organisation: Organisation) -> QuerySet[BusinessCase]:
    return BusinessCase.objects.filter(organisation=organisation)


def case_get(*, organisation: Organisation, pk: int) -> BusinessCase:
    """A case of the organisation, or 404 — also for another tenant's case."""
    return get_object_or_404(BusinessCase, organisation=organisation, pk=pk)


@dataclass(frozen=True)
class ActualRow:
    input_id: str
    period: int
    plan: Decimal
    actual: Decimal
    source: str
    note: str

    @property
    def gap(self) -> Decimal:
        return self.actual - self.plan


@dataclass
class EvaluatedCase:
    record: BusinessCase
    case: Case | None
    problems: list[Problem] = field(default_factory=list)
    evaluation: Evaluation | None = None
    simulation: Simulation | None = None
    bars: list[TornadoBar] = field(default_factory=list)
    actual_evaluation: Evaluation | None = None
    actual_rows: list[ActualRow] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)


def actual_overrides(record: BusinessCase) -> tuple[dict[int, dict[str, Decimal]], list[Actual]]:
    actuals = list(Actual.objects.filter(business_case=record))
    overrides: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for actual in actuals:
        overrides[actual.period][actual.input_id] = actual.value
    return dict(overrides), actuals


def case_evaluate(
    record: BusinessCase, *, data: dict[str, Any] | None = None, language: str | None = None
) -> EvaluatedCase:
    """The case (``data`` instead of its stored definition, e.g. for a preview), evaluated: plan,
    simulation with the case's draws and seed, tornado, plan vs actual."""
    language = language or get_language() or "fr"
    result = load_case_data(data if data is not None else record.definition)
    if result.case is None:
        return EvaluatedCase(record, None, result.problems)
    case = result.case
    try:
        evaluation = evaluate_plan(case)
        simulation = (
            simulate(case, draws=record.simulations, seed=record.seed) if case.uncertain_inputs else None
        )
        bars = tornado_bars(case, evaluation)
        overrides, actuals = actual_overrides(record)
        known = [a for a in actuals if a.input_id in case.inputs and a.period <= case.horizon]
        actual_evaluation = evaluate_plan(case, overrides=overrides) if known else None
    except CaseError as error:
        return EvaluatedCase(record, case, [error.problem])
    rows = [
        ActualRow(
            a.input_id, a.period, evaluation.input_values[a.period][a.input_id], a.value, a.source, a.note
        )
        for a in known
    ]
    report = case_report(case, language=language, evaluation=evaluation, simulation=simulation, bars=bars)
    report["business_case_id"] = record.pk
    report["title"] = record.name
    report["updated_at"] = record.updated_at.isoformat() if record.updated_at else None
    if actual_evaluation is not None:
        report["with_actuals"] = {
            "npv": float(actual_evaluation.npv.quantize(Decimal("0.01"))),
            "roi": None
            if actual_evaluation.roi is None
            else float(actual_evaluation.roi.quantize(Decimal("0.0001"))),
            "payback_months": actual_evaluation.payback_months,
        }
    report["actuals"] = [
        {
            "input": r.input_id,
            "period": r.period,
            "plan": float(r.plan),
            "actual": float(r.actual),
            "source": r.source,
        }
        for r in rows
    ]
    return EvaluatedCase(record, case, [], evaluation, simulation, bars, actual_evaluation, rows, report)


def current_case(organisation: Organisation, *, language: str | None = None) -> dict[str, Any] | None:
    """The organisation's latest business case, evaluated (NPV, ROI, payback, P10–P90, tornado,
    qualitative indicators, plan vs actual), or None when it has none (or it cannot be evaluated)."""
    record = case_list(organisation=organisation).first()
    if record is None:
        return None
    evaluated = case_evaluate(record, language=language)
    return evaluated.report or None


@dataclass(frozen=True)
class EvidenceOffer:
    input_id: str
    period: int
    value: Decimal
    basis: str  # e.g. "company page impressions, 2026-09-02 – 2026-11-30, annualised"


def evidence_offers(
    record: BusinessCase, case: Case, *, today: datetime.date | None = None
) -> list[EvidenceOffer]:
    """Actuals the activity data can give: the company page's impressions (annualised) for every
    driver whose id names impressions, in the current year of the case."""
    from portevoix.evidence.selectors import company_indicators

    drivers = [name for name, item in case.inputs.items() if "impressions" in name and item.formula is None]
    if not drivers:
        return []
    today = today or timezone.localdate()
    page = company_indicators(organisation=record.organisation, today=today)
    if page is None or page.impressions is None:
        return []
    days = (page.end - page.start).days + 1
    yearly = Decimal(repr(page.impressions)) * Decimal(365) / Decimal(max(days, 1))
    started = record.created_at.date() if record.created_at else today
    period = min(max((today - started).days // 365 + 1, 1), case.horizon)
    basis = f"{page.start.isoformat()} – {page.end.isoformat()}"
    return [EvidenceOffer(name, period, yearly.quantize(Decimal(1)), basis) for name in drivers]
