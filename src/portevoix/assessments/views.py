"""Campaign pages for organisation admins and consultants, and the results for the codir."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portevoix.core.errors import ProblemsError
from portevoix.privacy.audit import record
from portevoix.privacy.models import AuditAction
from portevoix.tenancy.access import OrgAccess, Perm, org_view

from . import exports, selectors, services
from .dashboard import dashboard_context
from .forms import CampaignForm, InviteCodirForm, InvitePeerForm, InviteTeamForm
from .models import Campaign, Invitation
from .results import campaign_results as campaign_results_of
from .results import response_stats


@org_view(Perm.VIEW_RESULTS)
def campaign_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    campaigns = selectors.campaign_list(organisation=access.organisation)
    if not access.can(Perm.MANAGE_ORGANISATION):
        campaigns = campaigns.exclude(status=Campaign.Status.DRAFT)
    return render(request, "assessments/campaign_list.html", {"access": access, "campaigns": campaigns})


@org_view(Perm.MANAGE_ORGANISATION)
def campaign_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = CampaignForm(request.POST or None, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        campaign = services.campaign_create(
            organisation=access.organisation,
            framework_version=data.pop("framework_version"),
            name=data.pop("name"),
            created_by=request.user,
            **data,
        )
        messages.success(request, _("The campaign is created. Invite the respondents, then open it."))
        return redirect("assessments:campaign.detail", org_slug=access.organisation.slug, pk=campaign.pk)
    return render(request, "assessments/campaign_form.html", {"access": access, "form": form})


def _detail_context(access: OrgAccess, campaign: Campaign, **forms: Any) -> dict[str, Any]:
    organisation = access.organisation
    return {
        "access": access,
        "campaign": campaign,
        "stats": response_stats(campaign),
        "invitations": selectors.invitation_list(campaign=campaign),
        "codir_form": forms.get("codir_form") or InviteCodirForm(organisation=organisation),
        "peer_form": forms.get("peer_form") or InvitePeerForm(organisation=organisation),
        "team_form": forms.get("team_form")
        or InviteTeamForm(initial={"language": organisation.default_language}),
    }


@org_view(Perm.MANAGE_ORGANISATION)
def campaign_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(organisation=access.organisation, pk=pk)
    return render(request, "assessments/campaign_detail.html", _detail_context(access, campaign))


@org_view(Perm.MANAGE_ORGANISATION)
def campaign_progress(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The response rate, polled by htmx while the campaign is open."""
    campaign = selectors.campaign_get(organisation=access.organisation, pk=pk)
    return render(
        request,
        "assessments/_progress.html",
        {"access": access, "campaign": campaign, "stats": response_stats(campaign)},
    )


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def campaign_invite(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(organisation=access.organisation, pk=pk)
    organisation = access.organisation
    kind = request.POST.get("kind")
    created: list[Invitation] = []
    forms: dict[str, Any] = {}
    try:
        if kind == "self":
            form: Any = InviteCodirForm(request.POST, organisation=organisation)
            forms["codir_form"] = form
            if form.is_valid():
                for person in form.cleaned_data["people"]:
                    invitation, _new = services.invitation_create(
                        campaign=campaign, kind=Invitation.Kind.SELF, email=person.email, respondent=person
                    )
                    created.append(invitation)
        elif kind == "peer":
            form = InvitePeerForm(request.POST, organisation=organisation)
            forms["peer_form"] = form
            if form.is_valid():
                rater = form.cleaned_data["rater"]
                invitation, _new = services.invitation_create(
                    campaign=campaign,
                    kind=Invitation.Kind.PEER,
                    email=rater.email,
                    respondent=rater,
                    subject=form.cleaned_data["subject"],
                )
                created.append(invitation)
        elif kind == "team":
            form = InviteTeamForm(request.POST)
            forms["team_form"] = form
            if form.is_valid():
                for email in form.cleaned_data["emails"]:
                    invitation, _new = services.invitation_create(
                        campaign=campaign,
                        kind=Invitation.Kind.TEAM,
                        email=email,
                        language=form.cleaned_data["language"],
                    )
                    created.append(invitation)
        else:
            raise PermissionDenied
    except ProblemsError as error:
        for problem in error.problems:
            messages.error(request, problem.message(_))
        return redirect("assessments:campaign.detail", org_slug=organisation.slug, pk=campaign.pk)
    if not created:
        context = _detail_context(access, campaign, **forms)
        return render(request, "assessments/campaign_detail.html", context, status=400)
    if campaign.is_open:
        base = request.build_absolute_uri("/")
        sent = services.invitations_send(invitations=[i for i in created if i.sent_at is None], base_url=base)
        messages.success(
            request, ngettext("%(n)d invitation sent.", "%(n)d invitations sent.", sent) % {"n": sent}
        )
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d person invited: the e-mail leaves when you open the campaign.",
                "%(n)d people invited: the e-mails leave when you open the campaign.",
                len(created),
            )
            % {"n": len(created)},
        )
    return redirect("assessments:campaign.detail", org_slug=organisation.slug, pk=campaign.pk)


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def campaign_action(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Open, remind, close."""
    campaign = selectors.campaign_get(organisation=access.organisation, pk=pk)
    action = request.POST.get("action")
    base = request.build_absolute_uri("/")
    try:
        if action == "open":
            services.campaign_open(campaign=campaign)
            waiting = campaign.invitations.filter(sent_at__isnull=True, status=Invitation.Status.PENDING)
            sent = services.invitations_send(invitations=waiting.select_related("subject"), base_url=base)
            messages.success(
                request,
                ngettext(
                    "The campaign is open: %(n)d invitation sent.",
                    "The campaign is open: %(n)d invitations sent.",
                    sent,
                )
                % {"n": sent},
            )
        elif action == "remind":
            count = services.reminders_send(campaign=campaign, base_url=base)
            messages.success(
                request, ngettext("%(n)d reminder sent.", "%(n)d reminders sent.", count) % {"n": count}
            )
        elif action == "close":
            services.campaign_close(campaign=campaign)
            messages.success(request, _("The campaign is closed: its results are frozen."))
        else:
            raise PermissionDenied
    except ProblemsError as error:
        for problem in error.problems:
            messages.error(request, problem.message(_))
    return redirect("assessments:campaign.detail", org_slug=access.organisation.slug, pk=campaign.pk)


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def invitation_revoke(request: HttpRequest, access: OrgAccess, pk: int, invitation_pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(organisation=access.organisation, pk=pk)
    invitation = selectors.invitation_get(campaign=campaign, pk=invitation_pk)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("The link of %(email)s no longer works.") % {"email": invitation.email})
    return redirect("assessments:campaign.detail", org_slug=access.organisation.slug, pk=campaign.pk)


@org_view(Perm.MANAGE_ORGANISATION)
def campaign_export(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(organisation=access.organisation, pk=pk)
    results = campaign_results_of(campaign)
    fmt = request.GET.get("format", "xlsx")
    stem = f"porte-voix-{access.organisation.slug}-{campaign.pk}"
    if fmt == "json":
        response: HttpResponse = JsonResponse(
            exports.results_json(results), json_dumps_params={"ensure_ascii": False}
        )
    elif fmt == "csv":
        response = HttpResponse(exports.results_csv(results), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.results_xlsx(results),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        return HttpResponse(
            _("Unknown format: use csv, xlsx or json."), status=400, content_type="text/plain"
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    record(
        AuditAction.RESULTS_EXPORT,
        organisation=access.organisation,
        actor=request.user,
        target=campaign,
        details={"format": fmt},
    )
    return response


@org_view(Perm.VIEW_RESULTS)
def campaign_results(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(organisation=access.organisation, pk=pk)
    if campaign.status == Campaign.Status.DRAFT and not access.can(Perm.MANAGE_ORGANISATION):
        raise PermissionDenied
    context = dashboard_context(access, campaign, person_pk=request.GET.get("person"))
    return render(request, "assessments/results.html", context)
