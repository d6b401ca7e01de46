"""The JSON API (OpenAPI documented at /api/docs): campaigns and scorecards.

Same rules as the pages: the organisation comes from the URL, a non-member gets 404, a member
without the right gets 403, and individual results follow the campaign's visibility setting.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.security import django_auth

from portevoix.assessments import selectors
from portevoix.assessments.exports import results_json
from portevoix.assessments.models import Campaign
from portevoix.assessments.read_model import results_read
from portevoix.assessments.results import campaign_results, can_see_individual, response_stats
from portevoix.core.results import Results
from portevoix.tenancy.access import OrgAccess, Perm, resolve_access

api = NinjaAPI(
    title="Porte-voix API",
    version="1",
    description="Campaigns and scorecards of the maturity diagnostic. Log in to the web app first: "
    "the API uses the same session.",
    auth=django_auth,
    urls_namespace="api",
)


class ResponseRate(Schema):
    invited: int
    submitted: int
    rate: int


class CampaignOut(Schema):
    id: int
    name: str
    status: str
    framework_key: str
    framework_version: str
    deadline: datetime.date | None
    team_survey: bool
    anonymity_threshold: int
    opened_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    response_rates: dict[str, ResponseRate] | None = None


class Error(Schema):
    detail: str


def _access(request: HttpRequest, org_slug: str, permission: Perm) -> OrgAccess:
    access = resolve_access(request.user, org_slug)
    if not access.can(permission):
        raise PermissionDenied
    return access


def _campaign_out(campaign: Campaign, *, with_rates: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": campaign.pk,
        "name": campaign.name,
        "status": campaign.status,
        "framework_key": campaign.framework_version.key,
        "framework_version": campaign.framework_version.version,
        "deadline": campaign.deadline,
        "team_survey": campaign.team_survey,
        "anonymity_threshold": campaign.anonymity_threshold,
        "opened_at": campaign.opened_at,
        "closed_at": campaign.closed_at,
    }
    if with_rates:
        out["response_rates"] = {
            k: {"invited": s.invited, "submitted": s.submitted, "rate": s.rate}
            for k, s in response_stats(campaign).items()
        }
    return out


def _visible_campaign(access: OrgAccess, campaign_id: int) -> Campaign:
    campaign = selectors.campaign_get(organisation=access.organisation, pk=campaign_id)
    if campaign.status == Campaign.Status.DRAFT and not access.can(Perm.MANAGE_ORGANISATION):
        raise Http404
    return campaign


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> Any:
    return api.create_response(request, {"detail": "forbidden"}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> Any:
    return api.create_response(request, {"detail": "not found"}, status=404)


@api.get(
    "/organisations/{org_slug}/campaigns",
    response={200: list[CampaignOut], 403: Error, 404: Error},
    summary="Campaigns of an organisation",
)
def campaigns(request: HttpRequest, org_slug: str) -> Any:
    access = _access(request, org_slug, Perm.VIEW_RESULTS)
    manager = access.can(Perm.MANAGE_ORGANISATION)
    found = selectors.campaign_list(organisation=access.organisation)
    if not manager:
        found = found.exclude(status=Campaign.Status.DRAFT)
    return [_campaign_out(c, with_rates=manager) for c in found]


@api.get(
    "/organisations/{org_slug}/campaigns/{campaign_id}",
    response={200: CampaignOut, 403: Error, 404: Error},
    summary="One campaign, with response rates for managers",
)
def campaign(request: HttpRequest, org_slug: str, campaign_id: int) -> Any:
    access = _access(request, org_slug, Perm.VIEW_RESULTS)
    found = _visible_campaign(access, campaign_id)
    return _campaign_out(found, with_rates=access.can(Perm.MANAGE_ORGANISATION))


@api.get(
    "/organisations/{org_slug}/campaigns/{campaign_id}/scorecards",
    response={200: dict[str, Any], 403: Error, 404: Error},
    summary="Scores, levels, alignment, perception gaps and the team aggregate of a campaign",
    description="Individual results are limited to what the caller may see; the team survey appears only "
    "at or above the anonymity threshold, and never answer by answer. A leader's `others` mean is null "
    "below two assessors (three when the campaign shares individual results); for a caller who may not "
    "see every member, `codir` is null below three self-assessments, and each dimension's `min`, `max` "
    "and `median` (one member's own score) are null below twice the campaign's anonymity threshold.",
)
def scorecards(request: HttpRequest, org_slug: str, campaign_id: int) -> Any:
    access = _access(request, org_slug, Perm.VIEW_RESULTS)
    found = _visible_campaign(access, campaign_id)
    results = campaign_results(found)
    visible = {pk for pk, person in results.people.items() if can_see_individual(access, found, person)}
    return results_json(results, visible=visible)


def figures_json(read: Results, *, sees_everyone: bool) -> dict[str, Any]:
    """The read model's headline figures, without names (the board pack's audience)."""
    scope = read.scope
    codir = read.codir if (sees_everyone or not read.codir_too_small) else None
    page = read.page.indicators
    return {
        "scope": {
            "campaign_id": scope.campaign_id,
            "campaign": scope.campaign_name,
            "closed": scope.closed,
            "self_assessments": {"submitted": scope.self_submitted, "invited": scope.self_invited},
            "codir_answered": scope.codir_answered,
            "codir_members": scope.codir_members,
            "activity": {"start": scope.activity.start, "end": scope.activity.end},
        },
        "codir": None
        if codir is None
        else {
            "answers": codir.n,
            "organisation": codir.mean.overall.get("organisation"),
            "person": codir.mean.overall.get("person"),
            "levels": dict(codir.mean.overall_level),
            "dimensions": {d: s.score for d, s in codir.mean.dimensions.items()},
        },
        "say_do": {
            "leaders": len(read.say_do),
            "gap": read.say_do_gap if len(read.say_do) > 1 or sees_everyone else None,
            "cemetery": len(read.cemetery),
            "evidence_people": read.evidence_people,
        },
        "linkedin": {
            "members": read.linkedin.members,
            "active_percent": read.linkedin.active_percent,
            "inactive_percent": read.linkedin.inactive_percent,
        },
        "declared_observed_contradictions": len(read.contradictions),
        "objections": [
            {"id": o.id, "kind": o.kind, "leaders": o.leaders, "out_of": read.objection_leaders}
            for o in read.objections
        ],
        "reviews": [
            {
                "site": r.site,
                "rating": r.rating,
                "reviews": r.reviews,
                "ceo_approval": r.ceo_approval,
                "on": r.on,
            }
            for r in read.reviews
        ],
        "page": {
            "period": {"start": read.page.period.start, "end": read.page.period.end},
            "latest_data": read.page.latest,
            "outside_period": read.page.outside_period,
            "posts_per_week": page.posts_per_week if page else None,
            "impressions": page.impressions if page else None,
            "engagement_rate": page.engagement_rate if page else None,
        },
    }


@api.get(
    "/organisations/{org_slug}/campaigns/{campaign_id}/figures",
    response={200: dict[str, Any], 403: Error, 404: Error},
    summary="The headline figures of a campaign, with their scope",
    description="Every figure the results page, the reports and the overview show, from the one results read "
    "model, for this campaign and the activity period ending today: scope (answers out of invited, activity "
    "dates), codir scores, say–do gap, digital cemetery, LinkedIn presence, declared/observed "
    "contradictions, "
    "objections counted in leaders out of the leaders who answered, employer reviews and the company page "
    "with its period. Nobody is named; the codir aggregate is null below three self-assessments for a "
    "caller who may not see every member.",
)
def figures(request: HttpRequest, org_slug: str, campaign_id: int) -> Any:
    access = _access(request, org_slug, Perm.VIEW_RESULTS)
    found = _visible_campaign(access, campaign_id)
    sees_everyone = access.can(Perm.VIEW_ANY_PERSON) or found.share_individual_results
    return figures_json(results_read(found), sees_everyone=sees_everyone)
