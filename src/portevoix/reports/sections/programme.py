"""The objections, business case and roadmap sections of the board pack and the leader report,
and the progress report's sections.

They read the owning apps' own selectors (``objections.selectors``,
``business_case.selectors.case_evaluate``, ``roadmap.selectors``) and chart builders, so a number
in a report is the number of the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portevoix.business_case import display as case_display
from portevoix.business_case import selectors as case_selectors
from portevoix.core.numbers import AS_TYPED, rounded
from portevoix.core.reports import Chart, Column, KeyFigure, Missing, Section, Table
from portevoix.core.reports.model import Cell, Unit, format_number
from portevoix.objections import selectors as objection_selectors
from portevoix.objections.selectors import EntryView
from portevoix.roadmap import display as roadmap_display
from portevoix.roadmap import selectors as roadmap_selectors
from portevoix.roadmap.models import Action

from ..context import ReportContext
from .registry import section

TEI_SOURCE = "Forrester, Total Economic Impact (TEI) methodology"


def _money_unit(currency: str) -> Unit:
    return "euros" if currency == "EUR" else ""


def no_case() -> Missing:
    return Missing(
        _("No business case in this organisation yet."),
        _(
            "Create one from a template on the Business case page (social selling, employer brand, "
            "executive visibility, full programme), then generate the report again."
        ),
    )


def no_roadmap() -> Missing:
    return Missing(
        _("No roadmap in this organisation yet."),
        _(
            "Generate the roadmap on the Roadmap page, name the executive sponsor, then generate the "
            "report again."
        ),
    )


# -- business case --------------------------------------------------------------------------------


@section("business_case", title=gettext_lazy("Business case"), reports=("board",), order=70)
def business_case(context: ReportContext) -> Section:
    title = _("Business case")
    record = case_selectors.case_list(organisation=context.organisation).first()
    if record is None:
        return Section.unavailable("business_case", title, no_case())
    evaluated = case_selectors.case_evaluate(record, language=context.language)
    report = evaluated.report
    if not report or evaluated.case is None:
        return Section.unavailable(
            "business_case",
            title,
            Missing(
                _("The business case “%(name)s” cannot be evaluated: it has problems to correct.")
                % {"name": record.name},
                _("Open it on the Business case page: each problem is shown with its line."),
            ),
        )
    currency = str(report["currency"])
    unit = _money_unit(currency)
    payback = report.get("payback_months")
    roi = report.get("roi")
    message = _(
        "“%(name)s”: net present value %(npv)s %(currency)s over %(years)s years, ROI %(roi)s, "
        "payback %(payback)s."
    ) % {
        "name": record.name,
        "npv": format_number(report["npv"], 0, context.language),
        "currency": currency,
        "years": report["horizon_years"],
        "roi": "—" if roi is None else f"{format_number(roi * 100, 0, context.language)} %",
        "payback": _("not within the horizon")
        if payback is None
        else _("%(months)s months") % {"months": payback},
    }
    figures = [
        KeyFigure(_("Net present value"), float(report["npv"]), unit, 0, currency if not unit else ""),
        KeyFigure(_("ROI (NPV / PV of costs)"), None if roi is None else roi * 100, "percent", 0),
        KeyFigure(
            _("Payback"),
            None if payback is None else float(payback),
            "",
            0,
            _("months") if payback is not None else _("not within the horizon"),
        ),
    ]
    bullets = [
        _("Present value of benefits: %(value)s %(currency)s; of costs: %(costs)s %(currency)s.")
        % {
            "value": format_number(report["pv_benefits"], 0, context.language),
            "costs": format_number(report["pv_costs"], 0, context.language),
            "currency": currency,
        },
        _(
            "Benefits are lowered and costs raised by their risk adjustments; discount rate %(rate)s %%, "
            "the initial period undiscounted."
        )
        % {"rate": format_number(float(report["discount_rate"]) * 100, 0, context.language)},
    ]
    if report.get("npv_p10") is not None:
        figures.append(
            KeyFigure(
                _("Probability that ROI > 0"), float(report["probability_roi_positive"]) * 100, "percent", 0
            )
        )
        bullets.append(
            _("Simulated NPV: P10 %(p10)s, P50 %(p50)s, P90 %(p90)s %(currency)s.")
            % {
                "p10": format_number(report["npv_p10"], 0, context.language),
                "p50": format_number(report["npv_p50"], 0, context.language),
                "p90": format_number(report["npv_p90"], 0, context.language),
                "currency": currency,
            }
        )
    specs = case_display.charts(evaluated, context.language)
    chart_titles = {
        "waterfall": _("Cash flows, risk-adjusted"),
        "histogram": _("Distribution of the simulated NPV"),
        "tornado": _("Sensitivity of the NPV (tornado)"),
    }
    chart_list = [Chart(f"case_{key}", chart_titles.get(key, key), spec) for key, spec in specs.items()]
    periods = report.get("periods", [])
    flows = Table(
        _("Risk-adjusted flows per period"),
        (
            Column("period", _("Period")),
            Column("benefits", _("Benefits"), unit),
            Column("costs", _("Costs"), unit),
            Column("net", _("Net flow"), unit),
            Column("pv", _("Present value"), unit),
        ),
        tuple(
            (
                case_display.period_label(int(p["period"])),
                _cell(p.get("benefits")),
                _cell(p.get("costs")),
                _cell(p.get("net")),
                _cell(p.get("present_value")),
            )
            for p in periods
        ),
        source=TEI_SOURCE,
    )
    indicators = Table(
        _("Qualitative indicators, measured (beside the money, never added to it)"),
        (
            Column("indicator", _("Indicator")),
            Column("measurement", _("Measurement")),
            Column("baseline", _("Baseline"), "", AS_TYPED),
            Column("target", _("Target"), "", AS_TYPED),
            Column("current", _("Current"), "", AS_TYPED),
            Column("unit", _("Unit")),
        ),
        tuple(
            (
                str(row["label"]),
                str(case_display.measurement_label(row["measurement"])),
                _typed(row.get("baseline")),
                _typed(row.get("target")),
                _typed(row.get("current")),
                str(row.get("unit") or ""),
            )
            for row in report.get("indicators", [])
        ),
    )
    tables = [flows]
    if indicators.rows:
        tables.append(indicators)
    return Section(
        "business_case",
        title,
        message=message,
        bullets=bullets,
        figures=figures,
        charts=chart_list,
        tables=tables,
        sources=[TEI_SOURCE, *_input_sources(evaluated)],
    )


def _typed(value: Any) -> Cell:
    """A qualitative indicator's value as typed (3,1 → 3,8 /5, never 3 → 4), rounded by the one rule."""
    cell = _cell(value)
    return rounded(float(cell), AS_TYPED) if isinstance(cell, int | float) else cell


