"""The rules of :mod:`.plan`, for many respondents at once.

Column by column: the answers of every respondent to one question are looked up together
(:meth:`CompiledQuestion.codes`), then dimension and overall scores are computed with numpy
over all respondents. Every sum runs question by question and dimension by dimension, in the
order :meth:`ScoringPlan.scorecard` uses, and numpy's element-wise arithmetic is the same IEEE
arithmetic as Python's, so the results are identical to scoring each respondent on its own.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from .plan import LEVELS_OF_ANALYSIS, DimensionPlan, ScoringPlan
from .questions import INVALID_CODE, NOT_SCORED_CODE, UNANSWERED_CODE
from .types import AnswersInput, DimensionScore, Scorecard

Floats = npt.NDArray[np.float64]
_T = TypeVar("_T")


class InvalidRows(Exception):
    """Some rows have invalid answers; :meth:`ScoringPlan.problems` tells which and why."""

    def __init__(self, indexes: list[int]) -> None:
        super().__init__(f"invalid answers in rows {indexes[:10]}")
        self.indexes = indexes


@dataclass
class DimensionColumns:
    """One dimension's results for every respondent, indexed by row."""

    scores: Floats  # NaN where no answer was scored
    answered: list[int]
    coverage: list[float]
    unanswered: dict[int, list[str]]  # only the rows that have some
    not_scored: dict[int, list[str]]


def scorecards(
    plan: ScoringPlan, rows: Sequence[tuple[str, AnswersInput]], weights: Sequence[float]
) -> list[Scorecard]:
    """Every row's scorecard; raises :class:`InvalidRows` when some rows have invalid answers."""
    with _collection_paused():
        answers = [row_answers for _respondent, row_answers in rows]
        codes = answer_codes(plan, answers)
        columns = {d.id: dimension_columns(d, codes, len(answers)) for d in plan.dimensions}
        overall_scores = overall(plan, {key: c.scores for key, c in columns.items()}, weights)
        dimensions = [dimension_scores(plan, d, columns[d.id]) for d in plan.dimensions]
        return _assemble(
            [respondent for respondent, _answers in rows],
            tuple(columns),
            dimensions,
            {level: _optional_floats(values) for level, values in overall_scores.items()},
            {level: level_ids(plan, values) for level, values in overall_scores.items()},
        )


def answer_codes(plan: ScoringPlan, answers: Sequence[AnswersInput]) -> dict[str, Floats]:
    """Every answer as a number (its score or a negative code), one array per question."""
    question_ids = tuple(plan.questions)
    invalid: set[int] = set()
    values: list[tuple[object, ...]] = []
    # Row by row, each respondent's answers are read once (column by column is twice as slow).
    for row, row_answers in enumerate(answers):
        if not row_answers.keys() <= plan.question_ids:
            invalid.add(row)
        values.append(tuple(map(row_answers.get, question_ids)))
    columns = zip(*values, strict=True) if values else repeat((), len(question_ids))
    codes: dict[str, Floats] = {}
    for (question_id, question), column in zip(plan.questions.items(), columns, strict=True):
        column_codes = np.array(question.codes(column), dtype=float)
        invalid.update(np.flatnonzero(column_codes == INVALID_CODE).tolist())
        codes[question_id] = column_codes
    if invalid:
        raise InvalidRows(sorted(invalid))
    return codes


def dimension_columns(dimension: DimensionPlan, codes: Mapping[str, Floats], n: int) -> DimensionColumns:
    """Σ(w·s) / Σ(w) over each row's scored answers, with coverage, blanks and "don't know"."""
    weighted_sum = np.zeros(n)
    answered_weight = np.zeros(n)
    answered = np.zeros(n, dtype=np.int64)
    unanswered: dict[int, list[str]] = {}
    not_scored: dict[int, list[str]] = {}
    for question in dimension.expected:
        column = codes[question.id]
        scored = column >= 0
        weighted_sum += np.where(scored, column, 0.0) * question.weight
        answered_weight += np.where(scored, question.weight, 0.0)
        answered += scored
        for row in np.flatnonzero(column == UNANSWERED_CODE).tolist():
            unanswered.setdefault(row, []).append(question.id)
        for row in np.flatnonzero(column == NOT_SCORED_CODE).tolist():
            not_scored.setdefault(row, []).append(question.id)
    scores = np.divide(weighted_sum, answered_weight, out=np.full(n, np.nan), where=answered > 0)
    if dimension.expected_weight:
        coverage = (answered_weight / dimension.expected_weight).tolist()
    else:
        coverage = [0.0] * n
    return DimensionColumns(scores, answered.tolist(), coverage, unanswered, not_scored)


