"""Manual entries: SSI, employer reviews and follower counts typed by a person."""

from __future__ import annotations

import datetime
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portevoix.core.errors import MESSAGES
from portevoix.core.evidence.manual import (
    FollowerEntry,
    NetworkName,
    ReviewEntry,
    SsiEntry,
    parse_manual,
)
from portevoix.core.evidence.records import Network

DAY = datetime.date(2025, 7, 1)
SSI: dict[str, Any] = {"on": DAY, "brand": 12.5, "people": 10, "insights": 9.25, "relationships": 14.0}


def codes(kind: str, data: dict[str, Any]) -> list[tuple[str, tuple[str | int, ...]]]:
    entry, problems = parse_manual(kind, data)
    assert entry is None
    return [(p.code, p.path) for p in problems]


def test_an_ssi_entry_adds_its_four_pillars() -> None:
    entry, problems = parse_manual("ssi", {**SSI, "industry_rank": "Top 5%", "network_rank": 12})
    assert problems == []
    assert isinstance(entry, SsiEntry)
    assert entry.total == 45.75
    assert (entry.industry_rank, entry.network_rank) == (5, 12)
    assert entry.model_dump()["total"] == 45.75


@pytest.mark.parametrize(("rank", "expected"), [("Top 1%", 1), ("top 35 %", 35), ("7%", 7), (" 100 ", 100)])
def test_ranks_are_read_as_linkedin_shows_them(rank: str, expected: int) -> None:
    entry, problems = parse_manual("ssi", {**SSI, "industry_rank": rank})
    assert problems == []
    assert isinstance(entry, SsiEntry)
    assert entry.industry_rank == expected


def test_every_ssi_problem_is_reported_at_once() -> None:
    data = {
        "on": "2025-13-01",
        "brand": 25.5,
        "people": "10",
        "insights": True,
        "relationships": float("nan"),
        "industry_rank": "first",
        "network_rank": "Top 0%",
        "total": 50,
    }
    assert codes("ssi", data) == [
        ("date_invalid", ("on",)),
        ("value_too_large", ("brand",)),
        ("expected_number", ("people",)),
        ("expected_number", ("insights",)),
        ("expected_number", ("relationships",)),
        ("rank_invalid", ("industry_rank",)),
        ("value_too_small", ("network_rank",)),
        ("unknown_key", ("total",)),
    ]
    _entry, problems = parse_manual("ssi", data)
    assert problems[0].params == {"value": "2025-13-01"}
    assert problems[1].message() == "must be at most 25"
    assert all(p.code in MESSAGES for p in problems)


def test_a_date_may_be_iso_text_but_not_a_moment() -> None:
    entry, problems = parse_manual("ssi", {**SSI, "on": "2025-07-01"})
    assert problems == []
    assert isinstance(entry, SsiEntry)
    assert entry.on == DAY
    assert codes("ssi", {**SSI, "on": datetime.datetime(2025, 7, 1, 9)}) == [("date_invalid", ("on",))]
    assert codes("ssi", {**SSI, "on": 20250701}) == [("date_invalid", ("on",))]


def test_a_review_entry() -> None:
    data = {"on": DAY, "platform": "welcome_to_the_jungle", "overall_rating": 4.2, "reviews": 31}
    entry, problems = parse_manual("review", data)
    assert problems == []
    assert isinstance(entry, ReviewEntry)
    assert entry.ceo_approval is None
    assert codes("review", {**data, "platform": "glassdor", "overall_rating": 0.5, "ceo_approval": 101}) == [
        ("invalid_choice", ("platform",)),
        ("value_too_small", ("overall_rating",)),
        ("value_too_large", ("ceo_approval",)),
    ]
    assert codes("review", {**data, "reviews": -1}) == [("value_too_small", ("reviews",))]
    assert codes("review", {**data, "reviews": 3.0}) == [("expected_integer", ("reviews",))]


def test_a_follower_entry() -> None:
    entry, problems = parse_manual("followers", {"on": DAY, "network": "linkedin", "followers": 1234})
    assert problems == []
    assert isinstance(entry, FollowerEntry)
    assert Network(entry.network) is Network.LINKEDIN
    assert codes("followers", {"on": DAY, "network": "myspace", "followers": -2}) == [
        ("invalid_choice", ("network",)),
        ("value_too_small", ("followers",)),
    ]
    assert codes("followers", {}) == [
        ("missing_key", ("on",)),
        ("missing_key", ("network",)),
        ("missing_key", ("followers",)),
    ]


def test_the_network_names_are_the_records_networks() -> None:
    assert set(get_args(NetworkName)) == {n.value for n in Network}


def test_unknown_kinds_and_non_mappings() -> None:
    assert codes("likes", {}) == [("invalid_choice", ())]
    assert codes("ssi", ["not", "a", "mapping"]) == [("expected_mapping", ())]  # type: ignore[arg-type]


def test_entries_are_frozen() -> None:
    entry, _problems = parse_manual("followers", {"on": DAY, "network": "x", "followers": 1})
    with pytest.raises(ValueError, match="frozen"):
        entry.followers = 2  # type: ignore[union-attr,misc]


FIELDS = ["on", "brand", "people", "insights", "relationships", "industry_rank", "network_rank"]
FIELDS += ["platform", "overall_rating", "ceo_approval", "reviews", "network", "followers", "extra"]
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers(), max_size=2),
)


@given(
    st.sampled_from(["ssi", "review", "followers", "other"]),
    st.dictionaries(
        st.sampled_from(FIELDS),
        VALUES,
    ),
)
def test_anything_typed_gives_an_entry_or_problems(kind: str, data: dict[str, Any]) -> None:
    entry, problems = parse_manual(kind, data)
    assert (entry is None) == bool(problems)
    assert all(p.code in MESSAGES for p in problems)
    for problem in problems:
        problem.message()