def _cell(value: Any) -> Cell:
    if value is None:
        return None
    if isinstance(value, int | float | str):
        return value
    return float(value)


def _input_sources(evaluated: case_selectors.EvaluatedCase) -> list[str]:
    case = evaluated.case
    if case is None:
        return []
    found: list[str] = []
    for item in case.inputs.values():
        source = getattr(item.spec, "source", None)
        text = getattr(source, "label", None) if source is not None else None
        if text and str(text) not in found:
            year = getattr(source, "year", None)
            found.append(f"{text} ({year})" if year else str(text))
    return found


# -- roadmap --------------------------------------------------------------------------------------


def _action_rows(actions: list[Action], today: dt.date) -> tuple[tuple[Cell, ...], ...]:
    return tuple(
        (
            roadmap_display.action_title(a),
            roadmap_display.phase_label(a.phase),
            a.accountable.full_name if a.accountable else "—",
            formats.date_format(a.start_date, "SHORT_DATE_FORMAT"),
            formats.date_format(a.end_date, "SHORT_DATE_FORMAT"),
            str(a.get_status_display()) + (" — " + _("late") if roadmap_display.overdue(a, today) else ""),
            a.percent_done,
        )
        for a in actions
    )


def _action_columns() -> tuple[Column, ...]:
    return (
        Column("action", _("Action")),
        Column("phase", _("Phase")),
        Column("accountable", _("Accountable")),
        Column("start", _("Start")),
        Column("end", _("End")),
        Column("status", _("Status")),
        Column("done", _("Done"), "percent"),
    )


