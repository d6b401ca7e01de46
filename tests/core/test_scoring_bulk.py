"""``score_many`` gives exactly what ``score`` gives, row by row, on random answers."""

from __future__ import annotations

import dataclasses
import gc
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from portevoix.core.errors import ProblemsError
from portevoix.core.framework import Framework, Question, adapt_weights, load_framework_file
from portevoix.core.profile import OrganisationProfile
from portevoix.core.scoring import (
    Answers,
    AnswersInput,
    DimensionScore,
    Scorecard,
    ScoringPlan,
    bulk,
    score,
    score_many,
    validate_answers,
)
from portevoix.data import shipped_framework_files

FRAMEWORK_FILE = Path(__file__).resolve().parent.parent / "data" / "answers" / "scoring-framework.yaml"


def _load(path: Path) -> Framework:
    result = load_framework_file(path)
    assert result.framework is not None, result.problems
    return result.framework


@pytest.fixture(scope="module")
def small() -> Framework:
    return _load(FRAMEWORK_FILE)


@pytest.fixture(scope="module")
def default() -> Framework:
    return _load(next(p for p in shipped_framework_files() if p.stem == "codir-social-maturity"))


def random_answer(question: Question, rng: random.Random) -> Any:
    """A valid answer in any of the forms accepted, blanks included."""
    roll = rng.random()
    if roll < 0.08:
        return rng.choice([None, "", "  ", []])
    if question.type == "single_choice":
        return rng.choice(question.options).id
    if question.type == "multiple_choice":
        chosen = [o.id for o in rng.sample(question.options, rng.randint(1, len(question.options)))]
        return tuple(chosen) if roll > 0.95 else chosen
    if question.type == "scale":
        assert question.scale is not None
        value = rng.randint(question.scale.min, question.scale.max)
        return float(value) if roll > 0.9 else value
    return rng.choice(["Pas le temps", "  ", "ROI ?"])


def random_rows(framework: Framework, count: int, seed: int) -> list[tuple[str, Answers]]:
    rng = random.Random(seed)
    rows: list[tuple[str, Answers]] = []
    for index in range(count):
        questions = [q for q in framework.questions if rng.random() > 0.1]  # some keys absent
        rows.append((f"r{index}", {q.id: random_answer(q, rng) for q in questions}))
    return rows


@pytest.mark.parametrize("seed", range(5))
def test_score_many_equals_score_row_by_row(small: Framework, seed: int) -> None:
    rows = random_rows(small, 300, seed)
    assert score_many(small, rows) == [score(small, answers, respondent=r) for r, answers in rows]


def test_score_many_equals_score_on_the_default_framework_with_adapted_weights(default: Framework) -> None:
    profile = OrganisationProfile("industry", "medium", "b2b", frozenset({"recruitment", "lead_generation"}))
    weights = adapt_weights(default, profile).weights
    rows = random_rows(default, 400, seed=42)
    many = score_many(default, rows, weights=weights)
    assert many == [score(default, answers, respondent=r, weights=weights) for r, answers in rows]
    assert any(card.overall["organisation"] is not None for card in many)
    assert any(d.not_scored for card in many for d in card.dimensions.values())
    assert any(d.unanswered for card in many for d in card.dimensions.values())


def test_multiple_choices_looked_up_by_combination(small: Framework) -> None:
    choices: list[Any] = [None, [], ["x"], ["x", "y"], ["y", "x"], ["dk"], ["x", "dk"], ["x", "y", "z"]]
    rows: list[tuple[str, AnswersInput]] = [
        (f"r{i}", {"s_multi": choices[i % len(choices)]}) for i in range(40)
    ]
    assert score_many(small, rows) == [score(small, answers, respondent=r) for r, answers in rows]
    with pytest.raises(ProblemsError) as raised:
        score_many(small, [*rows, ("bad", {"s_multi": ["x", "x"]}), ("worse", {"s_multi": ["w"]})])
    assert [(p.code, p.path) for p in raised.value.problems] == [
        ("duplicate_option", ("bad", "s_multi", 1)),
        ("unknown_option", ("worse", "s_multi", 0)),
    ]