def overall(plan: ScoringPlan, scores: Mapping[str, Floats], weights: Sequence[float]) -> dict[str, Floats]:
    """Per level of analysis, the weighted mean of the dimension scores that exist (not NaN)."""
    n = len(next(iter(scores.values())))
    result: dict[str, Floats] = {}
    for level in LEVELS_OF_ANALYSIS:
        weighted_sum = np.zeros(n)
        weight_sum = np.zeros(n)
        for dimension, weight in zip(plan.dimensions, weights, strict=True):
            if dimension.level_of_analysis != level or weight <= 0:
                continue
            column = scores[dimension.id]
            present = ~np.isnan(column)
            weighted_sum += np.where(present, column, 0.0) * weight
            weight_sum += np.where(present, weight, 0.0)
        result[level] = np.divide(weighted_sum, weight_sum, out=np.full(n, np.nan), where=weight_sum > 0)
    return result


def level_ids(plan: ScoringPlan, scores: Floats) -> list[str | None]:
    """Each score's level, as :meth:`Framework.level_for` finds it; ``None`` for NaN."""
    levels = plan.framework.levels
    index = np.full(scores.shape, -1)
    for position, level in enumerate(levels):  # the first band that holds the score
        index[(index < 0) & (level.min <= scores) & (scores < level.max)] = position
    outside = index < 0
    index[outside & (scores >= levels[-1].min)] = len(levels) - 1
    index[outside & ~(scores >= levels[-1].min)] = 0
    index[np.isnan(scores)] = -1  # the last entry of ``ids``: None
    ids = np.array([*(level.id for level in levels), None], dtype=object)
    result: list[str | None] = ids[index].tolist()
    return result


def dimension_scores(
    plan: ScoringPlan, dimension: DimensionPlan, columns: DimensionColumns
) -> list[DimensionScore]:
    n = len(columns.answered)
    return list(
        map(
            _dimension_score,
            repeat(dimension.id, n),
            _optional_floats(columns.scores),
            level_ids(plan, columns.scores),
            columns.answered,
            repeat(len(dimension.expected), n),
            _tuples(columns.unanswered, n),
            _tuples(columns.not_scored, n),
            columns.coverage,
        )
    )


def _assemble(
    respondents: Sequence[str],
    dimension_ids: tuple[str, ...],
    dimensions: Sequence[Sequence[DimensionScore]],
    overall_scores: Mapping[str, Sequence[float | None]],
    overall_levels: Mapping[str, Sequence[str | None]],
) -> list[Scorecard]:
    """One scorecard per row, from the columns (the loops run in C: ``map`` and ``zip``)."""
    return list(
        map(
            _scorecard,
            respondents,
            _row_dicts(dimension_ids, dimensions),
            _row_dicts(LEVELS_OF_ANALYSIS, [overall_scores[level] for level in LEVELS_OF_ANALYSIS]),
            _row_dicts(LEVELS_OF_ANALYSIS, [overall_levels[level] for level in LEVELS_OF_ANALYSIS]),
        )
    )


def _row_dicts(keys: Sequence[str], columns: Sequence[Sequence[_T]]) -> Iterator[dict[str, _T]]:
    """``{key: column[row]}`` for each row."""
    return map(dict, map(zip, repeat(keys), zip(*columns, strict=True)))


def _tuples(lists: Mapping[int, list[str]], n: int) -> list[tuple[str, ...]]:
    """``{row: [ids]}`` → one tuple per row, empty where the row has none."""
    result: list[tuple[str, ...]] = [()] * n
    for row, ids in lists.items():
        result[row] = tuple(ids)
    return result


def _optional_floats(values: Floats) -> list[float | None]:
    """NaN → None, the rest as Python floats."""
    result = values.astype(object)
    result[np.isnan(values)] = None
    floats: list[float | None] = result.tolist()
    return floats


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Scoring builds many small objects that form no cycles. Left on, the cyclic garbage
    collector walks the whole heap again and again: a third of the time for 10,000 rows."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Frozen dataclasses set each field through object.__setattr__; building their __dict__ at once
# is 2–3 times cheaper, which counts for 100,000+ objects. A test checks that the results equal
# the regular constructors', field for field.
_new = object.__new__
_set = object.__setattr__


def _dimension_score(
    dimension_id: str,
    score: float | None,
    level_id: str | None,
    answered: int,
    expected: int,
    unanswered: tuple[str, ...],
    not_scored: tuple[str, ...],
    coverage: float,
) -> DimensionScore:
    result: DimensionScore = _new(DimensionScore)
    _set(
        result,
        "__dict__",
        {
            "dimension_id": dimension_id,
            "score": score,
            "level_id": level_id,
            "answered": answered,
            "expected": expected,
            "unanswered": unanswered,
            "not_scored": not_scored,
            "coverage": coverage,
        },
    )
    return result


def _scorecard(
    respondent: str,
    dimensions: dict[str, DimensionScore],
    overall: dict[str, float | None],
    overall_level: dict[str, str | None],
) -> Scorecard:
    result: Scorecard = _new(Scorecard)
    _set(
        result,
        "__dict__",
        {
            "respondent": respondent,
            "dimensions": dimensions,
            "overall": overall,
            "overall_level": overall_level,
            "observed": {},
        },
    )
    return result
