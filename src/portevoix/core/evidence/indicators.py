"""Observed-activity indicators over normalised, per-day data. Pure and fast: a person with
five years of activity is computed in a few milliseconds.

What is computed and why: posts per month and *regularity* (share of weeks with any activity)
say whether a leader animates their presence; *recency* and the *digital cemetery* flag say
whether the profile is left abandoned; original vs reshared content, comments and reactions
given show engagement; the *guiding thread* says whether posts follow consistent themes.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..yamlsource import read_yaml_file

STOPWORDS_FR = frozenset(
    [
        "alors",
        "aussi",
        "autre",
        "avec",
        "avoir",
        "bien",
        "cette",
        "comme",
        "dans",
        "des",
        "donc",
        "elle",
        "elles",
        "encore",
        "entre",
        "est",
        "et",
        "être",
        "fait",
        "faire",
        "leur",
        "leurs",
        "mais",
        "même",
        "nous",
        "notre",
        "nos",
        "pas",
        "plus",
        "pour",
        "quand",
        "que",
        "quel",
        "quelle",
        "qui",
        "sans",
        "ses",
        "son",
        "sont",
        "sous",
        "sur",
        "tous",
        "tout",
        "toute",
        "toutes",
        "très",
        "une",
        "vos",
        "votre",
        "vous",
        "les",
        "aux",
        "ces",
        "cet",
        "ont",
        "peu",
        "car",
        "chez",
        "dont",
        "depuis",
        "avant",
        "après",
        "ceux",
        "celle",
        "celles",
        "ainsi",
        "chaque",
        "parce",
        "pendant",
        "merci",
        "bonne",
        "belle",
        "grand",
        "grande",
        "nouveau",
        "nouvelle",
    ]
)
STOPWORDS_EN = frozenset(
    [
        "about",
        "after",
        "again",
        "also",
        "and",
        "are",
        "back",
        "been",
        "before",
        "being",
        "both",
        "but",
        "can",
        "could",
        "did",
        "does",
        "doing",
        "down",
        "each",
        "even",
        "every",
        "from",
        "have",
        "having",
        "here",
        "how",
        "into",
        "its",
        "just",
        "like",
        "made",
        "make",
        "many",
        "more",
        "most",
        "much",
        "must",
        "never",
        "now",
        "only",
        "other",
        "our",
        "out",
        "over",
        "same",
        "should",
        "some",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "too",
        "under",
        "until",
        "very",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "would",
        "your",
        "yours",
        "you",
    ]
)
_WORD = re.compile(r"#?[^\W\d_][\w'’-]{3,}", re.UNICODE)
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class DayCounts:
    day: datetime.date
    posts: int = 0
    reposts: int = 0
    comments: int = 0
    reactions: int = 0
    articles: int = 0

    @property
    def any(self) -> bool:
        return bool(self.posts or self.reposts or self.comments or self.reactions or self.articles)


@dataclass(frozen=True)
class Settings:
    cemetery_days: int = 90
    period_days: int = 365
    themes: int = 5
    cpm: float = 7.0
    cpc: float = 7.0
    reaction_weight: float = 0.25
    currency: str = "EUR"


@cache
def shipped_settings() -> Settings:
    from portevoix.data import DATA_DIR

    document, problems = read_yaml_file(DATA_DIR / "evidence.yaml")
    if document is None or problems or not isinstance(document.data, dict):
        raise ValueError(f"evidence.yaml is invalid: {problems}")
    data: dict[str, Any] = dict(document.data)
    emv = data.pop("emv", {})
    return Settings(
        cemetery_days=int(data["cemetery_days"]),
        period_days=int(data["period_days"]),
        themes=int(data["themes"]),
        cpm=float(emv["cpm"]),
        cpc=float(emv["cpc"]),
        reaction_weight=float(emv["reaction_weight"]),
        currency=str(emv["currency"]),
    )


@dataclass
class Indicators:
    start: datetime.date
    end: datetime.date
    posts: int = 0
    reposts: int = 0
    comments: int = 0
    reactions: int = 0
    articles: int = 0
    posts_per_month: float = 0.0
    active_weeks: int = 0
    weeks: int = 0
    regularity: float = 0.0  # share of weeks with any activity, 0–1
    last_activity: datetime.date | None = None
    recency_days: int | None = None
    digital_cemetery: bool = False
    cemetery_reasons: list[str] = field(default_factory=list)  # codes: no_activity, inactive, no_headline…
    original_share: float | None = None  # posts / (posts + reposts)
    profile_completeness: int | None = None  # 0–100, None without a profile
    profile_missing: list[str] = field(
        default_factory=list
    )  # headline, summary, current_position, photo_unknown
    network_size: int | None = None
    network_growth: int | None = None  # new connections in the period
    impressions: float | None = None
    engagements: float | None = None
    engagement_rate: float | None = None
    earned_media_value: float | None = None  # an estimate: see emv_basis
    emv_basis: str = ""
    languages: dict[str, float] = field(default_factory=dict)
    themes: list[str] = field(default_factory=list)
    guiding_thread: float | None = None  # 0–1: share of posts, quarter by quarter, on the main themes


def _weeks(start: datetime.date, end: datetime.date) -> int:
    return max(1, ((end - start).days // 7) + 1)


def guess_language(text: str) -> str:
    """ "fr", "en" or "" from stop words: enough to say which language a leader writes in."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    fr = sum(
        1 for w in words if w in STOPWORDS_FR or w in {"le", "la", "de", "du", "un", "et", "en", "je", "il"}
    )
    en = sum(1 for w in words if w in STOPWORDS_EN or w in {"the", "of", "to", "in", "is", "and", "we", "it"})
    if fr == en:
        return ""
    return "fr" if fr > en else "en"