def test_score_many_of_nothing(small: Framework) -> None:
    assert score_many(small, []) == []
    assert score_many(small, iter([("a", {})])) == [score(small, {}, respondent="a")]


def test_score_many_reports_every_problem_under_its_respondent(small: Framework) -> None:
    rows: list[tuple[str, AnswersInput]] = [
        ("ok", {"s_choice": "a"}),
        ("bad1", {"s_choice": "zz", "s_multi": ["x", "x"]}),
        ("ok2", {"s_scale": 3}),
        ("bad2", {"nope": 1, "s_scale": True, "s_text": 4}),
        ("bad3", {"v_scale": [1]}),
    ]
    with pytest.raises(ProblemsError) as raised:
        score_many(small, rows)
    assert [(p.code, p.path) for p in raised.value.problems] == [
        ("unknown_option", ("bad1", "s_choice")),
        ("duplicate_option", ("bad1", "s_multi", 1)),
        ("unknown_question", ("bad2", "nope")),
        ("answer_not_a_number", ("bad2", "s_scale")),
        ("expected_text", ("bad2", "s_text")),
        ("answer_not_a_number", ("bad3", "v_scale")),
    ]


def test_bulk_lookups_refuse_what_the_checks_refuse(small: Framework) -> None:
    """Values that equal a valid answer as dictionary keys (True == 1) are still refused."""
    strange: list[Any] = [True, False, 1.5, "1", b"a", ("x",), ["x", ["y"]], {"a": 1}, object()]
    for question_id in ("s_choice", "s_multi", "s_scale", "v_scale", "s_text", "l_choice"):
        for value in strange:
            answers = {question_id: value}
            expected = validate_answers(small, answers)
            if not expected:
                assert score_many(small, [("r", answers)]) == [score(small, answers, respondent="r")]
                continue
            with pytest.raises(ProblemsError) as raised:
                score_many(small, [("r", answers)])
            assert raised.value.problems == [dataclasses.replace(p, path=("r", *p.path)) for p in expected]


def test_bulk_levels_are_the_framework_levels(small: Framework, default: Framework) -> None:
    gapped = small.model_copy(
        update={"levels": [small.levels[0].model_copy(update={"max": 30}), *small.levels[1:]]}
    )
    values = np.array([0, 0.001, 29.99, 30, 35, 39.999, 40, 69.99, 70, 99.9, 100, 100.5, -1])
    for framework in (small, default, gapped):
        expected = [framework.level_for(float(v)).id for v in values]
        assert bulk.level_ids(ScoringPlan(framework), values) == expected
    assert bulk.level_ids(ScoringPlan(small), np.array([np.nan])) == [None]


def test_fast_constructors_build_the_same_objects() -> None:
    fast = bulk._dimension_score("d", 12.5, "low", 1, 2, ("q1",), (), 0.5)
    regular = DimensionScore("d", 12.5, "low", 1, 2, ("q1",), (), 0.5)
    assert fast == regular
    assert vars(fast) == vars(regular)
    assert fast.reliable is regular.reliable
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.score = 1.0  # type: ignore[misc]
    card = bulk._scorecard("r", {"d": fast}, {"organisation": 1.0}, {"organisation": "low"})
    assert vars(card) == vars(Scorecard("r", {"d": regular}, {"organisation": 1.0}, {"organisation": "low"}))
    assert dataclasses.replace(card, respondent="s").respondent == "s"


def test_the_garbage_collector_is_left_as_it_was(small: Framework) -> None:
    rows = random_rows(small, 10, seed=1)
    assert gc.isenabled()
    score_many(small, rows)
    assert gc.isenabled()
    gc.disable()
    try:
        score_many(small, rows)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ProblemsError):
        score_many(small, [("r", {"nope": 1})])
    assert gc.isenabled()
