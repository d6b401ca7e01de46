"""Build the results read model (:class:`portevoix.core.results.Results`) for an explicit scope, and
choose the default scope.

This is the one place that gathers the diagnostic's figures from the other apps (usage map,
activity data, objections, employer reviews): the results page, the API, the reports and the
overview read what it returns, never the other apps' tables. Who may see what (individual
results, the codir aggregate below the anonymity floor) stays with each consumer.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portevoix.core import usage as usage_core
from portevoix.core.evidence.indicators import indicator_values
from portevoix.core.framework import observed_scores
from portevoix.core.results import (
    Contradiction,
    Leader,
    LeaderSayDo,
    ObjectionCount,
    PageFigures,
    Period,
    Results,
    Review,
    Scope,
)
from portevoix.core.scoring.aggregate import ANONYMITY_FLOOR
from portevoix.core.scoring.say_do import say_do_rows
from portevoix.tenancy.models import Organisation, Person

from .models import Campaign, Invitation, Response
from .results import CampaignResults, campaign_results

# -- the scope --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignChoice:
    campaign: Campaign
    codir_answered: int

    @property
    def enough(self) -> bool:
        return self.codir_answered >= ANONYMITY_FLOOR


def campaign_choices(organisation: Organisation) -> list[CampaignChoice]:
    """The organisation's campaigns that have been opened, each with how many codir members sent
    their self-assessment, most complete first (closed before open at equal count, then newest)."""
    campaigns = (
        Campaign.objects.filter(organisation=organisation)
        .exclude(status=Campaign.Status.DRAFT)
        .select_related("framework_version", "organisation")
        .annotate(
            codir_answered=Count(
                "responses__subject",
                filter=Q(responses__kind=Invitation.Kind.SELF, responses__subject__is_codir=True),
                distinct=True,
            )
        )
    )
    choices = [CampaignChoice(c, c.codir_answered) for c in campaigns]
    return sorted(
        choices,
        key=lambda c: (
            -c.codir_answered,
            not c.campaign.is_closed,
            -(c.campaign.closed_at or c.campaign.created_at).timestamp(),
            -c.campaign.pk,
        ),
    )


@dataclass(frozen=True)
class DefaultScope:
    campaign: Campaign | None
    reason: str  # why this one, in the active language
    enough: bool  # it has the codir answers the anonymity rules need


def default_campaign(organisation: Organisation) -> DefaultScope:
    """The campaign the reports and the overview use unless told otherwise: among the closed
    campaigns, the one with the most complete codir answers; else among the open ones. A campaign
    with fewer codir answers than the anonymity rules need is never the default while another
    has enough (a test campaign or the start of the next wave does not replace the real one);
    when none has, the most complete is used and the reports say why its codir figures are hidden."""
    choices = campaign_choices(organisation)
    enough = [c for c in choices if c.enough]
    closed = [c for c in enough if c.campaign.is_closed]
    if closed:
        return DefaultScope(
            closed[0].campaign, _("the closed campaign with the most complete codir answers"), True
        )
    if enough:
        return DefaultScope(
            enough[0].campaign,
            _("the open campaign with the most complete codir answers (no closed one has enough)"),
            True,
        )
    answered = [c for c in choices if c.codir_answered or c.campaign.responses.exists()]
    if answered:
        return DefaultScope(
            answered[0].campaign,
            ngettext(
                "no campaign has the %(minimum)s codir answer the anonymity rules need yet",
                "no campaign has the %(minimum)s codir answers the anonymity rules need yet",
                ANONYMITY_FLOOR,
            )
            % {"minimum": ANONYMITY_FLOOR},
            False,
        )
    latest = max(choices, key=lambda c: (c.campaign.created_at, c.campaign.pk), default=None)
    return DefaultScope(latest.campaign if latest else None, _("no campaign has answers yet"), False)


def scope_of(campaign: Campaign, *, today: datetime.date | None = None) -> Scope:
    from portevoix.evidence.selectors import activity_period

    start, end = activity_period(today)
    invitations = campaign.invitations.filter(kind=Invitation.Kind.SELF).exclude(
        status=Invitation.Status.REVOKED
    )
    imported = campaign.responses.filter(kind=Invitation.Kind.SELF, source=Response.Source.IMPORT)
    submitted = invitations.filter(status=Invitation.Status.SUBMITTED).count() + imported.count()
    codir_answered = (
        campaign.responses.filter(kind=Invitation.Kind.SELF, subject__is_codir=True)
        .values("subject")
        .distinct()
        .count()
    )
    return Scope(
        campaign_id=campaign.pk,
        campaign_name=campaign.name,
        closed=campaign.is_closed,
        closed_on=timezone.localtime(campaign.closed_at).date() if campaign.closed_at else None,
        self_submitted=submitted,
        self_invited=invitations.count() + imported.count(),
        codir_answered=codir_answered,
        codir_members=Person.objects.filter(organisation=campaign.organisation, is_codir=True).count(),
        activity=Period(start, end),
    )


def scope_line(scope: Scope) -> str:
    """The scope as every page and report states it: "Diagnostic du codir — automne 2026,
    6 autoévaluations sur 8 · activité du 1 déc. 2025 au 30 nov. 2026"."""
    answers = ngettext(
        "%(n)s self-assessment out of %(t)s",
        "%(n)s self-assessments out of %(t)s",
        scope.self_invited,
    ) % {"n": scope.self_submitted, "t": scope.self_invited}
    return _("%(campaign)s, %(answers)s · activity from %(start)s to %(end)s") % {
        "campaign": scope.campaign_name,
        "answers": answers,
        "start": formats.date_format(scope.activity.start, "DATE_FORMAT"),
        "end": formats.date_format(scope.activity.end, "DATE_FORMAT"),
    }


