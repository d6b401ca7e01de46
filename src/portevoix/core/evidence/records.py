"""Normalised records that every evidence parser produces, whatever the network or the year.

Times are timezone-aware UTC ``datetime``; days are ``date``. Records carry no private data:
no messages, no invitation notes, no third party's e-mail address or phone number.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import KeyPath, Problem

# An export's files, by their path inside the archive ("Shares.csv", "data/tweets.js"), as bytes.
Files = Mapping[str, bytes]


class Network(enum.StrEnum):
    LINKEDIN = "linkedin"
    X = "x"
    MASTODON = "mastodon"


class Kind(enum.StrEnum):
    """What an activity is. A *repost* shares someone else's post without adding text."""

    POST = "post"
    REPOST = "repost"
    COMMENT = "comment"
    REACTION = "reaction"
    ARTICLE = "article"


@dataclass(frozen=True, slots=True)
class Activity:
    network: Network
    kind: Kind
    key: str  # natural key, unique per (network, kind): a URN, a tweet id, a status URI…
    at: datetime.datetime  # UTC
    text: str = ""  # the person's own public text (never a private message)
    url: str = ""
    target: str = ""  # what a comment/reaction/repost is about (URN or URL), when known
    language: str = ""  # ISO 639-1 when the export says it ("fr", "en"); "" otherwise
    reaction_type: str = ""  # LIKE, PRAISE, EMPATHY… for reactions
    metrics: Mapping[str, float] = field(default_factory=dict)  # impressions, reactions, comments…


# The longest text kept for one activity. LinkedIn posts hold at most 3,000 characters, X posts
# 25,000, LinkedIn articles about 110,000: anything longer is cut (and reported), so that one
# hostile record cannot fill a row (and the worker) with hundreds of megabytes.
MAX_TEXT_CHARS = 200_000


def capped(
    activity: Activity, problems: list[Problem], *, file: str, line: int | None = None, path: KeyPath = ()
) -> Activity:
    """``activity`` with its text cut to :data:`MAX_TEXT_CHARS`, and a problem when it was cut.

    Call it as soon as the record is made: the long text is then dropped right away.
    """
    if len(activity.text) <= MAX_TEXT_CHARS:
        return activity
    params = {"length": len(activity.text), "limit": MAX_TEXT_CHARS}
    problems.append(Problem("text_truncated", params, path=path, file=file, line=line))
    return dataclasses.replace(activity, text=activity.text[:MAX_TEXT_CHARS])


@dataclass(frozen=True, slots=True)
class Position:
    company: str
    title: str
    started_on: datetime.date | None  # month precision: the 1st of the month
    finished_on: datetime.date | None  # None = current position


@dataclass(frozen=True, slots=True)
class Profile:
    network: Network
    display_name: str = ""  # to warn when an archive is somebody else's
    username: str = ""
    headline: str = ""
    summary: str = ""
    industry: str = ""
    location: str = ""
    websites: tuple[str, ...] = ()
    positions: tuple[Position, ...] = ()
    skills: int = 0
    created_at: datetime.datetime | None = None
    followers: int | None = None
    following: int | None = None
    has_photo: bool | None = None  # None = the export does not say


@dataclass(frozen=True, slots=True)
class Connection:
    """A first-degree connection, without contact details."""

    key: str  # profile URL when present, else a hash of name + company + date
    connected_on: datetime.date
    company: str = ""
    position: str = ""


@dataclass(frozen=True, slots=True)
class Follow:
    kind: str  # "company", "member", "hashtag"
    name: str
    followed_on: datetime.date | None
    active: bool = True


@dataclass(frozen=True, slots=True)
class Received:
    """A recommendation or an endorsement received (the giver's name only, no contact details)."""

    kind: str  # "recommendation", "endorsement"
    key: str
    on: datetime.date | None
    label: str = ""  # skill endorsed, or the recommender's job title


@dataclass(frozen=True, slots=True)
class DailyMetric:
    """One number for one day: a person's (creator analytics) or a company page's."""

    network: Network
    scope: str  # "person" or "page"
    day: datetime.date
    metric: str  # impressions, engagements, members_reached, new_followers, clicks, reactions…
    value: float


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file (or column) deliberately not read, and why."""

    name: str
    reason: str  # "private", "not_relevant", "unknown_file"


@dataclass
class Evidence:
    """Everything one export yielded, and what went wrong, file by file."""

    source: str  # "linkedin", "linkedin-creator", "linkedin-page", "x", "mastodon"
    profile: Profile | None = None
    activities: list[Activity] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    follows: list[Follow] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    daily_metrics: list[DailyMetric] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0

    def counts(self) -> dict[str, int]:
        by_kind = dict.fromkeys(Kind, 0)
        for activity in self.activities:
            by_kind[activity.kind] += 1
        return {
            "posts": by_kind[Kind.POST],
            "reposts": by_kind[Kind.REPOST],
            "comments": by_kind[Kind.COMMENT],
            "reactions": by_kind[Kind.REACTION],
            "articles": by_kind[Kind.ARTICLE],
            "connections": len(self.connections),
            "follows": len(self.follows),
            "received": len(self.received),
            "daily_metrics": len(self.daily_metrics),
            "skipped_files": len(self.skipped),
            "errors": len(self.problems),
        }
