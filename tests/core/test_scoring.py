"""Scoring one respondent: hand-computed scores, coverage, weights, and every answer check.

The framework is ``tests/data/answers/scoring-framework.yaml``: organisation dimensions
``strategy`` (weight 60: s_choice ×2, s_multi, s_scale 1–5, plus s_text and s_context that are
not scored) and ``listening`` (40: l_choice); person dimension ``voice`` (v_scale 0–10, v_choice ×3).
Levels: low < 40 <= mid < 70 <= high.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from portevoix.core.errors import Problem, ProblemsError
from portevoix.core.framework import Framework, adapt_weights, load_framework_file
from portevoix.core.profile import OrganisationProfile
from portevoix.core.scoring import MAX_TEXT_CHARS, Answers, DimensionScore, score, validate_answers

FRAMEWORK_FILE = Path(__file__).resolve().parent.parent / "data" / "answers" / "scoring-framework.yaml"

FULL: Answers = {
    "s_choice": "b",  # 50, weight 2
    "s_multi": ["x", "y"],  # 80
    "s_scale": 4,  # (4 - 1) / 4 * 100 = 75
    "l_choice": "yes",  # 100
    "v_scale": 5,  # 50
    "v_choice": "often",  # 100, weight 3
}


@pytest.fixture(scope="module")
def framework() -> Framework:
    result = load_framework_file(FRAMEWORK_FILE)
    assert result.framework is not None, result.problems
    return result.framework


def codes(problems: list[Problem]) -> list[tuple[str, tuple[Any, ...]]]:
    return [(p.code, p.path) for p in problems]


# -- scores ------------------------------------------------------------------------------------


def test_scores_are_weighted_means_by_hand(framework: Framework) -> None:
    card = score(framework, FULL, respondent="alice")
    strategy = card.dimensions["strategy"]
    assert strategy.score == pytest.approx((2 * 50 + 80 + 75) / 4)  # 63.75
    assert strategy.level_id == "mid"
    assert (strategy.answered, strategy.expected, strategy.coverage) == (3, 3, 1.0)
    assert card.dimensions["listening"].score == 100
    assert card.dimensions["listening"].level_id == "high"
    assert card.dimensions["voice"].score == pytest.approx((50 + 3 * 100) / 4)  # 87.5
    assert card.overall["organisation"] == pytest.approx((60 * 63.75 + 40 * 100) / 100)  # 78.25
    assert card.overall["person"] == pytest.approx(87.5)
    assert card.overall_level == {"organisation": "high", "person": "high"}
    assert card.respondent == "alice"
    assert card.observed == {}
    assert list(card.dimensions) == ["strategy", "listening", "voice"]


def test_unanswered_dont_know_and_zero_are_three_different_things(framework: Framework) -> None:
    card = score(framework, {"s_choice": "dk", "s_multi": [], "s_scale": None, "l_choice": "no"})
    strategy = card.dimensions["strategy"]
    assert strategy == DimensionScore(
        dimension_id="strategy",
        score=None,
        level_id=None,
        answered=0,
        expected=3,
        unanswered=("s_multi", "s_scale"),
        not_scored=("s_choice",),
        coverage=0.0,
    )
    listening = card.dimensions["listening"]
    assert listening.score == 0.0  # a zero is a score, fully covered
    assert listening.level_id == "low"
    assert listening.coverage == 1.0
    assert listening.reliable
    assert not strategy.reliable


def test_missing_and_blank_answers_are_unanswered(framework: Framework) -> None:
    blank: Answers = {"s_choice": "", "s_multi": [], "s_scale": "  ", "v_choice": None}
    card = score(framework, blank)
    assert all(d.score is None for d in card.dimensions.values())
    assert card.dimensions["strategy"].unanswered == ("s_choice", "s_multi", "s_scale")
    assert card.dimensions["voice"].unanswered == ("v_scale", "v_choice")
    assert card.overall == {"organisation": None, "person": None}
    assert card.overall_level == {"organisation": None, "person": None}
    assert score(framework, {}) == card


def test_coverage_is_the_answered_share_of_the_expected_weight(framework: Framework) -> None:
    card = score(framework, {"s_choice": "c", "s_scale": 5})
    strategy = card.dimensions["strategy"]
    assert strategy.score == pytest.approx(100)
    assert strategy.coverage == pytest.approx(3 / 4)  # s_choice (2) + s_scale (1) of 4
    assert strategy.unanswered == ("s_multi",)
    assert (strategy.answered, strategy.expected) == (2, 3)
    voice = score(framework, {"v_scale": 10}).dimensions["voice"]
    assert voice.coverage == pytest.approx(1 / 4)
    assert not voice.reliable


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (["x"], 40),
        (["x", "y", "z"], 100),  # 120, capped
        (["x", "dk"], 40),  # "don't know" among scored options adds nothing
        (["z", "x"], 80),
        (("x", "y"), 80),  # a tuple is a list
    ],
)
def test_multiple_choice_adds_option_scores_up_to_100(
    framework: Framework, choice: Any, expected: float
) -> None:
    assert score(framework, {"s_multi": choice}).dimensions["strategy"].score == pytest.approx(expected)


def test_multiple_choice_of_only_dont_know_is_not_scored(framework: Framework) -> None:
    strategy = score(framework, {"s_multi": ["dk"]}).dimensions["strategy"]
    assert strategy.score is None
    assert strategy.not_scored == ("s_multi",)


@pytest.mark.parametrize(("value", "expected"), [(1, 0), (2, 25), (5, 100), (4.0, 75)])
def test_scale_runs_from_min_to_max(framework: Framework, value: float, expected: float) -> None:
    assert score(framework, {"s_scale": value}).dimensions["strategy"].score == pytest.approx(expected)


def test_free_text_and_zero_weight_questions_never_count(framework: Framework) -> None:
    with_context = score(framework, {**FULL, "s_text": "Pas le temps", "s_context": "yes"})
    assert with_context == score(framework, FULL)
    strategy = score(framework, {"s_text": "du texte", "s_context": "no"}).dimensions["strategy"]
    assert strategy.score is None
    assert strategy.not_scored == ()
    assert "s_text" not in strategy.unanswered
    assert strategy.expected == 3


def test_levels_follow_the_bands(framework: Framework) -> None:
    for choice, level in (("a", "low"), ("b", "mid"), ("c", "high")):
        assert score(framework, {"s_choice": choice}).dimensions["strategy"].level_id == level
    # 40 is the lower bound of "mid": bands are min <= score < max
    assert score(framework, {"v_scale": 4}).dimensions["voice"].level_id == "mid"


# -- weights -----------------------------------------------------------------------------------


def test_given_weights_shape_the_overall_only(framework: Framework) -> None:
    weights = {"strategy": 20.0, "listening": 80.0, "voice": 100.0}
    card = score(framework, FULL, weights=weights)
    assert card.overall["organisation"] == pytest.approx((20 * 63.75 + 80 * 100) / 100)  # 92.75
    assert card.dimensions == score(framework, FULL).dimensions


def test_adapted_weights_from_the_profile(framework: Framework) -> None:
    profile = OrganisationProfile("industry", "medium", "b2b", frozenset({"brand"}))
    adapted = adapt_weights(framework, profile)
    assert adapted.weights["listening"] == pytest.approx(50)
    card = score(framework, FULL, weights=adapted.weights)
    assert card.overall["organisation"] == pytest.approx((63.75 + 100) / 2)


def test_overall_renormalises_over_the_dimensions_present(framework: Framework) -> None:
    answers: Answers = {"s_choice": "b"}  # listening missing
    card = score(framework, answers)
    assert card.overall["organisation"] == pytest.approx(50)
    assert card.overall_level["organisation"] == "mid"
    assert card.overall["person"] is None
    heavy = score(framework, answers, weights={"strategy": 1, "listening": 99})
    assert heavy.overall["organisation"] == pytest.approx(50)


def test_weights_not_given_keep_the_framework_weight(framework: Framework) -> None:
    card = score(framework, FULL, weights={"listening": 60})
    assert card.overall["organisation"] == pytest.approx((60 * 63.75 + 60 * 100) / 120)


def test_a_zero_weight_leaves_the_dimension_out_of_the_overall(framework: Framework) -> None:
    card = score(framework, FULL, weights={"listening": 0})
    assert card.overall["organisation"] == pytest.approx(63.75)
    assert card.dimensions["listening"].score == 100


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_invalid_weights_are_refused(framework: Framework, bad: float) -> None:
    with pytest.raises(ValueError, match="listening"):
        score(framework, FULL, weights={"listening": bad})


# -- answer checks -----------------------------------------------------------------------------


def test_valid_answers_have_no_problem(framework: Framework) -> None:
    assert validate_answers(framework, FULL) == []
    assert (
        validate_answers(framework, {"s_text": "x" * MAX_TEXT_CHARS, "s_scale": 4.0, "s_context": "no"}) == []
    )
    blanks: Answers = {q.id: None for q in framework.questions}
    assert validate_answers(framework, blanks) == []
    assert validate_answers(framework, {"s_choice": "", "s_multi": [], "s_scale": "", "s_text": " "}) == []


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"nope": "a"}, [("unknown_question", ("nope",))]),
        ({"s_choice": "zz"}, [("unknown_option", ("s_choice",))]),
        ({"s_choice": 3}, [("unknown_option", ("s_choice",))]),
        ({"s_choice": ["a"]}, [("unknown_option", ("s_choice",))]),
        ({"s_context": "maybe"}, [("unknown_option", ("s_context",))]),
        ({"s_multi": "x"}, [("unknown_option", ("s_multi",))]),
        (
            {"s_multi": ["x", "zz", 3]},
            [("unknown_option", ("s_multi", 1)), ("unknown_option", ("s_multi", 2))],
        ),
        ({"s_multi": ["x", "y", "x"]}, [("duplicate_option", ("s_multi", 2))]),
        ({"s_scale": "4"}, [("answer_not_a_number", ("s_scale",))]),
        ({"s_scale": True}, [("answer_not_a_number", ("s_scale",))]),
        ({"s_scale": 4.5}, [("answer_not_a_number", ("s_scale",))]),
        ({"s_scale": float("nan")}, [("answer_not_a_number", ("s_scale",))]),
        ({"s_scale": ["4"]}, [("answer_not_a_number", ("s_scale",))]),
        ({"s_scale": 6}, [("answer_out_of_range", ("s_scale",))]),
        ({"s_scale": 0.0}, [("answer_out_of_range", ("s_scale",))]),
        ({"s_text": 3}, [("expected_text", ("s_text",))]),
        ({"s_text": "x" * (MAX_TEXT_CHARS + 1)}, [("text_too_long", ("s_text",))]),
    ],
)
def test_every_invalid_answer_is_reported(
    framework: Framework, answers: Answers, expected: list[tuple[str, tuple[Any, ...]]]
) -> None:
    assert codes(validate_answers(framework, answers)) == expected


def test_problems_carry_their_parameters_and_read_well(framework: Framework) -> None:
    problems = validate_answers(
        framework, {"s_choice": "zz", "s_scale": 9, "s_multi": ["x", "x"], "q9": 1, "s_text": "x" * 5001}
    )
    assert [p.render() for p in problems] == [
        "s_choice: “zz” is not an option of question “s_choice”",
        "s_scale: 9 is outside the scale, which runs from 1 to 5",
        "s_multi[1]: the option “x” is chosen more than once",
        "q9: unknown question “q9”",
        "s_text: text is too long (at most 5000 characters)",
    ]
    assert problems[0].params == {"value": "zz", "question": "s_choice"}
    assert problems[1].params == {"value": 9, "min": 1, "max": 5}
    not_a_number = validate_answers(framework, {"s_scale": "beaucoup"})[0]
    assert not_a_number.message() == "expected a whole number, not “beaucoup”"


def test_score_raises_with_every_problem(framework: Framework) -> None:
    with pytest.raises(ProblemsError) as raised:
        score(framework, {**FULL, "s_choice": "zz", "v_scale": 11, "other": 1})
    assert codes(raised.value.problems) == [
        ("unknown_option", ("s_choice",)),
        ("answer_out_of_range", ("v_scale",)),
        ("unknown_question", ("other",)),
    ]


def test_every_new_code_has_a_message() -> None:
    from portevoix.core.errors import MESSAGES

    for code in ("unknown_question", "unknown_option", "duplicate_option", "answer_not_a_number"):
        assert code in MESSAGES
    assert "answer_out_of_range" in MESSAGES


# -- the shipped framework ---------------------------------------------------------------------


def test_the_default_framework_scores_a_full_questionnaire() -> None:
    from portevoix.data import shipped_framework_files

    default = load_framework_file(
        next(p for p in shipped_framework_files() if p.stem == "codir-social-maturity")
    )
    assert default.framework is not None
    framework = default.framework
    best: dict[str, Any] = {}
    for question in framework.questions:
        if question.type == "single_choice":
            best[question.id] = max(question.options, key=lambda o: -1 if o.score is None else o.score).id
        elif question.type == "multiple_choice":
            best[question.id] = [o.id for o in question.options if o.score]
        elif question.type == "scale":
            assert question.scale is not None
            best[question.id] = question.scale.max
        else:
            best[question.id] = "Une réponse libre"
    card = score(framework, best)
    assert all(d.score == pytest.approx(100) for d in card.dimensions.values())
    assert all(d.coverage == pytest.approx(1) for d in card.dimensions.values())
    assert card.overall_level == {"organisation": framework.levels[-1].id, "person": framework.levels[-1].id}