def _gate_bullets(report: roadmap_selectors.ProgressReport) -> list[str]:
    lines: list[str] = []
    for phase, gate in report.gates.items():
        label = roadmap_display.phase_label(phase)
        if gate.met and not getattr(gate, "sponsor_missing", False):
            lines.append(_("Gate of “%(phase)s”: open, its exit criteria are met.") % {"phase": label})
        elif gate.overridden:
            lines.append(_("Gate of “%(phase)s”: overridden with a written reason.") % {"phase": label})
        else:
            lines.append(_("Gate of “%(phase)s”: closed.") % {"phase": label})
    for override in report.overrides:
        lines.append(
            _("Override of “%(phase)s” by %(who)s on %(date)s: “%(reason)s”.")
            % {
                "phase": roadmap_display.phase_label(override.phase),
                "who": override.by_name or "—",
                "date": formats.date_format(override.at.date(), "SHORT_DATE_FORMAT"),
                "reason": override.reason,
            }
        )
    return lines


@section("roadmap", title=gettext_lazy("Roadmap"), reports=("board",), order=80)
def roadmap(context: ReportContext) -> Section:
    title = _("Roadmap")
    report = roadmap_selectors.progress_since(context.organisation, today=context.today)
    if report is None:
        return Section.unavailable("roadmap", title, no_roadmap())
    plan = report.roadmap
    actions = list(report.actions.values())
    sponsor = plan.sponsor.full_name if plan.sponsor else None
    message = (
        ngettext(
            "Three steps, %(count)s action; executive sponsor: %(sponsor)s.",
            "Three steps, %(count)s actions; executive sponsor: %(sponsor)s.",
            len(actions),
        )
        % {"count": len(actions), "sponsor": sponsor}
        if sponsor
        else ngettext(
            "Three steps, %(count)s action — no executive sponsor named yet: enablement cannot start.",
            "Three steps, %(count)s actions — no executive sponsor named yet: enablement cannot start.",
            len(actions),
        )
        % {"count": len(actions)}
    )
    upcoming = roadmap_selectors.next_90_days(context.organisation, today=context.today)
    figures = [
        KeyFigure(_("Planned effort done"), report.progress.percent, "percent", 0),
        KeyFigure(_("Actions"), float(report.progress.total), "count"),
        KeyFigure(_("Late actions"), float(len(report.progress.overdue)), "count"),
    ]
    tables = [
        Table(_("The next 90 days"), _action_columns(), _action_rows(upcoming.actions, context.today)),
        Table(_("All actions"), _action_columns(), _action_rows(actions, context.today), data_only=True),
    ]
    risks = list(roadmap_selectors.risk_list(plan))
    if risks:
        tables.append(
            Table(
                _("Risk register"),
                (
                    Column("risk", _("Risk")),
                    Column("likelihood", _("Likelihood")),
                    Column("impact", _("Impact")),
                    Column("mitigation", _("Mitigation")),
                ),
                tuple(
                    (r.title, str(r.get_likelihood_display()), str(r.get_impact_display()), r.mitigation)
                    for r in risks
                ),
            )
        )
    return Section(
        "roadmap",
        title,
        message=message,
        paragraphs=report.summary(),
        bullets=_gate_bullets(report),
        figures=figures,
        charts=[
            Chart(
                "roadmap_timeline",
                _("Timeline"),
                roadmap_display.timeline(plan, actions, context.today),
                width=720,
            )
        ],
        tables=tables,
    )


# -- progress report ------------------------------------------------------------------------------


def _since(context: ReportContext) -> dt.date | None:
    """The date of the previous progress report of the organisation, if any."""
    from portevoix.reports.models import Report

    previous = (
        Report.objects.filter(organisation=context.organisation, kind="progress", status="done")
        .order_by("-created_at")
        .first()
    )
    return previous.created_at.date() if previous is not None else None


