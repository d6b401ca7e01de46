"""Groups: mean scorecard, spread and alignment, perception gaps, anonymous team aggregates."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from portevoix.core.framework import Framework, load_framework_file
from portevoix.core.scoring import (
    ANONYMITY_FLOOR,
    DEFAULT_ANONYMITY_THRESHOLD,
    Alignment,
    Answers,
    Scorecard,
    alignment_for,
    dimension_spread,
    group_aggregate,
    perception_gaps,
    score,
    score_many,
    team_aggregate,
)

FRAMEWORK_FILE = Path(__file__).resolve().parent.parent / "data" / "answers" / "scoring-framework.yaml"
# s_choice alone gives strategy these scores; l_choice gives listening 0 or 100.
STRATEGY = {"a": 0.0, "b": 50.0, "c": 100.0}


@pytest.fixture(scope="module")
def framework() -> Framework:
    result = load_framework_file(FRAMEWORK_FILE)
    assert result.framework is not None
    return result.framework


def cards(framework: Framework, *answers: Answers) -> list[Scorecard]:
    return score_many(framework, [(f"r{i}", a) for i, a in enumerate(answers)])


def test_mean_scorecard_and_spread_by_hand(framework: Framework) -> None:
    group = group_aggregate(
        framework,
        cards(
            framework,
            {"s_choice": "a", "l_choice": "yes"},
            {"s_choice": "b", "l_choice": "yes", "v_choice": "often"},
            {"s_choice": "c", "l_choice": "no"},
        ),
    )
    assert group.n == 3
    strategy = group.mean.dimensions["strategy"]
    assert strategy.score == pytest.approx(50)
    assert strategy.level_id == "mid"
    assert strategy.coverage == pytest.approx(0.5)  # s_choice is 2 of 4 for everyone
    assert strategy.unanswered == ("s_multi", "s_scale")  # nobody answered them
    spread = group.spreads["strategy"]
    assert (spread.n, spread.mean, spread.median, spread.minimum, spread.maximum) == (3, 50, 50, 0, 100)
    assert spread.stdev == pytest.approx(math.sqrt((50**2 + 0 + 50**2) / 3))  # population stdev
    assert spread.range == 100
    assert spread.alignment is Alignment.DIVIDED
    listening = group.mean.dimensions["listening"]
    assert listening.score == pytest.approx(200 / 3)
    voice = group.spreads["voice"]
    assert (voice.n, voice.mean, voice.stdev, voice.alignment) == (1, 100.0, None, Alignment.INSUFFICIENT)
    assert group.mean.dimensions["voice"].coverage == pytest.approx(0.75 / 3)
    assert group.mean.overall["organisation"] == pytest.approx((60 * 50 + 40 * 200 / 3) / 100)
    assert group.mean.overall["person"] == pytest.approx(100)
    assert group.mean.overall_level == {"organisation": "mid", "person": "high"}


@pytest.mark.parametrize(
    ("stdev", "n", "alignment"),
    [
        (0.0, 2, Alignment.ALIGNED),
        (9.99, 5, Alignment.ALIGNED),
        (10.0, 5, Alignment.MIXED),
        (19.99, 5, Alignment.MIXED),
        (20.0, 5, Alignment.DIVIDED),
        (0.0, 1, Alignment.INSUFFICIENT),
        (None, 0, Alignment.INSUFFICIENT),
    ],
)
def test_alignment_thresholds(stdev: float | None, n: int, alignment: Alignment) -> None:
    assert alignment_for(stdev, n) is alignment


def test_spread_of_two_scores_at_the_thresholds() -> None:
    assert dimension_spread("d", [40, 60]).stdev == pytest.approx(10)
    assert dimension_spread("d", [40, 60]).alignment is Alignment.MIXED
    assert dimension_spread("d", [30, 70]).alignment is Alignment.DIVIDED
    assert dimension_spread("d", [45, 55]).alignment is Alignment.ALIGNED
    empty = dimension_spread("d", [])
    assert (empty.n, empty.mean, empty.median, empty.range, empty.alignment) == (
        0,
        None,
        None,
        None,
        Alignment.INSUFFICIENT,
    )
    assert dimension_spread("d", [10, 20, 90, 40]).median == pytest.approx(30)


def test_questions_nobody_scored_are_listed_by_reason(framework: Framework) -> None:
    group = group_aggregate(
        framework,
        cards(
            framework,
            {"s_choice": "dk", "s_multi": ["x"]},
            {"s_scale": 2, "s_multi": ["dk"]},
        ),
    )
    strategy = group.mean.dimensions["strategy"]
    assert strategy.unanswered == ()  # everyone left blank: none
    assert strategy.not_scored == ("s_choice",)  # blank or don't know for all, someone said don't know
    assert strategy.answered == 1


def test_group_weights_and_an_empty_group(framework: Framework) -> None:
    members = cards(framework, {"s_choice": "c", "l_choice": "no"})
    weighted = group_aggregate(framework, members, weights={"strategy": 10, "listening": 90})
    assert weighted.mean.overall["organisation"] == pytest.approx(10)
    empty = group_aggregate(framework, [])
    assert empty.n == 0
    assert all(d.score is None and d.coverage == 0 for d in empty.mean.dimensions.values())
    assert empty.mean.overall == {"organisation": None, "person": None}
    assert empty.mean.dimensions["strategy"].unanswered == ("s_choice", "s_multi", "s_scale")


def test_observed_indicators_are_averaged(framework: Framework) -> None:
    first, second = cards(framework, {"s_choice": "a"}, {"s_choice": "b"})
    first.observed["voice"] = 20.0
    second.observed["voice"] = 40.0
    second.observed["strategy"] = 10.0
    assert group_aggregate(framework, [first, second]).mean.observed == {"voice": 30.0, "strategy": 10.0}


def test_perception_gap_is_self_minus_the_others_mean(framework: Framework) -> None:
    me = score(framework, {"s_choice": "c", "v_choice": "never"}, respondent="me")
    others = cards(
        framework,
        {"s_choice": "b", "v_choice": "often"},
        {"s_choice": "a"},
    )
    gaps = perception_gaps(me, others, minimum=1)
    assert list(gaps) == ["strategy", "listening", "voice"]
    strategy = gaps["strategy"]
    assert (strategy.self_score, strategy.others_mean, strategy.n_others) == (100, 25, 2)
    assert strategy.gap == pytest.approx(75)
    voice = gaps["voice"]
    assert (voice.others_mean, voice.n_others, voice.gap) == (100, 1, -100)
    listening = gaps["listening"]
    assert (listening.self_score, listening.others_mean, listening.n_others, listening.gap) == (
        None,
        None,
        0,
        None,
    )
    assert perception_gaps(me, [])["strategy"].gap is None
    # by default a dimension rated by one colleague only shows no mean: it would be their answer
    guarded = perception_gaps(me, others)
    assert (guarded["voice"].others_mean, guarded["voice"].n_others) == (None, 1)
    assert guarded["strategy"].others_mean == 25
    assert perception_gaps(me, others, minimum=3)["strategy"].others_mean is None


def test_team_aggregate_needs_the_threshold(framework: Framework) -> None:
    assert ANONYMITY_FLOOR == 3
    assert DEFAULT_ANONYMITY_THRESHOLD == 5
    team = cards(framework, *({"s_choice": c, "v_choice": "often"} for c in "abcab"))
    assert team_aggregate(framework, team[:4]) is None
    aggregate = team_aggregate(framework, team)
    assert aggregate is not None
    assert aggregate.n == 5
    assert aggregate.mean.dimensions["strategy"].score == pytest.approx(40)
    assert aggregate == group_aggregate(framework, team)
    assert team_aggregate(framework, iter(team[:3]), threshold=3) is not None
    with pytest.raises(ValueError, match="at least 3"):
        team_aggregate(framework, team, threshold=2)


def test_team_dimensions_scored_by_too_few_show_no_score(framework: Framework) -> None:
    few: Answers = {"s_choice": "c", "v_choice": "never"}
    answers: list[Answers] = [{"s_choice": "b"}] * 3 + [few] * 2
    aggregate = team_aggregate(framework, cards(framework, *answers), threshold=3)
    assert aggregate is not None
    assert aggregate.mean.dimensions["strategy"].score == pytest.approx(70)
    voice = aggregate.spreads["voice"]
    assert voice.n == 2  # how many, never what they answered
    assert (voice.mean, voice.minimum, voice.maximum, voice.stdev) == (None, None, None, None)
    assert voice.alignment is Alignment.INSUFFICIENT
    assert aggregate.mean.dimensions["voice"].score is None
    assert aggregate.mean.overall["person"] is None
