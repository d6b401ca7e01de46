"""Each framework question compiled into its answer → score rule, with the checks of an answer.

Every question type has:

- ``problems(value)``: every problem of one answer (empty when the answer is valid);
- ``outcome(value)``: the rule itself, for a valid answer: a 0–100 score, or
  :data:`UNANSWERED` / :data:`NOT_SCORED`;
- ``codes(column)``: the bulk path, the answers of many respondents to this question as numbers:
  the score, or one of the negative codes :data:`UNANSWERED_CODE`, :data:`NOT_SCORED_CODE`,
  :data:`INVALID_CODE`. Choice and scale questions look answers up in a table built once; any
  answer the table does not know goes through ``problems`` then ``outcome``, so the bulk path
  can never accept what ``problems`` refuses.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from typing import Any, cast

from ..errors import Problem
from ..framework.schema import Question
from .types import AnswerStatus

MAX_TEXT_CHARS = 5000

UNANSWERED = AnswerStatus.UNANSWERED
NOT_SCORED = AnswerStatus.NOT_SCORED
# A 0–100 score, or the reason there is none.
Outcome = float | AnswerStatus

# Scores are 0–100, so negative numbers can tell the other outcomes apart in a numeric array.
UNANSWERED_CODE = -1.0
NOT_SCORED_CODE = -2.0
INVALID_CODE = -3.0
_CODES = {UNANSWERED: UNANSWERED_CODE, NOT_SCORED: NOT_SCORED_CODE}
# Scales longer than this are scored by arithmetic rather than through a lookup table.
MAX_SCALE_TABLE = 1000


def is_blank(value: object) -> bool:
    """``None``, blank text or an empty list: the question was left unanswered."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return not value
    return False


def is_whole_number(value: object) -> bool:
    """An ``int`` (not a ``bool``), or a float without a fractional part such as ``4.0``."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and value.is_integer()


def as_code(outcome: Outcome) -> float:
    return outcome if isinstance(outcome, float) else _CODES[outcome]


_TEXT_OR_NONE: frozenset[type] = frozenset({str, type(None)})
_INT_OR_NONE: frozenset[type] = frozenset({int, type(None)})
_LIST_OR_NONE: frozenset[type] = frozenset({list, type(None)})


class CompiledQuestion(abc.ABC):
    """What every question type shares: its id, its weight, and whether it counts in a score."""

    def __init__(self, question: Question) -> None:
        self.id = question.id
        self.weight = float(question.weight)
        # Expected: weighs in its dimension's score and coverage.
        self.expected = self.weight > 0 and question.type != "free_text"

    @abc.abstractmethod
    def problems(self, value: object) -> list[Problem]:
        """Every problem of one answer to this question."""

    @abc.abstractmethod
    def outcome(self, value: object) -> Outcome:
        """A valid answer's score, or whether it is unanswered or not scored."""

    def code(self, value: object) -> float:
        """One answer as a number: its score, or a negative code (the rule, checked first)."""
        if self.problems(value):
            return INVALID_CODE
        return as_code(self.outcome(value))

    def codes(self, column: Sequence[object]) -> list[float]:
        return [self.code(value) for value in column]

    def _unknown_option(self, value: object, *index: int) -> Problem:
        return Problem("unknown_option", {"value": value, "question": self.id}, path=(self.id, *index))


def _table_codes(
    question: CompiledQuestion,
    table: Mapping[Any, float],
    column: Sequence[object],
    table_types: frozenset[type],
) -> list[float]:
    """Look every answer up in ``table`` when all are of ``table_types``; other answers, and
    answers missing from the table, go through the question's checked rule."""
    if set(map(type, column)) <= table_types:
        found: list[float | None] = list(map(table.get, column))
    else:
        found = [table.get(value) if type(value) in table_types else None for value in column]
    if None not in found:
        return cast(list[float], found)
    return [question.code(v) if code is None else code for code, v in zip(found, column, strict=True)]


class _ChoiceQuestion(CompiledQuestion):
    def __init__(self, question: Question) -> None:
        super().__init__(question)
        self.scores: dict[str, float | None] = {
            o.id: None if o.score is None else float(o.score) for o in question.options
        }


class SingleChoice(_ChoiceQuestion):
    """The chosen option's score; an option scored ``null`` ("don't know") is not scored."""

    def __init__(self, question: Question) -> None:
        super().__init__(question)
        # Answer → code, for the answers a lookup settles: every option, and no answer at all.
        self.table: dict[str | None, float] = {
            option_id: NOT_SCORED_CODE if option_score is None else option_score
            for option_id, option_score in self.scores.items()
        }
        self.table[None] = self.table[""] = UNANSWERED_CODE

    def problems(self, value: object) -> list[Problem]:
        if is_blank(value) or (isinstance(value, str) and value in self.scores):
            return []
        return [self._unknown_option(value)]

    def outcome(self, value: object) -> Outcome:
        if is_blank(value):
            return UNANSWERED
        assert isinstance(value, str)
        option_score = self.scores[value]
        return NOT_SCORED if option_score is None else option_score

    def codes(self, column: Sequence[object]) -> list[float]:
        return _table_codes(self, self.table, column, _TEXT_OR_NONE)


