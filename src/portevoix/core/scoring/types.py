"""The shapes that scoring produces. Pure data: the web, the CLI and reports all read these.

Vocabulary:
- an *answer* is what a respondent gave to one question: an option id (single choice), a list
  of option ids (multiple choice), a number (scale) or text (free text); ``None`` or an empty
  list means *unanswered*;
- an answer is *scored* when it yields a 0–100 value; choosing an option whose score is
  ``null`` ("I don't know") or writing free text is *answered but not scored*;
- unanswered questions are never counted as zero: they lower the *coverage* of a dimension,
  which is reported beside its score.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

AnswerValue = str | list[str] | int | float | None
Answers = Mapping[str, AnswerValue]
# What the scoring functions take: answers of any type (stored JSON, form data), which they check.
AnswersInput = Mapping[str, object]

# Below this share of its expected weight answered, a dimension score is shown as unreliable.
MIN_COVERAGE = 0.5

# Alignment of a group on one dimension, from the population standard deviation of its scores.
MIXED_FROM = 10.0  # below: aligned
DIVIDED_FROM = 20.0  # from here: divided


class AnswerStatus(enum.StrEnum):
    SCORED = "scored"
    UNANSWERED = "unanswered"
    NOT_SCORED = "not_scored"


class Alignment(enum.StrEnum):
    """How far apart the members of a group are on one dimension (standard deviation, points)."""

    ALIGNED = "aligned"  # stdev < 10
    MIXED = "mixed"  # 10 <= stdev < 20
    DIVIDED = "divided"  # stdev >= 20
    INSUFFICIENT = "insufficient"  # fewer than 2 scores


@dataclass(frozen=True)
class DimensionScore:
    dimension_id: str
    score: float | None  # 0–100; None when no scored answer
    level_id: str | None
    answered: int  # scored questions that received a scored answer
    expected: int  # scored questions of the dimension (weight > 0, not free text)
    unanswered: tuple[str, ...] = ()  # ids of scored questions left blank
    not_scored: tuple[str, ...] = ()  # ids answered "don't know" / not applicable
    coverage: float = 0.0  # answered weight / expected weight, 0–1

    @property
    def reliable(self) -> bool:
        return self.score is not None and self.coverage >= MIN_COVERAGE


@dataclass(frozen=True)
class Scorecard:
    """One respondent's (or one group's) scores."""

    respondent: str
    dimensions: dict[str, DimensionScore]
    overall: dict[str, float | None]  # by level of analysis: "organisation", "person"
    overall_level: dict[str, str | None]
    # Observed indicators from evidence (activity data) per dimension, 0–100, filled by a later
    # feature: they sit beside the declared scores so the say–do gap can be computed.
    observed: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class DimensionSpread:
    dimension_id: str
    n: int
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None
    stdev: float | None  # population standard deviation
    alignment: Alignment

    @property
    def range(self) -> float | None:
        if self.minimum is None or self.maximum is None:
            return None
        return self.maximum - self.minimum


@dataclass(frozen=True)
class GroupAggregate:
    """A group's (codir, team survey) scores: the mean scorecard and the spread per dimension."""

    n: int
    mean: Scorecard
    spreads: dict[str, DimensionSpread]


@dataclass(frozen=True)
class PerceptionGap:
    """Self-assessment minus the mean of others' ratings of the same person, per dimension."""

    dimension_id: str
    self_score: float | None
    others_mean: float | None
    n_others: int

    @property
    def gap(self) -> float | None:
        if self.self_score is None or self.others_mean is None:
            return None
        return self.self_score - self.others_mean