# -- the results ------------------------------------------------------------------------------------


def _say_do(
    results: CampaignResults, leaders: dict[int, Leader], today: datetime.date
) -> tuple[tuple[LeaderSayDo, ...], tuple[str, ...], dict[int, str]]:
    """Each leader with a self-assessment and imported activity: declared beside observed."""
    from portevoix.evidence.selectors import person_indicators

    # The campaign's own version maps activity: a version published later never changes an
    # existing campaign's results (review 2026-12, F2); a version without a mapping shows none.
    mapping = results.framework
    dimension_ids = tuple(
        d.id for d in mapping.dimensions if d.observed and d.id in results.framework.dimensions_by_id
    )
    members: list[LeaderSayDo] = []
    observed_status: dict[int, str] = {}
    for pk in sorted(results.self_cards, key=lambda k: leaders[k].name):
        indicators = person_indicators(
            organisation=results.campaign.organisation, person=results.people[pk], today=today
        )
        if indicators is None:
            continue
        observed_status[pk] = usage_core.observed_status(
            digital_cemetery=indicators.digital_cemetery, regularity=indicators.regularity
        )
        if not dimension_ids:
            continue
        observed = observed_scores(mapping, indicator_values(indicators))
        declared = {d: results.self_cards[pk].dimensions[d].score for d in dimension_ids}
        members.append(LeaderSayDo(leaders[pk], indicators, say_do_rows(dimension_ids, declared, observed)))
    return tuple(members), dimension_ids, observed_status


def _objections(organisation: Organisation, campaign: Campaign) -> tuple[ObjectionCount, ...]:
    from portevoix.objections.selectors import organisation_signals

    return tuple(
        ObjectionCount(
            s.id, s.kind, s.label, s.leaders, s.confirmed, s.declared, tuple(p.full_name for p in s.people)
        )
        for s in organisation_signals(organisation, campaign=campaign)
    )


def _reviews(organisation: Organisation) -> tuple[Review, ...]:
    from portevoix.evidence.selectors import latest_reviews

    found = []
    for entry in latest_reviews(organisation=organisation):
        rating = entry.data.get("overall_rating")
        approval = entry.data.get("ceo_approval")
        found.append(
            Review(
                site=str(entry.data.get("platform", "")),
                rating=float(rating) if rating is not None else None,
                reviews=int(entry.data.get("reviews") or 0),
                ceo_approval=float(approval) if approval is not None else None,
                on=entry.on,
            )
        )
    return tuple(found)


def page_figures(organisation: Organisation, period: Period | None = None) -> PageFigures:
    """The company page's indicators over ``period`` (default: the activity window ending today),
    with the last day of page data imported at all."""
    from portevoix.evidence.selectors import activity_period, company_indicators, page_latest_day

    period = period or Period(*activity_period())

    return PageFigures(
        period=period,
        indicators=company_indicators(organisation=organisation, today=period.end),
        latest=page_latest_day(organisation=organisation),
    )


def results_read(
    campaign: Campaign, *, today: datetime.date | None = None, results: CampaignResults | None = None
) -> Results:
    """Every figure of the organisation's results for ``campaign`` and the activity period that
    ends ``today``, as seen by a manager (consumers hide what their reader may not see)."""
    from portevoix.evidence.selectors import people_with_activity
    from portevoix.usage.selectors import codir_network_statuses

    today = today or timezone.localdate()
    organisation = campaign.organisation
    results = results or campaign_results(campaign)
    scope = scope_of(campaign, today=today)
    leaders = {pk: Leader(pk, person.full_name) for pk, person in results.people.items()}
    say_do, observed_dims, observed = _say_do(results, leaders, today)
    statuses = codir_network_statuses(organisation=organisation, network=usage_core.LEADER_NETWORK)
    contradictions = []
    for pk, status in observed.items():
        declared = usage_core.best_status(statuses.get(pk, ()))
        if declared is not None and usage_core.disagree(declared, status):
            contradictions.append(Contradiction(leaders[pk], declared, status))
    codir_people = set(
        Person.objects.filter(organisation=organisation, is_codir=True).values_list("pk", flat=True)
    )
    return Results(
        scope=scope,
        framework=results.framework,
        weights=results.weights,
        people=leaders,
        codir_keys=frozenset(pk for pk, person in results.people.items() if person.is_codir),
        self_cards=results.self_cards,
        gaps=results.gaps,
        codir=results.codir,
        team=results.team,
        team_count=results.team_count,
        team_threshold=campaign.anonymity_threshold,
        say_do=say_do,
        observed_dimensions=observed_dims,
        linkedin=usage_core.presence_share({str(k): v for k, v in statuses.items()}),
        contradictions=tuple(contradictions),
        objections=_objections(organisation, campaign),
        reviews=_reviews(organisation),
        page=page_figures(organisation, scope.activity),
        evidence_people=len(people_with_activity(organisation=organisation) & codir_people),
    )
