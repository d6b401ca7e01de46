"""The organisation's results for one explicit scope: the typed read model every figure comes from.

A :class:`Results` holds every number the product shows about a diagnostic — scores, levels,
alignment, perception and say–do gaps, the digital cemetery, the codir's presence on LinkedIn,
objections per leader, employer reviews and the company page's indicators — for one
:class:`Scope` (a campaign and an activity period). The results page, the API, the three reports
and the overview read this one object (built once by ``assessments.read_model.results_read``), so a
figure has one definition and one computation. Nothing here imports Django: people are
:class:`Leader` (a key and a name), dates are dates, texts are left to the caller.

``docs/decisions/0017-results-read-model.md`` records the design.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

from .evidence.indicators import Indicators, PageIndicators
from .framework import Framework
from .scoring.aggregate import ANONYMITY_FLOOR
from .scoring.say_do import SayDoRow, mean_gap
from .scoring.types import GroupAggregate, PerceptionGap, Scorecard
from .usage import PostingShare, PresenceShare, posting_share


@dataclass(frozen=True)
class Period:
    """Inclusive dates."""

    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class Scope:
    """Which answers and which activity a set of figures covers."""

    campaign_id: int
    campaign_name: str
    closed: bool
    closed_on: datetime.date | None
    self_submitted: int  # self-assessments received (codir or not)
    self_invited: int
    codir_answered: int  # codir members who sent their self-assessment: the denominator of "leaders"
    codir_members: int  # codir members of the organisation
    activity: Period  # the window of observed activity (imports outside it are not counted)

    @property
    def enough_for_codir(self) -> bool:
        """Enough codir answers for the codir's aggregate to be shown to everyone (anonymity)."""
        return self.codir_answered >= ANONYMITY_FLOOR


@dataclass(frozen=True)
class Leader:
    key: int
    name: str


@dataclass(frozen=True)
class LeaderSayDo:
    """One leader's declared scores beside what their activity shows."""

    leader: Leader
    indicators: Indicators
    rows: tuple[SayDoRow, ...]

    @property
    def cemetery(self) -> bool:
        return self.indicators.digital_cemetery


@dataclass(frozen=True)
class Contradiction:
    """The usage map (declared) and imported activity (observed) disagree on a leader's LinkedIn
    presence: both are shown, neither is picked."""

    leader: Leader
    declared: str  # a presence status of the map
    observed: str  # the status the activity shows


@dataclass(frozen=True)
class ObjectionCount:
    """An objection, barrier or trigger and how many leaders of the scope voice it."""

    id: str
    kind: str
    label: str
    leaders: int
    confirmed: bool
    declared: bool
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Review:
    """The latest employer-review figures typed in for one site."""

    site: str
    rating: float | None
    reviews: int
    ceo_approval: float | None
    on: datetime.date


@dataclass(frozen=True)
class PageFigures:
    """The company page's indicators over ``period``; ``latest`` is the last day of page data
    imported at all, so that an import older than the window is said, not taken for none."""

    period: Period
    indicators: PageIndicators | None
    latest: datetime.date | None

    @property
    def imported(self) -> bool:
        return self.latest is not None

    @property
    def outside_period(self) -> bool:
        """Page data was imported, but none of it falls in the period."""
        return self.indicators is None and self.latest is not None and self.latest < self.period.start


@dataclass(frozen=True)
class Results:
    scope: Scope
    framework: Framework
    weights: dict[str, float]
    people: dict[int, Leader]  # everyone with a self-assessment or rated in the campaign
    codir_keys: frozenset[int]  # those of them in the codir
    self_cards: dict[int, Scorecard]
    gaps: dict[int, dict[str, PerceptionGap]]  # perception: self against others' ratings
    codir: GroupAggregate | None
    team: GroupAggregate | None
    team_count: int
    team_threshold: int
    say_do: tuple[LeaderSayDo, ...]  # leaders with a self-assessment and imported activity
    observed_dimensions: tuple[str, ...]  # the dimensions activity maps to, in framework order
    linkedin: PresenceShare  # declared (usage map), codir members
    contradictions: tuple[Contradiction, ...]
    objections: tuple[ObjectionCount, ...]
    reviews: tuple[Review, ...]
    page: PageFigures
    evidence_people: int = 0  # codir members with any imported activity, answered or not
    notes: tuple[str, ...] = field(default_factory=tuple)

    # -- derived figures: computed here once, read everywhere ----------------------------------

    @property
    def codir_too_small(self) -> bool:
        return self.codir is not None and self.codir.n < ANONYMITY_FLOOR

    @property
    def team_hidden(self) -> bool:
        return self.team is None and self.team_count > 0

    @property
    def codir_say_do(self) -> tuple[SayDoRow, ...]:
        from .scoring.say_do import codir_say_do

        return codir_say_do([m.rows for m in self.say_do])

    @property
    def say_do_gap(self) -> float | None:
        """The codir's say–do gap: the mean over the observed dimensions of (mean declared − mean
        observed)."""
        return mean_gap(self.codir_say_do)

    @property
    def monthly_posting(self) -> PostingShare:
        """Codir members with imported activity who posted at least monthly over the period."""
        return posting_share(
            m.indicators.posts_per_month for m in self.say_do if m.leader.key in self.codir_keys
        )

    @property
    def cemetery(self) -> tuple[Leader, ...]:
        return tuple(m.leader for m in self.say_do if m.cemetery)

    def leader_say_do(self, key: int) -> LeaderSayDo | None:
        return next((m for m in self.say_do if m.leader.key == key), None)

    @property
    def rated_leaders(self) -> dict[int, dict[str, PerceptionGap]]:
        """Leaders rated by enough colleagues for others' mean to be shown (see PEER_MINIMUM)."""
        return {
            pk: gaps
            for pk, gaps in self.gaps.items()
            if any(g.others_mean is not None for g in gaps.values())
        }

    @property
    def codir_perception_gaps(self) -> dict[str, tuple[float | None, int]]:
        """Per leader dimension: the mean perception gap (self minus others) over the rated
        leaders, and over how many leaders it is."""
        rated = self.rated_leaders
        found: dict[str, tuple[float | None, int]] = {}
        for dimension_id in self.dimension_ids("person"):
            known = [g[dimension_id].gap for g in rated.values() if dimension_id in g]
            values = [v for v in known if v is not None]
            found[dimension_id] = (sum(values) / len(values) if values else None, len(values))
        return found

    @property
    def objection_leaders(self) -> int:
        """The denominator of every "N leaders" about objections: the codir members who answered."""
        return self.scope.codir_answered

    def dimension_ids(self, level: Literal["organisation", "person"]) -> list[str]:
        return [d.id for d in self.framework.dimensions_at(level)]
