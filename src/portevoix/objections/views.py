"""Objection pages. Every view goes through :func:`org_view`, which scopes it to the tenant.

A leader's objection profile is an individual result: managers and the leader themself only
(ADR 0002). The codir view and the catalogue are for managers; only they review detections
and add entries or phrasings.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portevoix.assessments.models import Campaign
from portevoix.tenancy.access import OrgAccess, Perm, org_view

from . import selectors, services
from .display import KIND_PLURALS
from .forms import EntryForm, ExampleForm, ReviewForm
from .tasks import detect_campaign


def _signal_choices(access: OrgAccess) -> list[tuple[str, str]]:
    return [(e.id, f"{e.label} ({e.kind_label})") for e in selectors.catalogue_entries(access.organisation)]


@org_view(Perm.VIEW_ANY_PERSON)
def codir(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    from portevoix.assessments.read_model import default_campaign, scope_line, scope_of

    chosen = default_campaign(access.organisation)
    # The same scope as the maturity figures: the default campaign's answers, counted in leaders.
    view = selectors.codir_view(access.organisation, campaign=chosen.campaign)
    scope = scope_of(chosen.campaign) if chosen.campaign is not None else None
    sections = [
        (kind, KIND_PLURALS[kind], view.by_kind.get(kind, [])) for kind in ("objection", "barrier", "trigger")
    ]
    return render(
        request,
        "objections/codir.html",
        {
            "access": access,
            "view": view,
            "scope": scope,
            "scope_line": scope_line(scope) if scope else "",
            "scope_reason": chosen.reason,
            "sections": sections,
            "signals": _signal_choices(access),
            "can_edit": access.can(Perm.MANAGE_ORGANISATION),
            # The leader reads what they said and what is offered to them; confidences, closest
            # phrasings and the answers to prepare are the managers' (UX review 2026-12, P4).
            "full_view": access.can(Perm.VIEW_ANY_PERSON),
        },
    )


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def analyse(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    campaigns = list(Campaign.objects.filter(organisation=access.organisation).values_list("pk", flat=True))
    for campaign_id in campaigns:
        detect_campaign.enqueue(campaign_id)
    if campaigns:
        messages.success(
            request, _("The answers are being analysed in the background; reload the page in a moment.")
        )
    else:
        messages.info(request, _("There is no diagnostic campaign to analyse yet."))
    return redirect("objections:codir", org_slug=access.organisation.slug)


@org_view(Perm.VIEW_PEOPLE)
def person_profile(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    person = selectors.person_get(organisation=access.organisation, pk=pk)
    if not access.can_view_person(person):
        raise PermissionDenied
    profile = selectors.person_objection_profile(person)
    sections = [
        (kind, KIND_PLURALS[kind], profile.of_kind(kind)) for kind in ("objection", "barrier", "trigger")
    ]
    return render(
        request,
        "objections/person.html",
        {
            "access": access,
            "person": person,
            "profile": profile,
            "sections": sections,
            "signals": _signal_choices(access),
            "can_edit": access.can(Perm.MANAGE_ORGANISATION),
            # The leader reads what they said and what is offered to them; confidences, closest
            # phrasings and the answers to prepare are the managers' (UX review 2026-12, P4).
            "full_view": access.can(Perm.VIEW_ANY_PERSON),
        },
    )


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def detection_review(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    detection = selectors.detection_get(organisation=access.organisation, pk=pk)
    form = ReviewForm(request.POST, signals=_signal_choices(access))
    if form.is_valid():
        try:
            services.detection_review(
                detection=detection,
                action=form.cleaned_data["action"],
                signal=form.cleaned_data.get("signal") or "",
                user=request.user,
            )
        except services.ReviewError:
            messages.error(request, _("This entry is not in the catalogue."))
        else:
            messages.success(request, _("Review saved: the classifier will use this answer as an example."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    target = request.POST.get("next", "")
    if target == "person":
        return redirect("objections:person", org_slug=access.organisation.slug, pk=detection.person_id)
    return redirect("objections:codir", org_slug=access.organisation.slug)


@org_view(Perm.VIEW_ANY_PERSON)
def catalogue(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    return _catalogue_page(request, access)


def _catalogue_page(
    request: HttpRequest,
    access: OrgAccess,
    example_form: ExampleForm | None = None,
    entry_form: EntryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    signals = _signal_choices(access)
    examples: dict[str, list[str]] = {}
    for example in selectors.organisation_examples(access.organisation):
        examples.setdefault(example.signal, []).append(example.text)
    entries = selectors.catalogue_entries(access.organisation)
    return render(
        request,
        "objections/catalogue.html",
        {
            "access": access,
            "entries": entries,
            "examples": examples,
            "neutral_examples": examples.get("__neutral__", []),
            "example_form": example_form or ExampleForm(signals=signals),
            "entry_form": entry_form or EntryForm(taken=set()),
            "can_edit": access.can(Perm.MANAGE_ORGANISATION),
        },
        status=status,
    )


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def example_add(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = ExampleForm(request.POST, signals=_signal_choices(access))
    if not form.is_valid():
        return _catalogue_page(request, access, example_form=form, status=400)
    services.example_add(
        organisation=access.organisation,
        signal=form.cleaned_data["signal"],
        text=form.cleaned_data["text"],
        language=form.cleaned_data["language"],
        user=request.user,
    )
    messages.success(request, _("Phrasing added to this organisation's catalogue."))
    return redirect("objections:catalogue", org_slug=access.organisation.slug)


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def entry_add(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    taken = set(services.known_signals(access.organisation))
    form = EntryForm(request.POST, taken=taken)
    if not form.is_valid():
        return _catalogue_page(request, access, entry_form=form, status=400)
    data = form.cleaned_data
    services.entry_add(
        organisation=access.organisation,
        key=data["key"],
        kind=data["kind"],
        label_fr=data["label_fr"],
        label_en=data["label_en"],
        advice_fr=data["advice_fr"],
        advice_en=data["advice_en"],
        examples=data["examples"],
        user=request.user,
    )
    messages.success(request, _("Entry added to this organisation's catalogue."))
    return redirect("objections:catalogue", org_slug=access.organisation.slug)