class MultipleChoice(_ChoiceQuestion):
    """The sum of the chosen options' scores, at most 100. Options scored ``null`` add nothing,
    and a choice made only of such options is not scored."""

    def problems(self, value: object) -> list[Problem]:
        if is_blank(value):
            return []
        if not isinstance(value, list | tuple):
            return [self._unknown_option(value)]
        problems: list[Problem] = []
        seen: set[str] = set()
        for index, item in enumerate(value):
            if not isinstance(item, str) or item not in self.scores:
                problems.append(self._unknown_option(item, index))
            elif item in seen:
                problems.append(Problem("duplicate_option", {"value": item}, path=(self.id, index)))
            else:
                seen.add(item)
        return problems

    def outcome(self, value: object) -> Outcome:
        if is_blank(value):
            return UNANSWERED
        assert isinstance(value, list | tuple)
        scores = [s for s in (self.scores[item] for item in value) if s is not None]
        if not scores:
            return NOT_SCORED
        return min(100.0, sum(scores))

    def codes(self, column: Sequence[object]) -> list[float]:
        # Respondents choose among few combinations: each one met is checked once, then looked up.
        if not set(map(type, column)) <= _LIST_OR_NONE:
            return super().codes(column)
        try:
            lists = cast(list[list[object]], [[] if value is None else value for value in column])
            keys = list(map(tuple, lists))
            known = dict.fromkeys(keys, INVALID_CODE)
        except TypeError:  # an unhashable item (invalid): one by one
            return super().codes(column)
        for key in known:
            known[key] = self.code(list(key))
        return list(map(known.__getitem__, keys))

    def code(self, value: object) -> float:
        # The common case inline: a list of distinct, known option ids.
        if type(value) is not list or not value:
            return super().code(value)
        scores = self.scores
        total = 0.0
        scored = False
        for item in value:
            if type(item) is not str or item not in scores:
                return super().code(value)
            option_score = scores[item]
            if option_score is not None:
                total += option_score
                scored = True
        if len(value) > 1 and len(set(value)) != len(value):
            return super().code(value)
        return min(100.0, total) if scored else NOT_SCORED_CODE


class ScaleQuestion(CompiledQuestion):
    """A whole number ``v`` between ``min`` and ``max`` scores ``(v - min) / (max - min) * 100``."""

    def __init__(self, question: Question) -> None:
        super().__init__(question)
        assert question.scale is not None
        self.low = question.scale.min
        self.high = question.scale.max
        self.span = self.high - self.low
        self.table: dict[int | None, float] = {None: UNANSWERED_CODE}
        if self.span <= MAX_SCALE_TABLE:
            self.table.update((v, self.scale_score(v)) for v in range(self.low, self.high + 1))

    def scale_score(self, value: float) -> float:
        return (value - self.low) / self.span * 100

    def problems(self, value: object) -> list[Problem]:
        if is_blank(value):
            return []
        if not is_whole_number(value):
            return [Problem("answer_not_a_number", {"value": value}, path=(self.id,))]
        assert isinstance(value, int | float)
        if not self.low <= value <= self.high:
            params = {"value": value, "min": self.low, "max": self.high}
            return [Problem("answer_out_of_range", params, path=(self.id,))]
        return []

    def outcome(self, value: object) -> Outcome:
        if is_blank(value):
            return UNANSWERED
        assert isinstance(value, int | float)
        return self.scale_score(value)

    def codes(self, column: Sequence[object]) -> list[float]:
        # Only exact ints and None may use the table: True == 1 and 4.0 == 4 as dictionary keys.
        return _table_codes(self, self.table, column, _INT_OR_NONE)


class FreeText(CompiledQuestion):
    """Never scored: text is *answered but not scored*, blank text is unanswered."""

    def problems(self, value: object) -> list[Problem]:
        if is_blank(value):
            return []
        if not isinstance(value, str):
            return [Problem("expected_text", path=(self.id,))]
        if len(value) > MAX_TEXT_CHARS:
            return [Problem("text_too_long", {"limit": MAX_TEXT_CHARS}, path=(self.id,))]
        return []

    def outcome(self, value: object) -> Outcome:
        return UNANSWERED if is_blank(value) else NOT_SCORED

    def code(self, value: object) -> float:
        if type(value) is str and len(value) <= MAX_TEXT_CHARS:
            return NOT_SCORED_CODE if value.strip() else UNANSWERED_CODE
        return UNANSWERED_CODE if value is None else super().code(value)


_BY_TYPE: dict[str, type[CompiledQuestion]] = {
    "single_choice": SingleChoice,
    "multiple_choice": MultipleChoice,
    "scale": ScaleQuestion,
    "free_text": FreeText,
}


def compile_question(question: Question) -> CompiledQuestion:
    return _BY_TYPE[question.type](question)
