from __future__ import annotations

import datetime

import pytest

from portevoix.core.evidence.indicators import (
    DayCounts,
    Settings,
    compute_indicators,
    guess_language,
    shipped_settings,
)

TODAY = datetime.date(2026, 11, 27)
SETTINGS = Settings(cemetery_days=90, period_days=364)


def _day(days_ago: int, **counts: int) -> DayCounts:
    return DayCounts(TODAY - datetime.timedelta(days=days_ago), **counts)


def test_regular_poster() -> None:
    days = [_day(7 * w, posts=1, reactions=3) for w in range(52)]
    result = compute_indicators(days, today=TODAY, settings=SETTINGS)
    assert result.posts == 52
    assert result.active_weeks == 52 == result.weeks
    assert result.regularity == 1
    assert result.recency_days == 0
    assert not result.digital_cemetery
    assert result.posts_per_month == pytest.approx(52 / (364 / 30.4375))
    assert result.original_share == 1


def test_digital_cemetery_after_ninety_days_of_silence() -> None:
    result = compute_indicators([_day(400, posts=3), _day(95, reactions=1)], today=TODAY, settings=SETTINGS)
    assert result.digital_cemetery
    assert result.cemetery_reasons == ["inactive"]
    assert result.recency_days == 95
    never = compute_indicators([], today=TODAY, settings=SETTINGS)
    assert never.digital_cemetery
    assert never.cemetery_reasons == ["no_activity"]
    assert never.regularity == 0


def test_profile_completeness_says_when_the_photo_is_unknown() -> None:
    profile = {"headline": "DRH", "summary": "", "positions": [{"finished_on": None}], "has_photo": None}
    result = compute_indicators([_day(1, posts=1)], today=TODAY, settings=SETTINGS, profile=profile)
    assert result.profile_missing == ["summary", "photo_unknown"]
    assert result.profile_completeness == 67
    stale = compute_indicators(
        [_day(1, posts=1)], today=TODAY, settings=SETTINGS, profile={"headline": "", "positions": []}
    )
    assert "stale_profile" in stale.cemetery_reasons
    assert not stale.digital_cemetery  # active, though the shop window needs work


def test_reach_engagement_and_emv_are_estimates_with_their_basis() -> None:
    result = compute_indicators(
        [], today=TODAY, settings=SETTINGS, metrics={"impressions": 10_000, "engagements": 250, "clicks": 40}
    )
    assert result.engagement_rate == pytest.approx(0.025)
    assert result.earned_media_value == pytest.approx(10 * 7 + 7 * (0.25 * 250 + 40))
    assert "CPM 7" in result.emv_basis


def test_themes_languages_and_guiding_thread() -> None:
    posts = [
        (
            TODAY - datetime.timedelta(days=30 * n),
            f"Notre #industrie avance : la #maintenance prédictive, épisode {n}",
            "",
        )
        for n in range(8)
    ]
    result = compute_indicators([], today=TODAY, settings=SETTINGS, posts=posts)
    assert result.themes[:2] == ["industrie", "maintenance"]
    assert result.guiding_thread == 1
    assert result.languages == {"fr": 1.0}


def test_guess_language() -> None:
    assert guess_language("Je n'ai pas le temps de publier sur LinkedIn") == "fr"
    assert guess_language("We are proud of the team and of what they built") == "en"
    assert guess_language("🚀") == ""


def test_network_growth() -> None:
    connections = [TODAY - datetime.timedelta(days=d) for d in (10, 200, 800)]
    result = compute_indicators([], today=TODAY, settings=SETTINGS, connections=connections)
    assert (result.network_size, result.network_growth) == (3, 2)


def test_shipped_settings_load() -> None:
    settings = shipped_settings()
    assert settings.cemetery_days == 90
    assert settings.currency == "EUR"


def test_network_counts_from_the_database_win() -> None:
    result = compute_indicators([], today=TODAY, settings=SETTINGS, network_counts=(1200, 40))
    assert (result.network_size, result.network_growth) == (1200, 40)


def test_page_indicators() -> None:
    from portevoix.core.evidence.indicators import page_indicators

    metrics = {
        "impressions": 20_000.0,
        "clicks": 300.0,
        "reactions": 500.0,
        "comments": 40.0,
        "reposts": 10.0,
        "new_followers_total": 120.0,
    }
    result = page_indicators(today=TODAY, posts=52, metrics=metrics, settings=SETTINGS)
    assert result.posts_per_week == pytest.approx(1.0)
    assert result.engagements == 850
    assert result.engagement_rate == pytest.approx(850 / 20_000)
    assert result.new_followers == 120
    assert result.earned_media_value == pytest.approx(20 * 7 + 7 * (0.25 * 500 + 300))
    assert result.employee_share is None or result.employee_share == 0
    shared = page_indicators(today=TODAY, posts=10, metrics={}, people_posts=30, settings=SETTINGS)
    assert shared.employee_share == pytest.approx(0.75)
    empty = page_indicators(today=TODAY, posts=0, metrics={}, settings=SETTINGS)
    assert empty.impressions is None
    assert empty.earned_media_value is None
