"""Organisation pages. Every view goes through :func:`org_view`, which scopes it to the tenant."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portevoix.assessments.models import Campaign
from portevoix.core.errors import ProblemsError
from portevoix.core.framework import adapt_weights
from portevoix.evidence.models import ManualEntry
from portevoix.evidence.selectors import person_indicators
from portevoix.frameworks.selectors import organisation_framework
from portevoix.privacy.audit import record
from portevoix.privacy.models import AuditAction

from . import selectors, services
from .access import ROLE_RANK, OrgAccess, Perm, can_create_organisation, org_view
from .forms import MembershipForm, OrganisationCreateForm, OrganisationForm, PersonForm
from .models import Person

# What a profile lacks, as the indicators name it (core/evidence/indicators.py).
PROFILE_GAPS = {
    "headline": gettext_lazy("no headline"),
    "summary": gettext_lazy("no summary"),
    "current_position": gettext_lazy("no current position"),
    "photo": gettext_lazy("no photo"),
    "photo_unknown": gettext_lazy("photo not known from the export"),
}


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    if not can_create_organisation(request.user):
        raise PermissionDenied
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(data=form.cleaned_data, creator=request.user)
        messages.success(request, _("The organisation %(name)s is created.") % {"name": organisation.name})
        return redirect("tenancy:organisation.overview", org_slug=organisation.slug)
    return render(request, "tenancy/organisation_form.html", {"form": form})


@org_view(Perm.VIEW_ORGANISATION)
def overview(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    codir = list(selectors.person_list(organisation=organisation, codir_only=True))
    stored = organisation_framework(organisation)
    adapted = None
    if stored is not None:
        framework = stored.framework
        weights = adapt_weights(framework, organisation.profile)
        adapted = {"stored": stored, "framework": framework, "weights": weights}
    from portevoix.assessments.read_model import default_campaign, page_figures, scope_line, scope_of

    # The same default scope as the reports: a new, nearly empty campaign does not replace the one
    # the codir answered.
    chosen = default_campaign(organisation)
    scope = scope_of(chosen.campaign) if chosen.campaign is not None else None
    campaigns = Campaign.objects.filter(organisation=organisation).exclude(status=Campaign.Status.DRAFT)
    if chosen.campaign is not None:
        campaigns = campaigns.exclude(pk=chosen.campaign.pk)
    others = campaigns.count()
    return render(
        request,
        "tenancy/overview.html",
        {
            "access": access,
            "organisation": organisation,
            "latest_campaign": chosen.campaign,
            "scope_line": scope_line(scope) if scope else "",
            "scope_reason": chosen.reason,
            "other_campaigns": others,
            "page": page_figures(organisation),
            "codir": codir,
            "people_count": selectors.person_list(organisation=organisation).count(),
            "adapted": adapted,
        },
    )


@org_view(Perm.MANAGE_ORGANISATION)
def organisation_edit(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(organisation=organisation, data=form.cleaned_data)
        record(
            AuditAction.ORGANISATION_UPDATE,
            organisation=organisation,
            actor=request.user,
            target=organisation,
            details={"fields": form.changed_data},
        )
        messages.success(request, _("The organisation profile is saved."))
        return redirect("tenancy:organisation.overview", org_slug=organisation.slug)
    return render(request, "tenancy/organisation_form.html", {"access": access, "form": form})


@org_view(Perm.VIEW_PEOPLE)
def people(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    codir_only = request.GET.get("codir") == "1"
    query = request.GET.get("q", "")[:100]
    people = selectors.person_list(organisation=access.organisation, codir_only=codir_only, query=query)
    context = {"access": access, "people": people, "codir_only": codir_only, "query": query}
    # htmx asks for the table only when the filter changes.
    template = "tenancy/_people_table.html" if request.htmx else "tenancy/people.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@org_view(Perm.MANAGE_PEOPLE)
def person_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = PersonForm(request.POST or None, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        person = services.person_save(person=form.instance)
        messages.success(request, _("%(name)s has been added.") % {"name": person.full_name})
        return redirect("tenancy:person.detail", org_slug=access.organisation.slug, pk=person.pk)
    return render(request, "tenancy/person_form.html", {"access": access, "form": form, "person": None})


def _visible_person(access: OrgAccess, pk: int) -> Person:
    person = selectors.person_get(organisation=access.organisation, pk=pk)
    if not access.can_view_person(person):
        raise PermissionDenied
    return person


@org_view(Perm.VIEW_ORGANISATION)
def person_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    person = _visible_person(access, pk)
    indicators = person_indicators(organisation=access.organisation, person=person)
    ssi = ManualEntry.objects.filter(organisation=access.organisation, person=person, kind="ssi").first()
    return render(
        request,
        "tenancy/person_detail.html",
        {
            "access": access,
            "person": person,
            "indicators": indicators,
            "ssi": ssi,
            "profile_labels": PROFILE_GAPS,
        },
    )


@org_view(Perm.MANAGE_PEOPLE)
def person_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    person = selectors.person_get(organisation=access.organisation, pk=pk)
    form = PersonForm(request.POST or None, instance=person, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        services.person_save(person=form.instance)
        messages.success(request, _("The changes are saved."))
        return redirect("tenancy:person.detail", org_slug=access.organisation.slug, pk=person.pk)
    return render(request, "tenancy/person_form.html", {"access": access, "form": form, "person": person})


@org_view(Perm.MANAGE_PEOPLE)
@require_POST
def person_delete(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    person = selectors.person_get(organisation=access.organisation, pk=pk)
    name = person.full_name
    record(AuditAction.PERSON_DELETE, organisation=access.organisation, actor=request.user, target=person)
    services.person_delete(person=person)
    messages.success(request, _("%(name)s has been removed.") % {"name": name})
    return redirect("tenancy:person.list", org_slug=access.organisation.slug)


@org_view(Perm.MANAGE_MEMBERS)
def members(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    form = MembershipForm(request.POST or None, organisation=organisation, actor_role=access.role)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.membership_grant(
                organisation=organisation,
                email=data["email"],
                role=data["role"],
                actor=request.user,
                actor_role=access.role,
                person=data["person"],
                full_name=data["full_name"],
                base_url=request.build_absolute_uri("/"),
            )
        except ProblemsError as error:
            for problem in error.problems:
                field = str(problem.path[0]) if problem.path else None
                form.add_error(field if field in form.fields else None, problem.message(_))
        else:
            if result.membership is not None:
                membership = result.membership
                record(
                    AuditAction.MEMBER_GRANT,
                    organisation=organisation,
                    actor=request.user,
                    target=membership,
                    target_label=membership.user.email,
                    person=membership.person,
                    details={"role": str(membership.role)},
                )
                messages.success(
                    request, _("%(email)s now has this role.") % {"email": membership.user.email}
                )
            else:
                invitation = result.invitation
                assert invitation is not None
                record(
                    AuditAction.MEMBER_GRANT,
                    organisation=organisation,
                    actor=request.user,
                    target=invitation,
                    target_label=invitation.email,
                    person=invitation.person,
                    details={"role": str(invitation.role), "invitation": "sent"},
                )
                # The same words whether the address has an account or not (F16).
                messages.success(
                    request,
                    _("Invitation sent to %(email)s: they get access once they accept it.")
                    % {"email": invitation.email},
                )
            return redirect("tenancy:member.list", org_slug=organisation.slug)
    return render(
        request,
        "tenancy/members.html",
        {
            "access": access,
            "memberships": selectors.membership_list(organisation=organisation),
            "invitations": selectors.member_invitation_list(organisation=organisation),
            "form": form,
        },
    )


@org_view(Perm.MANAGE_MEMBERS)
@require_POST
def member_invitation_withdraw(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    invitation = selectors.member_invitation_get(organisation=access.organisation, pk=pk)
    services.member_invitation_withdraw(invitation=invitation)
    record(
        AuditAction.MEMBER_REVOKE,
        organisation=access.organisation,
        actor=request.user,
        target=invitation,
        target_label=invitation.email,
        person=invitation.person,
        details={"role": str(invitation.role), "invitation": "withdrawn"},
    )
    messages.success(request, _("The invitation of %(email)s is withdrawn.") % {"email": invitation.email})
    return redirect("tenancy:member.list", org_slug=access.organisation.slug)


@org_view(Perm.MANAGE_MEMBERS)
@require_POST
def member_revoke(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    membership = selectors.membership_get(organisation=access.organisation, pk=pk)
    if membership.user_id == request.user.pk:
        messages.error(request, _("You cannot remove your own access."))
    elif ROLE_RANK[membership.role] > ROLE_RANK[access.role]:
        messages.error(request, _("This member's role is above yours: you cannot remove their access."))
    else:
        record(
            AuditAction.MEMBER_REVOKE,
            organisation=access.organisation,
            actor=request.user,
            target=membership,
            target_label=membership.user.email,
            person=membership.person,
            details={"role": str(membership.role)},
        )
        services.membership_revoke(membership=membership)
        messages.success(request, _("The access of %(email)s is removed.") % {"email": membership.user.email})
    return redirect("tenancy:member.list", org_slug=access.organisation.slug)
