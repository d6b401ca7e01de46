"""Reads of the diagnostic: scorecards, aggregates and gaps of a campaign, computed by the core.

One function computes a campaign's results; the dashboard, the exports and the API all read
them, so a number is the same wherever it is shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from portevoix.core.framework import Framework, adapt_weights
from portevoix.core.scoring import score_many
from portevoix.core.scoring.aggregate import (
    ANONYMITY_FLOOR,
    PEER_MINIMUM,
    PEER_MINIMUM_SHARED,
    group_aggregate,
    perception_gaps,
    team_aggregate,
)
from portevoix.core.scoring.types import GroupAggregate, PerceptionGap, Scorecard
from portevoix.tenancy.access import OrgAccess, Perm
from portevoix.tenancy.models import Person

from .models import Campaign, Invitation, Response


@dataclass
class ResponseStats:
    invited: int = 0
    submitted: int = 0
    started: int = 0

    @property
    def rate(self) -> int:
        return round(100 * self.submitted / self.invited) if self.invited else 0


@dataclass
class CampaignResults:
    campaign: Campaign
    framework: Framework
    weights: dict[str, float]
    people: dict[int, Person]
    self_cards: dict[int, Scorecard]
    peer_cards: dict[int, list[Scorecard]]
    gaps: dict[int, dict[str, PerceptionGap]]
    codir: GroupAggregate | None
    team: GroupAggregate | None
    team_count: int
    stats: dict[str, ResponseStats] = field(default_factory=dict)

    @property
    def team_hidden(self) -> bool:
        return self.team is None and self.team_count > 0

    @property
    def codir_too_small(self) -> bool:
        """Too few self-assessments for the codir's mean, median and range to be shown to someone
        who may not see each member: with two, each would read the other's scores."""
        return self.codir is not None and self.codir.n < ANONYMITY_FLOOR


def response_stats(campaign: Campaign) -> dict[str, ResponseStats]:
    stats: dict[str, ResponseStats] = {kind: ResponseStats() for kind in Invitation.Kind.values}
    rows = campaign.invitations.exclude(status=Invitation.Status.REVOKED).values_list("kind", "status")
    for kind, status in rows:
        entry = stats[kind]
        entry.invited += 1
        entry.submitted += status == Invitation.Status.SUBMITTED
        entry.started += status == Invitation.Status.STARTED
    imported = campaign.responses.filter(source=Response.Source.IMPORT).values_list("kind", flat=True)
    for kind in imported:
        stats[kind].invited += 1
        stats[kind].submitted += 1
    return stats


def campaign_weights(campaign: Campaign, framework: Framework) -> dict[str, float]:
    if campaign.frozen_weights:
        return {k: float(v) for k, v in campaign.frozen_weights.items()}
    return adapt_weights(framework, campaign.organisation.profile).weights


def peer_minimum(campaign: Campaign) -> int:
    """How many assessors a leader needs before others' ratings of them are shown."""
    return PEER_MINIMUM_SHARED if campaign.share_individual_results else PEER_MINIMUM


def campaign_results(campaign: Campaign) -> CampaignResults:
    framework = campaign.framework_version.framework
    weights = campaign_weights(campaign, framework)
    # Plain tuples, not model instances: a team survey can hold thousands of responses.
    responses = campaign.responses.order_by("pk").values_list("kind", "subject_id", "answers")
    self_rows: list[tuple[str, dict[str, object]]] = []
    peer_rows: list[tuple[str, dict[str, object]]] = []
    team_rows: list[tuple[str, dict[str, object]]] = []
    for kind, subject_id, answers in responses:
        if kind == Invitation.Kind.TEAM:
            team_rows.append((f"team-{len(team_rows)}", answers))
        elif subject_id is not None:
            rows = self_rows if kind == Invitation.Kind.SELF else peer_rows
            rows.append((str(subject_id), answers))
    subject_ids = {int(pk) for pk, _answers in (*self_rows, *peer_rows)}
    people: dict[int, Person] = Person.objects.in_bulk(subject_ids)

    self_cards = {int(card.respondent): card for card in score_many(framework, self_rows, weights=weights)}
    peer_cards: dict[int, list[Scorecard]] = defaultdict(list)
    for card in score_many(framework, peer_rows, weights=weights):
        peer_cards[int(card.respondent)].append(card)
    minimum = peer_minimum(campaign)
    gaps = {
        pk: perception_gaps(self_cards[pk], cards, minimum=minimum)
        for pk, cards in peer_cards.items()
        if pk in self_cards
    }
    codir_cards = [card for pk, card in self_cards.items() if people[pk].is_codir]
    codir = group_aggregate(framework, codir_cards, weights=weights) if codir_cards else None
    team_cards = score_many(framework, team_rows, weights=weights)
    team = team_aggregate(framework, team_cards, threshold=campaign.anonymity_threshold, weights=weights)
    return CampaignResults(
        campaign=campaign,
        framework=framework,
        weights=weights,
        people=people,
        self_cards=self_cards,
        peer_cards=dict(peer_cards),
        gaps=gaps,
        codir=codir,
        team=team,
        team_count=len(team_cards),
        stats=response_stats(campaign),
    )


def can_see_individual(access: OrgAccess, campaign: Campaign, person: Person) -> bool:
    """Managers see everyone; a codir member sees themself, and others only if the campaign allows it."""
    if access.can(Perm.VIEW_ANY_PERSON):
        return True
    if access.person is not None and access.person.pk == person.pk:
        return True
    return campaign.share_individual_results and access.can(Perm.VIEW_RESULTS)


# Lowest, highest, median and how many members sit at each level are each some member's own
# score. A viewer who may not see every member gets them only from a group this many times the
# campaign's anonymity threshold (10 members by default): in a codir of 6, the lowest score is
# one colleague's and everyone guesses whose (UX review 2026-12, P4).
SPREAD_DETAIL_FACTOR = 2


def spread_details_minimum(campaign: Campaign) -> int:
    return SPREAD_DETAIL_FACTOR * campaign.anonymity_threshold


def spread_details_shown(campaign: Campaign, group_size: int, *, sees_everyone: bool) -> bool:
    """May the viewer see each dimension's lowest, highest and median score and the level
    distribution of a group of ``group_size`` members?"""
    return sees_everyone or group_size >= spread_details_minimum(campaign)
