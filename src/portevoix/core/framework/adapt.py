"""The model adapted to each company: dimension weights that follow the organisation profile."""

from __future__ import annotations

from dataclasses import dataclass

from ..profile import OrganisationProfile
from .schema import Adjustment, Condition, Framework


def matches(condition: Condition, profile: OrganisationProfile) -> bool:
    """True when every criterion given in ``condition`` holds for ``profile``."""
    if condition.sector and profile.sector not in condition.sector:
        return False
    if condition.size_band and profile.size_band not in condition.size_band:
        return False
    if condition.market and profile.market not in condition.market:
        return False
    return not (condition.priorities and not profile.priorities.intersection(condition.priorities))


@dataclass(frozen=True)
class AdaptedWeights:
    """Weights per dimension for one profile, renormalised within each level of analysis."""

    base: dict[str, float]
    factors: dict[str, float]
    weights: dict[str, float]
    applied: tuple[Adjustment, ...]

    def change(self, dimension_id: str) -> float:
        """Effective minus base weight, in points of ``weights_total``."""
        return self.weights[dimension_id] - self.base[dimension_id]


def adapt_weights(framework: Framework, profile: OrganisationProfile) -> AdaptedWeights:
    applied = tuple(a for a in framework.adjustments if matches(a.when, profile))
    factors = {d.id: 1.0 for d in framework.dimensions}
    for adjustment in applied:
        for dimension_id, factor in adjustment.multiply.items():
            factors[dimension_id] *= factor
    base = {d.id: d.weight for d in framework.dimensions}
    weights: dict[str, float] = {}
    for level in ("organisation", "person"):
        dimensions = framework.dimensions_at(level)
        raw = {d.id: d.weight * factors[d.id] for d in dimensions}
        total = sum(raw.values())
        for dimension_id, value in raw.items():
            weights[dimension_id] = value / total * framework.weights_total
    return AdaptedWeights(base=base, factors=factors, weights=weights, applied=applied)
