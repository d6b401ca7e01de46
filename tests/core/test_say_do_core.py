"""Say–do arithmetic, declared vs observed presence and the no-activity recency (issue 15;
architecture review §4, mutation M7)."""

from __future__ import annotations

import datetime

from portevoix.core.evidence.indicators import (
    NO_ACTIVITY_RECENCY_DAYS,
    compute_indicators,
    indicator_values,
    shipped_settings,
)
from portevoix.core.scoring.say_do import codir_say_do, mean_gap, say_do_rows
from portevoix.core.usage import Member, find_gaps, observed_status, presence_share


def test_the_gap_is_declared_minus_observed() -> None:
    rows = say_do_rows(["a", "b", "c"], {"a": 80.0, "b": 40.0, "c": None}, {"a": 20.0, "b": 50.0})
    assert [r.gap for r in rows] == [60.0, -10.0, None]
    assert mean_gap(rows) == 25.0


def test_the_codir_row_is_the_mean_of_each_side() -> None:
    one = say_do_rows(["a"], {"a": 80.0}, {"a": 20.0})
    two = say_do_rows(["a"], {"a": 60.0}, {"a": None})
    (row,) = codir_say_do([one, two])
    assert (row.declared, row.observed, row.gap) == (70.0, 20.0, 50.0)


def test_a_silent_leader_is_as_far_from_recent_as_can_be() -> None:
    """No activity at all: recency 3650 days, not 0 (which would read as "posted today")."""
    today = datetime.date(2026, 12, 1)
    indicators = compute_indicators([], today=today, settings=shipped_settings(), profile={"headline": "CEO"})
    assert indicators.recency_days is None
    values = indicator_values(indicators)
    assert values["recency_days"] == NO_ACTIVITY_RECENCY_DAYS == 3650.0


def test_best_status_per_leader_is_one_rule() -> None:
    share = presence_share({"1": ["dormant", "active"], "2": ["occasional"], "3": ["absent"], "4": []})
    assert (share.members, share.active, share.inactive) == (3, 1, 1)
    assert share.active_percent == 100 / 3


def test_declared_and_observed_presence_that_disagree_is_a_gap_with_both() -> None:
    member = Member("p1", "Jean-Marc Bertin", {("company", "linkedin"): "occasional"})
    cemetery = observed_status(digital_cemetery=True, regularity=0.0)
    gaps = find_gaps(company={}, members=[member], observed={"p1": cemetery})
    flagged = [g for g in gaps if g.code == "leader_declared_observed"]
    assert len(flagged) == 1
    assert flagged[0].declared == "occasional"
    assert flagged[0].observed == "dormant"
    assert "Occasional" in flagged[0].message()
    assert "Dormant" in flagged[0].message()
    # agreeing sources: no such gap
    active = observed_status(digital_cemetery=False, regularity=0.8)
    assert not [
        g
        for g in find_gaps(company={}, members=[member], observed={"p1": active})
        if g.code.endswith("observed")
    ]
