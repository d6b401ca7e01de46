"""Usage map and persona pages. Every view goes through :func:`org_view`, which scopes it to the tenant.

Everybody in the organisation sees the company's map and the personas; the map of a codir
member is an individual result, shown only to managers and to that member (ADR 0002). Only
managers record cells and edit personas.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from portevoix.privacy.audit import record
from portevoix.privacy.models import AuditAction
from portevoix.tenancy.access import OrgAccess, Perm, org_view
from portevoix.tenancy.models import Organisation, Person

from . import display, selectors, services
from .forms import OWNER_SUGGESTIONS, PersonaForm, UsageEntryForm
from .models import UsageEntry


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _members(access: OrgAccess) -> list[Person]:
    """The codir members whose maps the viewer may see: all for managers, themself otherwise."""
    people = selectors.usage_subject_list(organisation=access.organisation)
    return [person for person in people if access.can_view_person(person)]


def _visible_subject(access: OrgAccess, pk: int) -> Person:
    person = selectors.usage_subject_get(organisation=access.organisation, pk=pk)
    if not access.can_view_person(person):
        raise PermissionDenied
    return person


def _map_context(access: OrgAccess, usage_map: display.UsageMap, **extra: Any) -> dict[str, Any]:
    return {"access": access, "map": usage_map, "can_edit": access.can(Perm.MANAGE_ORGANISATION), **extra}


# Respondents see the organisation home only (ADR 0002): the map and the personas are the
# communication team's working material, shared with the codir.
@org_view(Perm.VIEW_PEOPLE)
def map_detail(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The company's map (or a member's, with ``?person=<id>``), its gaps, and the codir at a glance."""
    raw = request.GET.get("person", "")
    if raw and not raw.isdigit():
        raise Http404
    subject = _visible_subject(access, int(raw)) if raw else None
    usage_map = display.usage_map_build(
        organisation=access.organisation, members=_members(access), subject=subject
    )
    return render(request, "usage/map.html", _map_context(access, usage_map))


@org_view(Perm.MANAGE_ORGANISATION)
def company_entry_edit(request: HttpRequest, access: OrgAccess, axis: str, network: str) -> HttpResponse:
    return _entry_edit(request, access, None, axis, network)


@org_view(Perm.MANAGE_ORGANISATION)
def person_entry_edit(
    request: HttpRequest, access: OrgAccess, pk: int, axis: str, network: str
) -> HttpResponse:
    person = selectors.usage_subject_get(organisation=access.organisation, pk=pk)
    return _entry_edit(request, access, person, axis, network)


def _entry_edit(
    request: HttpRequest, access: OrgAccess, person: Person | None, axis: str, network: str
) -> HttpResponse:
    """One cell: GET shows its form, POST records it (or forgets it, with ``clear``).

    With htmx the form replaces the cell, and a save re-renders the grid with its gaps; without
    JavaScript the same URL is a full page that redirects back to the map.
    """
    selectors.usage_cell_check(axis=axis, network=network)
    organisation = access.organisation
    where: dict[str, Any] = {"organisation": organisation, "person": person, "axis": axis, "network": network}
    members = _members(access)

    def build() -> display.UsageMap:
        return display.usage_map_build(organisation=organisation, members=members, subject=person)

    usage_map = build()
    cell = usage_map.cell(axis, network)
    back = f"{display.map_url(organisation, person)}#{cell.dom_id}"
    htmx = _is_htmx(request)

    if request.method == "GET" and request.GET.get("cancel"):
        if htmx:
            return render(request, "usage/_cell.html", _map_context(access, usage_map, cell=cell))
        return redirect(back)

    if request.method == "POST" and request.POST.get("clear"):
        services.usage_entry_clear(**where)
        return _saved(request, access, build(), cell.dom_id, back, _("The cell is no longer recorded."))

    entry = selectors.usage_entry_find(**where)
    form = UsageEntryForm(request.POST or None, instance=entry or UsageEntry(**where), dom_id=cell.dom_id)
    if request.method == "POST" and form.is_valid():
        services.usage_entry_save(**where, data=form.cleaned_data, user=request.user)
        return _saved(request, access, build(), cell.dom_id, back, _("The cell is saved."))
    context = _map_context(
        access,
        usage_map,
        cell=cell,
        form=form,
        back=back,
        owners=_owner_suggestions(organisation),
    )
    return render(request, "usage/_cell_form.html" if htmx else "usage/entry_form.html", context)


def _owner_suggestions(organisation: Organisation) -> list[str]:
    """The usual owners, then the names already used in the organisation, without repeats."""
    names = [str(s) for s in OWNER_SUGGESTIONS] + selectors.usage_owner_list(organisation=organisation)
    return list(dict.fromkeys(names))


def _saved(
    request: HttpRequest, access: OrgAccess, usage_map: display.UsageMap, dom_id: str, back: str, message: str
) -> HttpResponse:
    if _is_htmx(request):
        # The gaps and the markers of other cells may change too: the whole grid is redrawn,
        # and the edited cell takes the focus back.
        response = render(request, "usage/_grid.html", _map_context(access, usage_map, focus=dom_id))
        return retarget(reswap(response, "outerHTML"), "#usage-grid")
    messages.success(request, message)
    return redirect(back)


@org_view(Perm.VIEW_PEOPLE)
def persona_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    personas = selectors.persona_list(organisation=access.organisation)
    return render(
        request,
        "usage/persona_list.html",
        {"access": access, "personas": personas, "can_edit": access.can(Perm.MANAGE_ORGANISATION)},
    )


@org_view(Perm.MANAGE_ORGANISATION)
def persona_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = PersonaForm(request.POST or None, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        persona = services.persona_save(persona=form.instance, user=request.user)
        messages.success(request, _("The persona “%(name)s” is created.") % {"name": persona.name})
        return redirect(f"{_personas_url(access)}#persona-{persona.pk}")
    return render(request, "usage/persona_form.html", {"access": access, "form": form, "persona": None})


@org_view(Perm.MANAGE_ORGANISATION)
def persona_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    persona = selectors.persona_get(organisation=access.organisation, pk=pk)
    form = PersonaForm(request.POST or None, instance=persona, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        services.persona_save(persona=form.instance, user=request.user)
        messages.success(request, _("The changes are saved."))
        return redirect(f"{_personas_url(access)}#persona-{persona.pk}")
    return render(request, "usage/persona_form.html", {"access": access, "form": form, "persona": persona})


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def persona_delete(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    persona = selectors.persona_get(organisation=access.organisation, pk=pk)
    name = persona.name
    record(AuditAction.PERSONA_DELETE, organisation=access.organisation, actor=request.user, target=persona)
    services.persona_delete(persona=persona)
    messages.success(request, _("The persona “%(name)s” is deleted.") % {"name": name})
    return redirect(_personas_url(access))


def _personas_url(access: OrgAccess) -> str:
    return reverse("usage:persona.list", kwargs={"org_slug": access.organisation.slug})
