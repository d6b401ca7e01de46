"""The scoring entry points: check answers, score one respondent, score many."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..errors import Problem, ProblemsError
from ..framework.schema import Framework
from . import bulk
from .plan import ScoringPlan
from .types import AnswersInput, Scorecard


def validate_answers(framework: Framework, answers: AnswersInput) -> list[Problem]:
    """Every problem of one respondent's answers, each with ``path=(question_id, …)``."""
    return ScoringPlan(framework).problems(answers)


def score(
    framework: Framework,
    answers: AnswersInput,
    *,
    respondent: str = "",
    weights: Mapping[str, float] | None = None,
) -> Scorecard:
    """One respondent's scorecard; raises :class:`ProblemsError` listing every invalid answer.

    ``weights`` maps dimension ids to weights (e.g. ``AdaptedWeights.weights``; a dimension it
    does not name keeps the framework's weight). They only shape the overall scores. To score
    many respondents, :func:`score_many` is much faster.
    """
    plan = ScoringPlan(framework)
    return plan.scorecard(respondent, answers, plan.dimension_weights(weights))


def score_many(
    framework: Framework,
    rows: Iterable[tuple[str, AnswersInput]],
    *,
    weights: Mapping[str, float] | None = None,
) -> list[Scorecard]:
    """The scorecards of many ``(respondent, answers)`` rows, equal to :func:`score`'s.

    Raises :class:`ProblemsError` with every problem of every row, each path starting with the
    respondent: ``(respondent, question_id, …)``.
    """
    table = list(rows)
    plan = ScoringPlan(framework)
    try:
        return bulk.scorecards(plan, table, plan.dimension_weights(weights))
    except bulk.InvalidRows as error:
        problems = [
            Problem(p.code, p.params, path=(table[index][0], *p.path))
            for index in error.indexes
            for p in plan.problems(table[index][1])
        ]
        raise ProblemsError(problems) from None