def terms(text: str) -> list[str]:
    """Candidate theme words of a post: hashtags (counted thrice) and content words."""
    found: list[str] = []
    for word in _WORD.findall(_URL.sub(" ", text)):
        low = word.lower().strip("'’-")
        if low.startswith("#"):
            found += [low[1:]] * 3
        elif low not in STOPWORDS_FR and low not in STOPWORDS_EN and len(low) > 4:
            found.append(low)
    return found


def _quarter(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3


def compute_indicators(
    days: Iterable[DayCounts],
    *,
    today: datetime.date,
    settings: Settings | None = None,
    profile: Mapping[str, Any] | None = None,
    connections: Sequence[datetime.date] = (),
    network_counts: tuple[int, int] | None = None,  # (size, new in the period), when counted upstream
    metrics: Mapping[str, float] | None = None,
    posts: Sequence[tuple[datetime.date, str, str]] = (),  # (day, text, language) of original posts
) -> Indicators:
    settings = settings or shipped_settings()
    end = today
    start = end - datetime.timedelta(days=settings.period_days - 1)
    result = Indicators(start=start, end=end)
    active_weeks: set[int] = set()
    last: datetime.date | None = None
    for row in days:
        if row.any and (last is None or row.day > last) and row.day <= end:
            last = row.day
        if not start <= row.day <= end:
            continue
        result.posts += row.posts
        result.reposts += row.reposts
        result.comments += row.comments
        result.reactions += row.reactions
        result.articles += row.articles
        if row.any:
            active_weeks.add((row.day - start).days // 7)
    result.weeks = _weeks(start, end)
    result.active_weeks = len(active_weeks)
    result.regularity = result.active_weeks / result.weeks
    result.posts_per_month = (result.posts + result.articles) / (settings.period_days / 30.4375)
    result.last_activity = last
    result.recency_days = (end - last).days if last else None
    if result.posts + result.reposts:
        result.original_share = result.posts / (result.posts + result.reposts)
    _profile(result, profile)
    _cemetery(result, settings)
    if network_counts is not None:
        result.network_size, result.network_growth = network_counts
    elif connections:
        result.network_size = sum(1 for d in connections if d <= end)
        result.network_growth = sum(1 for d in connections if start <= d <= end)
    _reach(result, metrics or {}, settings)
    _themes(result, [p for p in posts if start <= p[0] <= end], settings)
    return result


def _profile(result: Indicators, profile: Mapping[str, Any] | None) -> None:
    if profile is None:
        return
    missing = []
    if not str(profile.get("headline") or "").strip():
        missing.append("headline")
    if not str(profile.get("summary") or "").strip():
        missing.append("summary")
    positions = profile.get("positions") or []
    if not any(not p.get("finished_on") for p in positions if isinstance(p, Mapping)):
        missing.append("current_position")
    checks = 3
    if profile.get("has_photo") is None:
        result.profile_missing.append("photo_unknown")  # the export does not say: not counted
    else:
        checks += 1
        if not profile.get("has_photo"):
            missing.append("photo")
    result.profile_missing[:0] = missing
    result.profile_completeness = round(100 * (checks - len(missing)) / checks)


def _cemetery(result: Indicators, settings: Settings) -> None:
    if result.last_activity is None:
        result.cemetery_reasons.append("no_activity")
    elif result.recency_days is not None and result.recency_days >= settings.cemetery_days:
        result.cemetery_reasons.append("inactive")
    if "headline" in result.profile_missing or "current_position" in result.profile_missing:
        result.cemetery_reasons.append("stale_profile")
    # A profile exists (we have its export) but nobody animates it.
    result.digital_cemetery = bool({"no_activity", "inactive"} & set(result.cemetery_reasons))


def _reach(result: Indicators, metrics: Mapping[str, float], settings: Settings) -> None:
    impressions = metrics.get("impressions")
    engagements = metrics.get("engagements")
    if impressions is None:
        return
    result.impressions = impressions
    result.engagements = engagements
    if engagements is not None and impressions > 0:
        result.engagement_rate = engagements / impressions
    clicks = metrics.get("clicks", 0.0)
    reactions = metrics.get("reactions", engagements or 0.0)
    result.earned_media_value = impressions / 1000 * settings.cpm + settings.cpc * (
        settings.reaction_weight * reactions + clicks
    )
    result.emv_basis = (
        f"CPM {settings.cpm:g} {settings.currency}, CPC {settings.cpc:g} {settings.currency}, "
        f"k = {settings.reaction_weight:g}; impressions from analytics exports"
    )


def _themes(result: Indicators, posts: Sequence[tuple[datetime.date, str, str]], settings: Settings) -> None:
    if not posts:
        return
    languages = Counter(lang or guess_language(text) or "?" for _day, text, lang in posts)
    result.languages = {k: v / len(posts) for k, v in languages.most_common() if k != "?"}
    found_terms = [(day, terms(text)) for day, text, _lang in posts]
    counts: Counter[str] = Counter(t for _day, found in found_terms for t in found)  # hashtags weigh more
    per_post = [(day, set(found)) for day, found in found_terms]
    result.themes = [t for t, n in counts.most_common(settings.themes) if n > 1]
    if not result.themes or len(posts) < 4:
        return
    main = set(result.themes)
    by_quarter: dict[tuple[int, int], list[bool]] = {}
    for day, found in per_post:
        by_quarter.setdefault(_quarter(day), []).append(bool(found & main))
    shares = [sum(hits) / len(hits) for hits in by_quarter.values()]
    result.guiding_thread = sum(shares) / len(shares)


@dataclass
class PageIndicators:
    """The company page over the period, from its analytics exports."""

    start: datetime.date
    end: datetime.date
    posts: int = 0
    posts_per_week: float = 0.0
    impressions: float | None = None
    engagements: float | None = None  # clicks + reactions + comments + reposts
    engagement_rate: float | None = None
    new_followers: float | None = None
    earned_media_value: float | None = None
    emv_basis: str = ""
    people_posts: int = 0  # posts of the organisation's people (imported archives) in the period
    employee_share: float | None = None  # people's posts / (people's + the page's), 0–1


def page_indicators(
    *,
    today: datetime.date,
    posts: int,
    metrics: Mapping[str, float],
    people_posts: int = 0,
    settings: Settings | None = None,
) -> PageIndicators:
    """``metrics``: sums over the period of the page's daily figures (impressions, clicks, …)."""
    settings = settings or shipped_settings()
    end = today
    start = end - datetime.timedelta(days=settings.period_days - 1)
    result = PageIndicators(start=start, end=end, posts=posts)
    result.posts_per_week = posts / (settings.period_days / 7)
    result.people_posts = people_posts
    if posts + people_posts:
        # Who speaks for the company: its page, or its people (employee advocacy)?
        result.employee_share = people_posts / (posts + people_posts)
    if "new_followers_total" in metrics:
        result.new_followers = metrics["new_followers_total"]
    impressions = metrics.get("impressions")
    if impressions is None:
        return result
    parts = [metrics.get(k) for k in ("clicks", "reactions", "comments", "reposts")]
    engagements = sum(p for p in parts if p is not None)
    result.impressions = impressions
    result.engagements = engagements
    result.engagement_rate = engagements / impressions if impressions > 0 else None
    reactions = metrics.get("reactions", 0.0)
    clicks = metrics.get("clicks", 0.0)
    result.earned_media_value = impressions / 1000 * settings.cpm + settings.cpc * (
        settings.reaction_weight * reactions + clicks
    )
    result.emv_basis = (
        f"CPM {settings.cpm:g} {settings.currency}, CPC {settings.cpc:g} {settings.currency}, "
        f"k = {settings.reaction_weight:g}; impressions, clicks and reactions of the page's analytics"
    )
    return result


# A leader with no activity at all is as far from recent as the rules can say: ten years, not
# zero days (which would make a silent leader look like the most recent poster).
NO_ACTIVITY_RECENCY_DAYS = 3650.0
DAYS_PER_MONTH = 365.25 / 12


def indicator_values(indicators: Indicators) -> dict[str, float | None]:
    """The values the framework's ``observed`` rules refer to (indicator → level mapping)."""
    months = (indicators.end - indicators.start).days / DAYS_PER_MONTH or 1
    return {
        "regularity": indicators.regularity,
        "posts_per_month": indicators.posts_per_month,
        "recency_days": (
            float(indicators.recency_days)
            if indicators.recency_days is not None
            else NO_ACTIVITY_RECENCY_DAYS
        ),
        "original_share": indicators.original_share,
        "comments_per_month": indicators.comments / months,
        "reactions_per_month": indicators.reactions / months,
        "profile_completeness": (
            float(indicators.profile_completeness) if indicators.profile_completeness is not None else None
        ),
        "network_size": float(indicators.network_size) if indicators.network_size is not None else None,
        "network_growth": float(indicators.network_growth) if indicators.network_growth is not None else None,
        "guiding_thread": indicators.guiding_thread,
        "engagement_rate": indicators.engagement_rate,
    }
