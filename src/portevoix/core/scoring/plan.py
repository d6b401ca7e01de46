"""A framework compiled for scoring, and the scoring rules for one respondent.

The rules (see :mod:`.types` for the vocabulary):

- a question's score comes from :mod:`.questions`; only *expected* questions (weight > 0, not
  free text) count in a dimension;
- a dimension's score is the weighted mean of its scored answers, ``Σ(w·s) / Σ(w)``, or ``None``
  when none was scored; its coverage is the weight of the scored answers over the expected
  weight. "Don't know" answers are listed in ``not_scored`` and blanks in ``unanswered``:
  neither counts as covered, neither counts as zero;
- the overall score of each level of analysis is the weighted mean of the dimension scores that
  exist, with the dimension weights (the framework's, or adapted ones) renormalised over them.

:meth:`ScoringPlan.scorecard` applies them to one respondent, plainly; :mod:`.bulk` computes
the same numbers for many respondents at once, in the same order of operations, so both give
identical results (a test checks it on random answers).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import Problem, ProblemsError
from ..framework.schema import Framework
from .questions import UNANSWERED, CompiledQuestion, compile_question
from .types import AnswersInput, DimensionScore, Scorecard

LEVELS_OF_ANALYSIS = ("organisation", "person")


@dataclass(frozen=True)
class DimensionPlan:
    id: str
    level_of_analysis: str
    weight: float
    expected: tuple[CompiledQuestion, ...]  # scored questions, in framework order
    context: tuple[CompiledQuestion, ...]  # weight 0 or free text: checked, never scored
    expected_weight: float


class ScoringPlan:
    """A framework compiled for scoring: lookup tables built once, used for every respondent."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.questions: dict[str, CompiledQuestion] = {}
        dimensions = []
        for dimension in framework.dimensions:
            compiled = [compile_question(q) for q in dimension.questions]
            self.questions.update((q.id, q) for q in compiled)
            expected = tuple(q for q in compiled if q.expected)
            dimensions.append(
                DimensionPlan(
                    id=dimension.id,
                    level_of_analysis=dimension.level_of_analysis,
                    weight=float(dimension.weight),
                    expected=expected,
                    context=tuple(q for q in compiled if not q.expected),
                    expected_weight=sum(q.weight for q in expected),
                )
            )
        self.dimensions = tuple(dimensions)
        self.question_ids = frozenset(self.questions)

    def problems(self, answers: AnswersInput) -> list[Problem]:
        """Every problem of one respondent's answers, in the order of the answers."""
        problems: list[Problem] = []
        for question_id, value in answers.items():
            question = self.questions.get(question_id)
            if question is None:
                problems.append(Problem("unknown_question", {"question": question_id}, path=(question_id,)))
            else:
                problems.extend(question.problems(value))
        return problems

    def dimension_weights(self, weights: Mapping[str, float] | None) -> tuple[float, ...]:
        """Weight of each dimension, in framework order: ``weights`` where given, else the base."""
        resolved = tuple(
            float(weights.get(d.id, d.weight)) if weights is not None else d.weight for d in self.dimensions
        )
        for dimension, weight in zip(self.dimensions, resolved, strict=True):
            if not math.isfinite(weight) or weight < 0:
                raise ValueError(f"invalid weight {weight!r} for dimension {dimension.id!r}")
        return resolved

    def level_id(self, score: float | None) -> str | None:
        return None if score is None else self.framework.level_for(score).id

    # -- one respondent -----------------------------------------------------------------------

    def scorecard(self, respondent: str, answers: AnswersInput, weights: Sequence[float]) -> Scorecard:
        """One respondent's scorecard; raises :class:`ProblemsError` if any answer is invalid."""
        problems = self.problems(answers)
        if problems:
            raise ProblemsError(problems)
        dimensions = {d.id: self.dimension_score(d, answers) for d in self.dimensions}
        overall = self.overall(dimensions, weights)
        overall_level = {level: self.level_id(value) for level, value in overall.items()}
        return Scorecard(respondent, dimensions, overall, overall_level)

    def dimension_score(self, dimension: DimensionPlan, answers: AnswersInput) -> DimensionScore:
        """Σ(w·s) / Σ(w) over the scored answers, with coverage, blanks and "don't know"."""
        weighted_sum = 0.0
        answered_weight = 0.0
        answered = 0
        unanswered: list[str] = []
        not_scored: list[str] = []
        for question in dimension.expected:
            outcome = question.outcome(answers.get(question.id))
            if isinstance(outcome, float):
                weighted_sum += question.weight * outcome
                answered_weight += question.weight
                answered += 1
            elif outcome is UNANSWERED:
                unanswered.append(question.id)
            else:
                not_scored.append(question.id)
        score = weighted_sum / answered_weight if answered else None
        return DimensionScore(
            dimension_id=dimension.id,
            score=score,
            level_id=self.level_id(score),
            answered=answered,
            expected=len(dimension.expected),
            unanswered=tuple(unanswered),
            not_scored=tuple(not_scored),
            coverage=answered_weight / dimension.expected_weight if dimension.expected_weight else 0.0,
        )

    def overall(
        self, dimensions: Mapping[str, DimensionScore], weights: Sequence[float]
    ) -> dict[str, float | None]:
        """Per level of analysis, the weighted mean of the dimension scores that exist."""
        result: dict[str, float | None] = {}
        for level in LEVELS_OF_ANALYSIS:
            weighted_sum = 0.0
            weight_sum = 0.0
            for dimension, weight in zip(self.dimensions, weights, strict=True):
                score = dimensions[dimension.id].score
                if dimension.level_of_analysis == level and weight > 0 and score is not None:
                    weighted_sum += weight * score
                    weight_sum += weight
            result[level] = weighted_sum / weight_sum if weight_sum else None
        return result
