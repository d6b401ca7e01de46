"""Say–do: read observed indicators as 0–100 scores on the framework's dimensions."""

from __future__ import annotations

from collections.abc import Mapping

from .schema import Dimension, Framework, Observed


def observed_value(rule: Observed, value: float) -> float:
    span = rule.full - rule.zero
    if span == 0:
        return 100.0 if value >= rule.full else 0.0
    return max(0.0, min(100.0, (value - rule.zero) / span * 100))


def observed_score(dimension: Dimension, indicators: Mapping[str, float | None]) -> float | None:
    """Weighted mean over the rules whose indicator is known; None when none is."""
    total = weight = 0.0
    for rule in dimension.observed:
        value = indicators.get(rule.indicator)
        if value is None:
            continue
        total += observed_value(rule, float(value)) * rule.weight
        weight += rule.weight
    return total / weight if weight else None


def observed_scores(framework: Framework, indicators: Mapping[str, float | None]) -> dict[str, float]:
    """Dimension id → observed score, for the dimensions that have rules and known indicators."""
    scores = {}
    for dimension in framework.dimensions:
        score = observed_score(dimension, indicators)
        if score is not None:
            scores[dimension.id] = score
    return scores