@section("progress", title=gettext_lazy("Where the programme stands"), reports=("progress",), order=10)
def progress(context: ReportContext) -> Section:
    title = _("Where the programme stands")
    since = _since(context)
    report = roadmap_selectors.progress_since(context.organisation, since, today=context.today)
    if report is None:
        return Section.unavailable("progress", title, no_roadmap())
    done_since = [report.actions[k] for k in report.progress.done_since if k in report.actions]
    message = (
        ngettext(
            "Since the last report (%(date)s): %(count)s action finished; %(percent)s %% of the effort done.",
            "Since the last report (%(date)s): %(count)s actions finished; "
            "%(percent)s %% of the effort done.",
            len(done_since),
        )
        % {
            "date": formats.date_format(since, "SHORT_DATE_FORMAT"),
            "count": len(done_since),
            "percent": format_number(report.progress.percent, 0, context.language),
        }
        if since
        else _("%(percent)s %% of the planned effort is done (first progress report).")
        % {"percent": format_number(report.progress.percent, 0, context.language)}
    )
    tables = []
    if done_since:
        tables.append(
            Table(
                _("Finished since the last report"),
                _action_columns(),
                _action_rows(done_since, context.today),
            )
        )
    late = [report.actions[k] for k in report.progress.overdue if k in report.actions]
    if late:
        tables.append(Table(_("Late actions"), _action_columns(), _action_rows(late, context.today)))
    return Section(
        "progress",
        title,
        message=message,
        paragraphs=report.summary(),
        bullets=_gate_bullets(report),
        figures=[
            KeyFigure(_("Planned effort done"), report.progress.percent, "percent", 0),
            KeyFigure(_("Finished since the last report"), float(len(done_since)), "count"),
            KeyFigure(_("Late actions"), float(len(late)), "count"),
        ],
        tables=tables,
    )


@section("progress_kpis", title=gettext_lazy("KPIs: actual against target"), reports=("progress",), order=20)
def progress_kpis(context: ReportContext) -> Section:
    title = _("KPIs: actual against target")
    plan = roadmap_selectors.current_roadmap(context.organisation)
    if plan is None:
        return Section.unavailable("progress_kpis", title, no_roadmap())
    rows: list[tuple[Cell, ...]] = []
    for action in roadmap_selectors.action_list(plan):
        readings = list(action.readings.order_by("date"))
        if not readings:
            continue
        first, last = readings[0], readings[-1]
        rows.append(
            (
                roadmap_display.action_title(action),
                roadmap_display.kpi_label(action),
                float(first.value),
                float(last.value),
                None if action.kpi_target is None else float(action.kpi_target),
                formats.date_format(last.date, "SHORT_DATE_FORMAT"),
            )
        )
    if not rows:
        return Section.unavailable(
            "progress_kpis",
            title,
            Missing(
                _("No KPI reading recorded yet."),
                _("Record the KPI readings on each action of the roadmap, then generate the report again."),
            ),
        )
    table = Table(
        title,
        (
            Column("action", _("Action")),
            Column("kpi", _("KPI")),
            Column("first", _("First reading"), digits=1),
            Column("last", _("Latest reading"), digits=1),
            Column("target", _("Target"), digits=1),
            Column("date", _("Date of the latest reading")),
        ),
        tuple(rows),
    )
    reached = sum(1 for r in rows if r[4] is not None and r[3] is not None and float(r[3]) >= float(r[4]))
    message = ngettext(
        "%(reached)s of %(count)s measured KPIs has reached its target.",
        "%(reached)s of %(count)s measured KPIs have reached their target.",
        reached,
    ) % {
        "reached": reached,
        "count": len(rows),
    }
    return Section("progress_kpis", title, message=message, tables=[table])


@section("progress_next", title=gettext_lazy("The next 90 days"), reports=("progress",), order=30)
def progress_next(context: ReportContext) -> Section:
    title = _("The next 90 days")
    plan = roadmap_selectors.current_roadmap(context.organisation)
    if plan is None:
        return Section.unavailable("progress_next", title, no_roadmap())
    upcoming = roadmap_selectors.next_90_days(context.organisation, today=context.today)
    bullets = [f"{formats.date_format(m.date, 'SHORT_DATE_FORMAT')} — {m.title}" for m in upcoming.milestones]
    return Section(
        "progress_next",
        title,
        message=ngettext(
            "%(count)s action runs in the next 90 days.",
            "%(count)s actions run in the next 90 days.",
            len(upcoming.actions),
        )
        % {"count": len(upcoming.actions)},
        bullets=bullets,
        tables=[Table(title, _action_columns(), _action_rows(upcoming.actions, context.today))],
    )


# -- objections -----------------------------------------------------------------------------------


def no_objection() -> Missing:
    return Missing(
        _("No objection, barrier or trigger detected yet."),
        _(
            "Once the codir has answered the diagnostic, the objections page reads their choices and "
            "their own words (the worker does it when they submit); review the detections, then "
            "generate the report again."
        ),
    )


def _answer_bullets(view: EntryView) -> list[str]:
    lines: list[str] = []
    for answer in view.answers:
        cited = "; ".join(f"{f.display_value} {f.label} ({f.citation})" for f in answer.figures)
        lines.append(f"{view.label} — {answer.text}" + (f" [{cited}]" if cited else ""))
    return lines


