"""Scoring: answers → scorecards (per dimension, with coverage), group aggregates and gaps."""

from .aggregate import (
    ANONYMITY_FLOOR,
    DEFAULT_ANONYMITY_THRESHOLD,
    alignment_for,
    dimension_spread,
    group_aggregate,
    perception_gaps,
    team_aggregate,
)
from .engine import score, score_many, validate_answers
from .plan import ScoringPlan
from .questions import MAX_TEXT_CHARS
from .types import (
    MIN_COVERAGE,
    Alignment,
    Answers,
    AnswersInput,
    AnswerStatus,
    AnswerValue,
    DimensionScore,
    DimensionSpread,
    GroupAggregate,
    PerceptionGap,
    Scorecard,
)

__all__ = [
    "ANONYMITY_FLOOR",
    "DEFAULT_ANONYMITY_THRESHOLD",
    "MAX_TEXT_CHARS",
    "MIN_COVERAGE",
    "Alignment",
    "AnswerStatus",
    "AnswerValue",
    "Answers",
    "AnswersInput",
    "DimensionScore",
    "DimensionSpread",
    "GroupAggregate",
    "PerceptionGap",
    "Scorecard",
    "ScoringPlan",
    "alignment_for",
    "dimension_spread",
    "group_aggregate",
    "perception_gaps",
    "score",
    "score_many",
    "team_aggregate",
    "validate_answers",
]
