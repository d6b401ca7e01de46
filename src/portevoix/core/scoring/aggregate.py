"""Groups of scorecards: the mean scorecard, the spread per dimension, perception gaps, teams.

- A group (a codir, a team survey) is summed up by its *mean scorecard* (per dimension the mean
  of the members' scores that exist) and the *spread* of those scores, whose population
  standard deviation gives the group's :class:`Alignment`.
- A *perception gap* compares a person's self-assessment with the mean of others' ratings.
- A *team aggregate* is only shown from ``threshold`` respondents up (never below
  :data:`ANONYMITY_FLOOR`), and a dimension answered by fewer than ``threshold`` of them shows
  no score: otherwise one member's answers could be read off the team's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from ..framework.schema import Framework
from .plan import DimensionPlan, ScoringPlan
from .types import (
    DIVIDED_FROM,
    MIXED_FROM,
    Alignment,
    DimensionScore,
    DimensionSpread,
    GroupAggregate,
    PerceptionGap,
    Scorecard,
)

ANONYMITY_FLOOR = 3
DEFAULT_ANONYMITY_THRESHOLD = 5
# Others' ratings of a leader are shown as a mean of at least this many assessors: with one, the
# leader would read that colleague's answers. When the campaign shares individual results, each
# assessor also sees the mean and could subtract their own rating, so it takes one more.
PEER_MINIMUM = 2
PEER_MINIMUM_SHARED = 3


def alignment_for(stdev: float | None, n: int) -> Alignment:
    """Aligned below 10 points of standard deviation, mixed below 20, divided from 20."""
    if n < 2 or stdev is None:
        return Alignment.INSUFFICIENT
    if stdev < MIXED_FROM:
        return Alignment.ALIGNED
    if stdev < DIVIDED_FROM:
        return Alignment.MIXED
    return Alignment.DIVIDED


def dimension_spread(dimension_id: str, scores: Sequence[float]) -> DimensionSpread:
    """Count, mean, median, extremes and population standard deviation of ``scores``.

    The standard deviation needs two scores: with one, it is ``None`` (not a perfect 0).
    """
    n = len(scores)
    if n == 0:
        return DimensionSpread(dimension_id, 0, None, None, None, None, None, Alignment.INSUFFICIENT)
    values = np.asarray(scores, dtype=float)
    stdev = float(values.std()) if n >= 2 else None
    return DimensionSpread(
        dimension_id=dimension_id,
        n=n,
        mean=float(values.mean()),
        median=float(np.median(values)),
        minimum=float(values.min()),
        maximum=float(values.max()),
        stdev=stdev,
        alignment=alignment_for(stdev, n),
    )


def _withheld(spread: DimensionSpread) -> DimensionSpread:
    """The spread of a dimension too few people scored: the count only."""
    return replace(dimension_spread(spread.dimension_id, []), n=spread.n)


def _mean_dimension(
    plan: ScoringPlan, dimension: DimensionPlan, members: Sequence[DimensionScore], mean: float | None
) -> DimensionScore:
    """The group's dimension: mean score and coverage; the questions nobody gave a score to."""
    count = len(members)
    blanks = Counter(question_id for m in members for question_id in m.unanswered)
    dont_knows = Counter(question_id for m in members for question_id in m.not_scored)
    everyone_blank = [q.id for q in dimension.expected if blanks[q.id] == count]
    nobody_scored = [
        q.id for q in dimension.expected if dont_knows[q.id] and blanks[q.id] + dont_knows[q.id] == count
    ]
    return DimensionScore(
        dimension_id=dimension.id,
        score=mean,
        level_id=plan.level_id(mean),
        answered=round(sum(m.answered for m in members) / count) if count else 0,
        expected=len(dimension.expected),
        unanswered=tuple(everyone_blank),
        not_scored=tuple(nobody_scored),
        coverage=sum(m.coverage for m in members) / count if count else 0.0,
    )


def _mean_observed(scorecards: Sequence[Scorecard], min_count: int) -> dict[str, float]:
    values: dict[str, list[float]] = {}
    for card in scorecards:
        for dimension_id, value in card.observed.items():
            values.setdefault(dimension_id, []).append(value)
    return {key: sum(v) / len(v) for key, v in values.items() if len(v) >= min_count}


def _aggregate(
    framework: Framework,
    scorecards: Sequence[Scorecard],
    weights: Mapping[str, float] | None,
    min_count: int,
) -> GroupAggregate:
    plan = ScoringPlan(framework)
    dimensions: dict[str, DimensionScore] = {}
    spreads: dict[str, DimensionSpread] = {}
    for dimension in plan.dimensions:
        members = [c.dimensions[dimension.id] for c in scorecards if dimension.id in c.dimensions]
        spread = dimension_spread(dimension.id, [m.score for m in members if m.score is not None])
        if spread.n < min_count:
            spread = _withheld(spread)
        spreads[dimension.id] = spread
        dimensions[dimension.id] = _mean_dimension(plan, dimension, members, spread.mean)
    overall = plan.overall(dimensions, plan.dimension_weights(weights))
    mean = Scorecard(
        respondent="",
        dimensions=dimensions,
        overall=overall,
        overall_level={level: plan.level_id(value) for level, value in overall.items()},
        observed=_mean_observed(scorecards, min_count),
    )
    return GroupAggregate(n=len(scorecards), mean=mean, spreads=spreads)


def group_aggregate(
    framework: Framework, scorecards: Iterable[Scorecard], *, weights: Mapping[str, float] | None = None
) -> GroupAggregate:
    """The group's mean scorecard and, per dimension, the spread of its members' scores.

    The mean scorecard's ``unanswered`` lists the questions every member left blank, and its
    ``not_scored`` those nobody gave a score to but someone answered "don't know".
    """
    return _aggregate(framework, list(scorecards), weights, min_count=1)


def perception_gaps(
    self_card: Scorecard, others: Sequence[Scorecard], *, minimum: int = PEER_MINIMUM
) -> dict[str, PerceptionGap]:
    """Per dimension of ``self_card``: the self score against the mean of the others' scores.

    The mean is ``None`` on a dimension scored by fewer than ``minimum`` assessors (the count
    is kept, so that the page can say how many more are needed).
    """
    gaps: dict[str, PerceptionGap] = {}
    for dimension_id, own in self_card.dimensions.items():
        scores = [
            score
            for other in others
            if dimension_id in other.dimensions
            and (score := other.dimensions[dimension_id].score) is not None
        ]
        others_mean = sum(scores) / len(scores) if scores and len(scores) >= max(minimum, 1) else None
        gaps[dimension_id] = PerceptionGap(dimension_id, own.score, others_mean, len(scores))
    return gaps


def team_aggregate(
    framework: Framework,
    scorecards: Iterable[Scorecard],
    *,
    threshold: int = DEFAULT_ANONYMITY_THRESHOLD,
    weights: Mapping[str, float] | None = None,
) -> GroupAggregate | None:
    """A team's aggregate, or ``None`` when fewer than ``threshold`` people answered.

    Dimensions scored by fewer than ``threshold`` members show no score, level or spread (only
    the count). ``threshold`` below :data:`ANONYMITY_FLOOR` raises ``ValueError``.
    """
    if threshold < ANONYMITY_FLOOR:
        raise ValueError(f"the anonymity threshold must be at least {ANONYMITY_FLOOR}, not {threshold}")
    cards = list(scorecards)
    if len(cards) < threshold:
        return None
    return _aggregate(framework, cards, weights, min_count=threshold)