def _figure_sources(views: list[EntryView]) -> list[str]:
    found: list[str] = []
    for view in views:
        for answer in view.answers:
            for figure in answer.figures:
                if figure.citation not in found:
                    found.append(figure.citation)
    return found


@section("objections", title=gettext_lazy("Objections heard and the answers"), reports=("board",), order=60)
def objections(context: ReportContext) -> Section:
    title = _("Objections heard and the answers")
    read = context.read
    if read is None:
        return Section.unavailable("objections", title, no_objection())
    # Counted in leaders, in the scope of the maturity figures (the read model's campaign).
    view = objection_selectors.codir_view(context.organisation, campaign=context.campaign)
    order = {"objection": 0, "barrier": 1, "trigger": 2}
    summaries = sorted(
        (o for o in read.objections if o.kind in order), key=lambda o: (order[o.kind], -o.leaders, o.label)
    )
    if not summaries:
        return Section.unavailable("objections", title, no_objection())
    total = read.objection_leaders
    kinds = {"objection": _("Objection"), "barrier": _("Barrier"), "trigger": _("Trigger")}
    table = Table(
        _("How many leaders voice each objection and barrier; the triggers present"),
        (
            Column("entry", _("Entry")),
            Column("kind", _("Kind")),
            Column("leaders", _("Leaders"), "count"),
            Column("of", _("Out of (leaders who answered)"), "count"),
            Column("confirmed", _("Confirmed by the admin")),
            Column("declared", _("Chosen in the questionnaire")),
        ),
        tuple(
            (
                s.label,
                kinds.get(s.kind, s.kind),
                s.leaders,
                total,
                _("yes") if s.confirmed else _("no"),
                _("yes") if s.declared else _("no"),
            )
            for s in summaries
        ),
    )
    top_id = view.talking_points[0][0].id if view.talking_points else summaries[0].id
    top = next(o for o in summaries if o.id == top_id)
    message = ngettext(
        "The objection heard most: “%(label)s” (%(count)s of %(total)s leaders).",
        "The objection heard most: “%(label)s” (%(count)s of %(total)s leaders).",
        top.leaders,
    ) % {
        "label": top.label,
        "count": top.leaders,
        "total": total,
    }
    entries = [entry for _summary, entry in view.talking_points]
    bullets = [line for entry in entries for line in _answer_bullets(entry)]
    actions = sorted({a.label for entry in entries for a in entry.actions})
    paragraphs = []
    if actions:
        paragraphs.append(_("Recommended actions: %(actions)s.") % {"actions": "; ".join(actions)})
    triggers = [o for o in summaries if o.kind == "trigger"]
    if triggers:
        paragraphs.append(
            _("Triggers present in the company's situation: %(triggers)s.")
            % {"triggers": ", ".join(t.label for t in triggers)}
        )
    return Section(
        "objections",
        title,
        message=message,
        paragraphs=paragraphs,
        bullets=bullets,
        tables=[table],
        sources=_figure_sources(entries),
    )


@section(
    "leader_objections",
    title=gettext_lazy("What you said and the resources offered to you"),
    reports=("leader",),
    order=40,
)
def leader_objections(context: ReportContext) -> Section:
    """The leader's own words and what is offered to help them: no classifier confidence, no
    counter-arguments prepared for the sponsor meeting (those are the managers' playbook, on the
    codir view; UX review 2026-12, P4)."""
    title = _("What you said and the resources offered to you")
    if context.person is None:
        return Section.unavailable("leader_objections", title, no_objection())
    profile = objection_selectors.person_objection_profile(context.person)
    if not profile.items:
        return Section.unavailable("leader_objections", title, no_objection())
    table = Table(
        _("What your answers mention"),
        (Column("entry", _("Entry")), Column("kind", _("Kind"))),
        tuple((item.entry.label, item.entry.kind_label) for item in profile.items),
    )
    said = [f"« {text} »" for _question, text in profile.statements]
    resources = sorted({action.label for item in profile.items for action in item.entry.actions})
    return Section(
        "leader_objections",
        title,
        message=ngettext(
            "Your answers mention %(count)s subject; here is what is offered to you.",
            "Your answers mention %(count)s subjects; here is what is offered to you.",
            len(profile.items),
        )
        % {"count": len(profile.items)},
        paragraphs=said,
        bullets=resources,
        tables=[table],
    )
