"""Roadmap pages. Every view goes through :func:`org_view`, which scopes it to the tenant.

Managers (organisation admins, consultants) edit the roadmap; codir members, who are accountable
for it, see all of it (board, timeline, load, risks, history, exports) but change nothing;
respondents do not see it (``Perm.VIEW_RESULTS``, ADR 0009).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portevoix.core.roadmap import PHASE_ORDER, starts_before_dependencies
from portevoix.tenancy.access import OrgAccess, Perm, org_view

from . import display, exports, selectors, services
from .forms import (
    ActionForm,
    GenerateForm,
    KpiReadingForm,
    MilestoneForm,
    OverrideForm,
    RiskForm,
    SponsorForm,
)
from .models import Action, Milestone, Risk, Roadmap, Status

VIEW = Perm.VIEW_RESULTS
MANAGE = Perm.MANAGE_ORGANISATION


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _roadmap(access: OrgAccess) -> Roadmap:
    roadmap = selectors.current_roadmap(access.organisation)
    if roadmap is None:
        raise Http404
    return roadmap


def _detail_url(access: OrgAccess) -> str:
    return reverse("roadmap:detail", kwargs={"org_slug": access.organisation.slug})


@dataclass
class ActionView:
    action: Action
    title: str
    description: str
    reasons: list[str]
    dependencies: list[str]
    overdue: bool
    kpi: str
    kpi_actual: Decimal | None
    kpi_date: dt.date | None

    @property
    def dom_id(self) -> str:
        return f"action-{self.action.pk}"


def action_view(action: Action, today: dt.date) -> ActionView:
    readings = list(action.readings.all())
    latest = readings[-1] if readings else None
    return ActionView(
        action=action,
        title=display.action_title(action),
        description=display.action_description(action),
        reasons=display.reason_texts(action),
        dependencies=[display.action_title(d) for d in action.dependencies.all()],
        overdue=display.overdue(action, today),
        kpi=display.kpi_label(action),
        kpi_actual=latest.value if latest else None,
        kpi_date=latest.date if latest else None,
    )


def _board_context(request: HttpRequest, access: OrgAccess, roadmap: Roadmap) -> dict[str, Any]:
    today = services.today(access.organisation)
    actions = selectors.action_list(roadmap)
    owner = request.GET.get("owner", "")
    if owner and not owner.isdigit():
        raise Http404
    shown = [a for a in actions if not owner or str(a.owner_id) == owner or str(a.accountable_id) == owner]
    views = [action_view(a, today) for a in shown]
    items = services.items_of(roadmap, actions)
    gates = services.gate_states(roadmap, items)
    warnings = display.problem_texts(starts_before_dependencies(items))
    people = {a.owner for a in actions if a.owner} | {a.accountable for a in actions if a.accountable}
    return {
        "access": access,
        "roadmap": roadmap,
        "can_edit": access.can(MANAGE),
        "today": today,
        "phases": [
            {
                "id": phase,
                "label": display.phase_label(phase),
                "actions": [v for v in views if v.action.phase == phase],
                "gate": gates.get(phase),
                "pending": [
                    (display.phase_label(p), [display.library_title(a) for a in ids])
                    for p, ids in (gates[phase].pending.items() if phase in gates else [])
                    if ids
                ],
            }
            for phase in PHASE_ORDER
        ],
        "timeline": display.timeline(roadmap, [v.action for v in views], today) if views else None,
        "overrides": selectors.override_list(roadmap),
        "milestones": selectors.milestone_list(roadmap),
        "risks": selectors.risk_list(roadmap)[:5],
        "owners": sorted(people, key=lambda p: p.full_name),
        "owner_filter": int(owner) if owner else None,
        "overdue_count": sum(1 for v in views if v.overdue),
        "warnings": warnings,
        "sponsor_form": SponsorForm(
            organisation=access.organisation, initial={"sponsor": roadmap.sponsor_id}
        ),
    }


@org_view(VIEW)
def roadmap_detail(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    roadmap = selectors.current_roadmap(access.organisation)
    if roadmap is None:
        return render(request, "roadmap/empty.html", {"access": access, "can_edit": access.can(MANAGE)})
    return render(request, "roadmap/detail.html", _board_context(request, access, roadmap))


@org_view(MANAGE)
def roadmap_generate(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """GET asks (start date; keep or replace the actions edited by hand); POST generates."""
    roadmap = selectors.current_roadmap(access.organisation)
    initial = {
        "start": roadmap.start_date if roadmap else services.today(access.organisation),
        "keep_edits": "keep",
    }
    form = GenerateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.roadmap_generate(
                organisation=access.organisation,
                user=request.user,
                start=form.cleaned_data["start"],
                keep_edits=form.cleaned_data["keep_edits"] == "keep",
            )
        except services.RoadmapError as error:
            for text in display.problem_texts(error.problems):
                form.add_error(None, text)
        else:
            messages.success(
                request,
                _("The roadmap is generated: %(created)s actions planned, %(kept)s edited by hand kept.")
                % {"created": report.created, "kept": report.kept},
            )
            return redirect(_detail_url(access))
    return render(
        request,
        "roadmap/generate.html",
        {
            "access": access,
            "form": form,
            "roadmap": roadmap,
            "edited": services.edited_count(access.organisation),
        },
    )


@org_view(MANAGE)
@require_POST
def sponsor_set(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    roadmap = _roadmap(access)
    form = SponsorForm(request.POST, organisation=access.organisation)
    if form.is_valid():
        services.sponsor_set(roadmap=roadmap, person=form.cleaned_data["sponsor"], user=request.user)
        messages.success(request, _("The executive sponsor is saved."))
    else:
        messages.error(request, _("Choose a member of the codir as executive sponsor."))
    return redirect(_detail_url(access))


@org_view(MANAGE)
def gate_override(request: HttpRequest, access: OrgAccess, phase: str) -> HttpResponse:
    roadmap = _roadmap(access)
    state = services.gate_states(roadmap).get(phase)
    if state is None:
        raise Http404
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.gate_override(
                roadmap=roadmap, phase=phase, reason=form.cleaned_data["reason"], user=request.user
            )
        except services.RoadmapError as error:
            for text in display.problem_texts(error.problems):
                form.add_error(None, text)
        else:
            messages.success(request, _("The gate is open. Your reason is recorded."))
            return redirect(_detail_url(access))
    pending = [
        (display.phase_label(p), [display.library_title(a) for a in ids])
        for p, ids in state.pending.items()
        if ids
    ]
    return render(
        request,
        "roadmap/override.html",
        {
            "access": access,
            "form": form,
            "phase": display.phase_label(phase),
            "state": state,
            "pending": pending,
        },
    )


def _action_response(request: HttpRequest, access: OrgAccess, action: Action) -> HttpResponse:
    if _is_htmx(request):
        today = services.today(access.organisation)
        fresh = selectors.action_get(organisation=access.organisation, pk=action.pk)
        return render(
            request,
            "roadmap/_card.html",
            {"access": access, "item": action_view(fresh, today), "can_edit": True, "today": today},
        )
    messages.success(request, _("The action is saved."))
    return redirect(f"{_detail_url(access)}#action-{action.pk}")


@org_view(MANAGE)
def action_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    roadmap = _roadmap(access)
    initial = {
        "phase": request.GET.get("phase") if request.GET.get("phase") in PHASE_ORDER else PHASE_ORDER[0],
        "start_date": services.today(access.organisation),
        "end_date": services.today(access.organisation) + dt.timedelta(days=13),
        "effort_days": 1,
        "status": Status.NOT_STARTED,
        "percent_done": 0,
        "kpi_unit": "count",
    }
    form = ActionForm(
        request.POST or None, organisation=access.organisation, roadmap=roadmap, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                roadmap=roadmap,
                data=form.service_data(),
                user=request.user,
                dependencies=list(form.cleaned_data["dependencies"]),
            )
        except services.RoadmapError as error:
            for text in display.problem_texts(error.problems):
                form.add_error(None, text)
        else:
            messages.success(request, _("The action is added."))
            return redirect(f"{_detail_url(access)}#action-{action.pk}")
    return render(request, "roadmap/action_form.html", {"access": access, "form": form, "action": None})


@org_view(VIEW)
def action_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    action = selectors.action_get(organisation=access.organisation, pk=pk)
    today = services.today(access.organisation)
    view = action_view(action, today)
    readings = list(action.readings.all())
    chart = None
    if readings:
        chart = _kpi_chart(view, readings)
    return render(
        request,
        "roadmap/action_detail.html",
        {
            "access": access,
            "item": view,
            "readings": readings,
            "chart": chart,
            "changes": [
                (c, display.verb_label(c.verb), display.change_text(c)) for c in action.changes.all()[:50]
            ],
            "can_edit": access.can(MANAGE),
            "reading_form": KpiReadingForm(initial={"date": today}),
        },
    )


def _kpi_chart(view: ActionView, readings: list[Any]) -> dict[str, Any]:
    from portevoix.core.charts.theme import CATEGORICAL, INK, vega_lite

    target = float(view.action.kpi_target) if view.action.kpi_target is not None else None
    values = [{"date": r.date.isoformat(), "value": float(r.value), "series": _("Actual")} for r in readings]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "point": True, "color": CATEGORICAL[0]},
            "encoding": {
                "x": {"field": "date", "type": "temporal", "title": _("Date")},
                "y": {"field": "value", "type": "quantitative", "title": view.kpi or _("KPI")},
                "tooltip": [
                    {"field": "date", "type": "temporal", "title": _("Date")},
                    {"field": "value", "title": _("Actual")},
                ],
            },
        }
    ]
    if target is not None:
        layers.append(
            {
                "data": {"values": [{"target": target}]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": INK},
                "encoding": {
                    "y": {"field": "target", "type": "quantitative"},
                    "tooltip": [{"field": "target", "title": _("Target")}],
                },
            }
        )
    return vega_lite(
        title="",
        description=_("%(kpi)s: actual over time against the target") % {"kpi": view.kpi},
        values=values,
        body={"layer": layers},
        rows=8,
    )


@org_view(MANAGE)
def action_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """GET shows the form (a fragment replacing the card with htmx); POST saves it."""
    action = selectors.action_get(organisation=access.organisation, pk=pk)
    roadmap = action.roadmap
    htmx = _is_htmx(request)
    if request.method == "GET" and request.GET.get("cancel") and htmx:
        return _action_response(request, access, action)
    form = ActionForm(request.POST or None, organisation=access.organisation, roadmap=roadmap, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action,
                data=form.service_data(),
                user=request.user,
                dependencies=list(form.cleaned_data["dependencies"]),
            )
        except services.RoadmapError as error:
            for text in display.problem_texts(error.problems):
                form.add_error(None, text)
        else:
            return _action_response(request, access, action)
    template = "roadmap/_card_form.html" if htmx else "roadmap/action_form.html"
    return render(
        request,
        template,
        {"access": access, "form": form, "action": action, "title": display.action_title(action)},
    )


@org_view(MANAGE)
@require_POST
def action_delete(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    action = selectors.action_get(organisation=access.organisation, pk=pk)
    title = display.action_title(action)
    services.action_delete(action=action, user=request.user)
    if _is_htmx(request):
        return HttpResponse("")
    messages.success(request, _("The action “%(title)s” is removed.") % {"title": title})
    return redirect(_detail_url(access))


@org_view(MANAGE)
@require_POST
def action_move(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    action = selectors.action_get(organisation=access.organisation, pk=pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.action_move(action=action, offset=offset, user=request.user)
    if _is_htmx(request):
        context = _board_context(request, access, action.roadmap)
        phase = next(p for p in context["phases"] if p["id"] == action.phase)
        return render(request, "roadmap/_phase.html", {**context, "phase": phase})
    return redirect(f"{_detail_url(access)}#action-{action.pk}")


@org_view(MANAGE)
@require_POST
def kpi_reading_add(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    action = selectors.action_get(organisation=access.organisation, pk=pk)
    form = KpiReadingForm(request.POST)
    url = reverse("roadmap:action.detail", kwargs={"org_slug": access.organisation.slug, "pk": action.pk})
    if form.is_valid():
        services.kpi_reading_add(action=action, user=request.user, **form.cleaned_data)
        messages.success(request, _("The KPI reading is recorded."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
    return redirect(url)


@org_view(VIEW)
def load_view(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    roadmap = _roadmap(access)
    return render(
        request,
        "roadmap/load.html",
        {"access": access, "roadmap": roadmap, "table": selectors.load_rows(roadmap), "working_days": 21},
    )


@org_view(VIEW)
def history(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    roadmap = _roadmap(access)
    return render(
        request,
        "roadmap/history.html",
        {
            "access": access,
            "roadmap": roadmap,
            "changes": [
                (c, display.verb_label(c.verb), display.change_text(c))
                for c in selectors.change_list(roadmap)
            ],
            "overrides": selectors.override_list(roadmap),
        },
    )


@org_view(VIEW)
def risk_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    roadmap = _roadmap(access)
    return render(
        request,
        "roadmap/risks.html",
        {
            "access": access,
            "roadmap": roadmap,
            "risks": selectors.risk_list(roadmap),
            "can_edit": access.can(MANAGE),
        },
    )


def _risks_url(access: OrgAccess) -> str:
    return reverse("roadmap:risk.list", kwargs={"org_slug": access.organisation.slug})


def _risk_form(request: HttpRequest, access: OrgAccess, risk: Risk) -> HttpResponse:
    form = RiskForm(request.POST or None, instance=risk, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_save(risk=form.instance, user=request.user)
        except services.RoadmapError as error:
            for text in display.problem_texts(error.problems):
                form.add_error(None, text)
        else:
            messages.success(request, _("The risk is saved."))
            return redirect(_risks_url(access))
    return render(request, "roadmap/risk_form.html", {"access": access, "form": form, "risk": risk})


@org_view(MANAGE)
def risk_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    return _risk_form(request, access, Risk(roadmap=_roadmap(access)))


@org_view(MANAGE)
def risk_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _risk_form(request, access, selectors.risk_get(organisation=access.organisation, pk=pk))


@org_view(MANAGE)
@require_POST
def risk_delete(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    services.risk_delete(risk=selectors.risk_get(organisation=access.organisation, pk=pk), user=request.user)
    messages.success(request, _("The risk is removed."))
    return redirect(_risks_url(access))


def _milestone_form(request: HttpRequest, access: OrgAccess, milestone: Milestone) -> HttpResponse:
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        services.milestone_save(milestone=form.instance, user=request.user)
        messages.success(request, _("The milestone is saved."))
        return redirect(_detail_url(access) + "#milestones")
    return render(
        request, "roadmap/milestone_form.html", {"access": access, "form": form, "milestone": milestone}
    )


@org_view(MANAGE)
def milestone_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    return _milestone_form(request, access, Milestone(roadmap=_roadmap(access)))


@org_view(MANAGE)
def milestone_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _milestone_form(request, access, selectors.milestone_get(organisation=access.organisation, pk=pk))


@org_view(MANAGE)
@require_POST
def milestone_delete(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    services.milestone_delete(
        milestone=selectors.milestone_get(organisation=access.organisation, pk=pk), user=request.user
    )
    messages.success(request, _("The milestone is removed."))
    return redirect(_detail_url(access) + "#milestones")


@org_view(VIEW)
def milestone_summary(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The short progress summary for the codir at a milestone: since the previous milestone."""
    milestone = selectors.milestone_get(organisation=access.organisation, pk=pk)
    previous = milestone.roadmap.milestones.filter(date__lt=milestone.date).order_by("-date").first()
    since = previous.date if previous else None  # the first milestone: everything so far
    report = selectors.progress_since(access.organisation, since)
    return render(
        request,
        "roadmap/milestone_summary.html",
        {
            "access": access,
            "milestone": milestone,
            "report": report,
            "since": since,
            "lines": report.summary() if report else [],
        },
    )


@org_view(VIEW)
def export(request: HttpRequest, access: OrgAccess, kind: str) -> HttpResponse:
    roadmap = _roadmap(access)
    if kind not in exports.FORMATS:
        raise Http404
    body, content_type, filename = exports.export(
        roadmap, kind, base_url=request.build_absolute_uri("/")[:-1]
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
