"""Evaluation of a business case (Forrester TEI conventions): flows, present values, NPV, ROI,
payback; Monte Carlo simulation and tornado sensitivity.

The plan is evaluated on Decimals; simulations evaluate the very same formulas on NumPy arrays
of draws (one array element per draw), so 100,000 draws cost a handful of array operations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from ..errors import Problem
from . import formula as fx
from .model import YEAR, BusinessCase, CaseError, Distribution, Formula, Line

DEFAULT_SIMULATIONS = 10_000
MAX_SIMULATIONS = 1_000_000
HISTOGRAM_BINS = 30
CENT = Decimal("0.01")
RATIO = Decimal("0.0001")

Overrides = Mapping[int, Mapping[str, Decimal]]  # period → input id → value


@dataclass(frozen=True)
class LineFlow:
    id: str
    kind: str
    risk: Decimal
    amounts: tuple[Decimal, ...]  # before risk adjustment, index 0 = initial
    adjusted: tuple[Decimal, ...]
    present_value: Decimal


@dataclass(frozen=True)
class PeriodFlow:
    period: int  # 0 = initial
    benefits: Decimal  # risk-adjusted
    costs: Decimal
    net: Decimal
    discount_factor: Decimal
    pv_benefits: Decimal
    pv_costs: Decimal
    cumulative: Decimal  # undiscounted net, up to this period

    @property
    def pv_net(self) -> Decimal:
        return self.pv_benefits - self.pv_costs


@dataclass(frozen=True)
class Evaluation:
    periods: tuple[PeriodFlow, ...]
    lines: tuple[LineFlow, ...]
    input_values: tuple[dict[str, Decimal], ...]  # every input's value, per period
    pv_benefits: Decimal
    pv_costs: Decimal
    npv: Decimal
    roi: Decimal | None  # None when the present value of costs is zero
    payback_months: int | None  # None: not within the horizon

    def as_dict(self) -> dict[str, Any]:
        return {
            "pv_benefits": _money(self.pv_benefits),
            "pv_costs": _money(self.pv_costs),
            "npv": _money(self.npv),
            "roi": None if self.roi is None else float(self.roi.quantize(RATIO)),
            "payback_months": self.payback_months,
            "periods": [
                {
                    "period": flow.period,
                    "benefits": _money(flow.benefits),
                    "costs": _money(flow.costs),
                    "net": _money(flow.net),
                    "discount_factor": float(flow.discount_factor.quantize(RATIO)),
                    "pv_benefits": _money(flow.pv_benefits),
                    "pv_costs": _money(flow.pv_costs),
                    "pv_net": _money(flow.pv_net),
                    "cumulative": _money(flow.cumulative),
                }
                for flow in self.periods
            ],
            "lines": [
                {
                    "id": line.id,
                    "kind": line.kind,
                    "risk": float(line.risk),
                    "amounts": [_money(a) for a in line.amounts],
                    "adjusted": [_money(a) for a in line.adjusted],
                    "present_value": _money(line.present_value),
                }
                for line in self.lines
            ],
        }


def _money(value: Decimal) -> float:
    if value.is_finite() and value.adjusted() >= 20:  # cannot be rounded to the cent in 28 digits
        return float(value)
    return float(value.quantize(CENT))


def _division_error(formula: Formula, case: BusinessCase, simulated: bool) -> CaseError:
    code = "division_by_zero_draw" if simulated else "division_by_zero"
    return CaseError(Problem(code, {"formula": formula.text}, path=formula.path, file=case.source))


def _evaluate(
    formula: Formula, env: Mapping[str, Any], const: Any, case: BusinessCase, simulated: bool
) -> Any:
    try:
        return fx.evaluate(formula.node, env, const)
    except fx.DivisionByZero:
        raise _division_error(formula, case, simulated) from None
    except ArithmeticError:  # decimal.Overflow: formulas that multiply huge values in a chain
        problem = Problem("formula_overflow", {"formula": formula.text}, path=formula.path, file=case.source)
        raise CaseError(problem) from None


def _period_env(
    case: BusinessCase,
    period: int,
    base: Mapping[str, Any],
    const: Any,
    overrides: Mapping[str, Any],
    sim: bool,
) -> dict[str, Any]:
    env = dict(base)
    env[YEAR] = const(Decimal(period))
    env.update(overrides)
    for name in case.order:
        if name in overrides:
            continue
        formula = case.inputs[name].formula
        assert formula is not None
        env[name] = _evaluate(formula, env, const, case, sim)
    return env


def _amount(
    line: Line, period: int, env: Mapping[str, Any], const: Any, case: BusinessCase, sim: bool
) -> Any:
    amount = line.amounts[period]
    if isinstance(amount, Formula):
        return _evaluate(amount, env, const, case, sim)
    return const(amount)


def discount_factors(case: BusinessCase) -> list[Decimal]:
    """1 for the initial period, then 1 / (1 + rate)^n."""
    return [Decimal(1) / (1 + case.rate) ** n for n in case.periods]


def evaluate_plan(
    case: BusinessCase,
    *,
    values: Mapping[str, Decimal] | None = None,
    overrides: Overrides | None = None,
) -> Evaluation:
    """The case with its planned values (``values`` replaces some of them in every period;
    ``overrides`` replaces an input's value in one period, e.g. an actual)."""
    base: dict[str, Any] = {name: item.value for name, item in case.inputs.items() if item.value is not None}
    if values:
        base.update(values)
    factors = discount_factors(case)
    sums = {"benefit": [Decimal(0)] * len(factors), "cost": [Decimal(0)] * len(factors)}
    raw: dict[str, list[Decimal]] = {line.id: [] for line in case.lines}
    input_values: list[dict[str, Decimal]] = []
    for period in case.periods:
        env = _period_env(case, period, base, _identity, (overrides or {}).get(period, {}), False)
        input_values.append({name: env[name] for name in case.inputs})
        for line in case.lines:
            value = Decimal(_amount(line, period, env, _identity, case, False))
            raw[line.id].append(value)
            sums[line.kind][period] += value * line.adjustment()
    line_flows = []
    for line in case.lines:
        adjusted = tuple(value * line.adjustment() for value in raw[line.id])
        pv = sum((a * f for a, f in zip(adjusted, factors, strict=True)), Decimal(0))
        line_flows.append(LineFlow(line.id, line.kind, line.risk, tuple(raw[line.id]), adjusted, pv))
    periods = []
    cumulative = Decimal(0)
    for period, factor in enumerate(factors):
        benefits, costs = sums["benefit"][period], sums["cost"][period]
        cumulative += benefits - costs
        periods.append(
            PeriodFlow(
                period,
                benefits,
                costs,
                benefits - costs,
                factor,
                benefits * factor,
                costs * factor,
                cumulative,
            )
        )
    pv_benefits = sum((p.pv_benefits for p in periods), Decimal(0))
    pv_costs = sum((p.pv_costs for p in periods), Decimal(0))
    npv = pv_benefits - pv_costs
    roi = npv / pv_costs if pv_costs != 0 else None
    return Evaluation(
        tuple(periods),
        tuple(line_flows),
        tuple(input_values),
        pv_benefits,
        pv_costs,
        npv,
        roi,
        payback_months([p.net for p in periods]),
    )


def _identity(value: Decimal) -> Decimal:
    return value


def payback_months(nets: list[Decimal]) -> int | None:
    """Months until the cumulative undiscounted net flow is ≥ 0 for good.

    The initial flow falls at month 0; each year's flow is spread evenly over its 12 months. The
    answer is the month after the last month whose cumulative flow is below zero (0 when it never
    is); None when the flow is still below zero at the end of the horizon.
    """
    cumulative = [nets[0]]
    previous = nets[0]
    for net in nets[1:]:
        for month in range(1, 12):
            cumulative.append(previous + net * month / 12)
        previous += net
        cumulative.append(previous)
    if cumulative[-1] < 0:
        return None
    negative = [month for month, value in enumerate(cumulative) if value < 0]
    return negative[-1] + 1 if negative else 0


# --- Monte Carlo -------------------------------------------------------------------------


def draw(distribution: Distribution, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` draws of one input."""
    low, high = distribution.low, distribution.high
    if distribution.kind == "triangular":
        assert distribution.mode is not None
        return rng.triangular(low, distribution.mode, high, n)
    if distribution.kind == "pert":
        assert distribution.mode is not None
        span = high - low
        alpha = 1 + 4 * (distribution.mode - low) / span
        beta = 1 + 4 * (high - distribution.mode) / span
        return low + rng.beta(alpha, beta, n) * span
    if distribution.kind == "uniform":
        return rng.uniform(low, high, n)
    assert distribution.mean is not None
    assert distribution.sd is not None
    values = rng.normal(distribution.mean, distribution.sd, n)
    if distribution.bounded:
        for _attempt in range(20):  # a truncated normal: redraw what falls outside the bounds
            outside = (values < low) | (values > high)
            count = int(outside.sum())
            if not count:
                break
            values[outside] = rng.normal(distribution.mean, distribution.sd, count)
        np.clip(values, low, high, out=values)
    return values


@dataclass(frozen=True)
class Simulation:
    draws: int
    seed: int | None
    npv: np.ndarray = field(repr=False)
    roi: np.ndarray = field(repr=False)

    def percentile(self, values: np.ndarray, q: float) -> float:
        finite = values[np.isfinite(values)]
        return float(np.percentile(finite, q)) if finite.size else float("nan")

    @property
    def probability_roi_positive(self) -> float:
        finite = self.roi[np.isfinite(self.roi)]
        return float(np.mean(finite > 0)) if finite.size else 0.0

    def histogram(self, bins: int = HISTOGRAM_BINS) -> list[tuple[float, float, int]]:
        """NPV distribution as ``(start, end, count)`` bins."""
        if not self.npv.size:
            return []
        counts, edges = np.histogram(self.npv, bins=bins)
        return [(float(edges[i]), float(edges[i + 1]), int(counts[i])) for i in range(len(counts))]

    def summary(self) -> dict[str, Any]:
        result: dict[str, Any] = {"simulations": self.draws, "seed": self.seed}
        for name, values, digits in (("npv", self.npv, 2), ("roi", self.roi, 4)):
            for q in (10, 50, 90):
                value = self.percentile(values, q)
                result[f"{name}_p{q}"] = round(value, digits) if np.isfinite(value) else None
        result["probability_roi_positive"] = round(self.probability_roi_positive, 4)
        return result


def simulate(case: BusinessCase, *, draws: int = DEFAULT_SIMULATIONS, seed: int | None = None) -> Simulation:
    """``draws`` joint draws of every uncertain input → NPV and ROI of each draw."""
    if not 1 <= draws <= MAX_SIMULATIONS:
        raise CaseError(Problem("simulations_out_of_range", {"limit": MAX_SIMULATIONS, "value": draws}))
    rng = np.random.default_rng(seed)
    base: dict[str, Any] = {}
    for name, item in case.inputs.items():
        if item.distribution is not None:
            base[name] = draw(item.distribution, draws, rng)
        elif item.value is not None:
            base[name] = float(item.value)
    rate = float(case.rate)
    pv_b = np.zeros(draws)
    pv_c = np.zeros(draws)
    for period in case.periods:
        env = _period_env(case, period, base, float, {}, True)
        factor = 1.0 / (1.0 + rate) ** period
        for line in case.lines:
            amount = _amount(line, period, env, float, case, True) * float(line.adjustment()) * factor
            if line.kind == "benefit":
                pv_b += amount
            else:
                pv_c += amount
    npv = pv_b - pv_c
    with np.errstate(divide="ignore", invalid="ignore"):
        roi = np.where(pv_c != 0, npv / np.where(pv_c != 0, pv_c, 1.0), np.nan)
    return Simulation(draws, seed, npv, roi)


# --- Sensitivity ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TornadoBar:
    input_id: str
    low: Decimal
    high: Decimal
    npv_low: Decimal
    npv_high: Decimal

    @property
    def swing(self) -> Decimal:
        return abs(self.npv_high - self.npv_low)


def tornado(case: BusinessCase, base: Evaluation | None = None) -> list[TornadoBar]:
    """NPV with each uncertain input at its low then its high value (others as planned), widest
    swing first. Low and high are the distribution's bounds (a normal without bounds: ± 3 sd)."""
    bars = []
    for item in case.uncertain_inputs:
        assert item.distribution is not None
        low = Decimal(repr(item.distribution.low))
        high = Decimal(repr(item.distribution.high))
        npv_low = evaluate_plan(case, values={item.id: low}).npv
        npv_high = evaluate_plan(case, values={item.id: high}).npv
        bars.append(TornadoBar(item.id, low, high, npv_low, npv_high))
    return sorted(bars, key=lambda bar: (-bar.swing, bar.input_id))
