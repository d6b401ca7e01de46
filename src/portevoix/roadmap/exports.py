"""The roadmap as a file: an ICS calendar (one event per action and milestone), an Excel workbook
or JSON. The CLI and the web use the same function."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from portevoix.core.cells import append_row, sheet_title
from portevoix.core.roadmap import ics

from . import display, selectors, services
from .models import Roadmap, Status

FORMATS = {
    "ics": "text/calendar; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def export(roadmap: Roadmap, kind: str, *, base_url: str = "") -> tuple[bytes, str, str]:
    """``(body, content type, file name)`` of the roadmap in ``kind`` (ics, xlsx or json)."""
    slug = roadmap.organisation.slug
    if kind == "ics":
        body = to_ics(roadmap, base_url=base_url).encode("utf-8")
    elif kind == "xlsx":
        body = to_xlsx(roadmap)
    elif kind == "json":
        body = json.dumps(to_data(roadmap), ensure_ascii=False, indent=2).encode("utf-8")
    else:
        raise ValueError(kind)
    return body, FORMATS[kind], f"roadmap-{slug}.{kind}"


def _uid(kind: str, pk: int, roadmap: Roadmap) -> str:
    return f"roadmap-{roadmap.pk}-{kind}-{pk}@porte-voix"


def to_ics(roadmap: Roadmap, *, base_url: str = "", stamp: dt.datetime | None = None) -> str:
    events: list[ics.Event] = []
    for action in selectors.action_list(roadmap):
        lines = [display.action_description(action)]
        lines += [_("Why: %(reason)s") % {"reason": r} for r in display.reason_texts(action)]
        if action.accountable:
            lines.append(_("Accountable: %(name)s") % {"name": action.accountable.full_name})
        if action.owner:
            lines.append(_("Owner: %(name)s") % {"name": action.owner.full_name})
        kpi = display.kpi_label(action)
        if kpi:
            target = "" if action.kpi_target is None else f" → {action.kpi_target.normalize():f}"
            lines.append(_("KPI: %(kpi)s") % {"kpi": f"{kpi}{target}"})
        lines.append(f"{_('Status')}: {action.get_status_display()} ({action.percent_done} %)")
        events.append(
            ics.Event(
                uid=_uid("action", action.pk, roadmap),
                summary=display.action_title(action),
                start=action.start_date,
                end=action.end_date,
                description="\n".join(line for line in lines if line),
                categories=(display.phase_label(action.phase),),
                status="CONFIRMED" if action.status != Status.NOT_STARTED else "TENTATIVE",
                url=f"{base_url}/o/{roadmap.organisation.slug}/roadmap/actions/{action.pk}/"
                if base_url
                else "",
            )
        )
    for milestone in roadmap.milestones.all():
        events.append(
            ics.Event(
                uid=_uid("milestone", milestone.pk, roadmap),
                summary=f"◆ {milestone.title}",
                start=milestone.date,
                end=milestone.date,
                description=_("Milestone of the roadmap: progress summary for the codir."),
                categories=(_("Milestone"),),
                status="CONFIRMED",
            )
        )
    name = _("Roadmap · %(organisation)s") % {"organisation": roadmap.organisation.name}
    return ics.calendar(events, name=name, stamp=stamp or timezone.now())


def to_data(roadmap: Roadmap) -> dict[str, Any]:
    actions = selectors.action_list(roadmap)
    today = services.today(roadmap.organisation)
    report = selectors.progress_since(roadmap.organisation, today=today)
    return {
        "organisation": roadmap.organisation.slug,
        "start_date": roadmap.start_date.isoformat(),
        "library_version": roadmap.library_version,
        "sponsor": roadmap.sponsor.full_name if roadmap.sponsor else None,
        "progress_percent": report.progress.percent if report else 0,
        "actions": [
            {
                "id": a.pk,
                "key": a.key or None,
                "phase": a.phase,
                "position": a.position,
                "title": display.action_title(a),
                "description": display.action_description(a),
                "accountable": a.accountable.full_name if a.accountable else None,
                "owner": a.owner.full_name if a.owner else None,
                "start": a.start_date.isoformat(),
                "end": a.end_date.isoformat(),
                "effort_days": float(a.effort_days),
                "depends_on": [d.pk for d in a.dependencies.all()],
                "status": a.status,
                "percent_done": a.percent_done,
                "overdue": a.status != Status.DONE and a.end_date < today,
                "kpi": {
                    "key": a.kpi_key or None,
                    "label": display.kpi_label(a),
                    "unit": a.kpi_unit,
                    "target": float(a.kpi_target) if a.kpi_target is not None else None,
                    "readings": [
                        {"date": r.date.isoformat(), "value": float(r.value)} for r in a.readings.all()
                    ],
                },
                "reasons": [dict(r, text=display.reason_text(r)) for r in a.reasons if isinstance(r, dict)],
                "edited": a.edited,
            }
            for a in actions
        ],
        "milestones": [
            {"id": m.pk, "title": m.title, "date": m.date.isoformat(), "phase": m.phase or None}
            for m in roadmap.milestones.all()
        ],
        "gates": {
            phase: {
                "met": gate.met,
                "open": gate.open,
                "overridden": gate.overridden,
                "sponsor_missing": gate.sponsor_missing,
                "pending": {p: list(ids) for p, ids in gate.pending.items()},
            }
            for phase, gate in services.gate_states(roadmap).items()
        },
        "overrides": [
            {
                "phase": o.phase,
                "reason": o.reason,
                "by": o.by_name,
                "at": o.at.isoformat(),
                "pending": o.pending,
            }
            for o in roadmap.overrides.all()
        ],
        "risks": [
            {
                "risk": r.title,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "mitigation": r.mitigation,
                "owner": r.owner.full_name if r.owner else None,
            }
            for r in roadmap.risks.select_related("owner")
        ],
    }


def to_xlsx(roadmap: Roadmap) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = to_data(roadmap)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(_("Actions"))
    headers = [
        _("Phase"),
        _("Action"),
        _("Accountable"),
        _("Owner"),
        _("Start"),
        _("End"),
        _("Effort (person-days)"),
        _("Status"),
        _("% done"),
        _("Late"),
        _("KPI"),
        _("KPI target"),
        _("Latest KPI value"),
        _("Depends on"),
        _("Why"),
    ]
    append_row(sheet, headers)
    titles = {a["id"]: a["title"] for a in data["actions"]}
    statuses = dict(Status.choices)
    for a in data["actions"]:
        readings = a["kpi"]["readings"]
        append_row(
            sheet,
            [
                display.phase_label(a["phase"]),
                a["title"],
                a["accountable"] or "",
                a["owner"] or "",
                dt.date.fromisoformat(a["start"]),
                dt.date.fromisoformat(a["end"]),
                a["effort_days"],
                str(statuses.get(a["status"], a["status"])),
                a["percent_done"],
                _("yes") if a["overdue"] else "",
                a["kpi"]["label"],
                a["kpi"]["target"],
                readings[-1]["value"] if readings else None,
                ", ".join(titles.get(d, "") for d in a["depends_on"]),
                "\n".join(r["text"] for r in a["reasons"]),
            ],
        )
    for row in sheet.iter_rows(min_row=2, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    _bold(sheet, Font)
    milestones = workbook.create_sheet(sheet_title(_("Milestones")))
    append_row(milestones, [_("Milestone"), _("Date")])
    for m in data["milestones"]:
        append_row(milestones, [m["title"], dt.date.fromisoformat(m["date"])])
    _bold(milestones, Font)
    risks = workbook.create_sheet(sheet_title(_("Risks")))
    append_row(risks, [_("Risk"), _("Likelihood"), _("Impact"), _("Mitigation"), _("Owner")])
    for r in data["risks"]:
        append_row(risks, [r["risk"], r["likelihood"], r["impact"], r["mitigation"], r["owner"] or ""])
    _bold(risks, Font)
    overrides = workbook.create_sheet(sheet_title(_("Gate overrides")))
    append_row(overrides, [_("Phase"), _("Reason"), _("By"), _("When (UTC)")])
    for o in data["overrides"]:
        append_row(overrides, [display.phase_label(o["phase"]), o["reason"], o["by"], o["at"]])
    _bold(overrides, Font)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(sheet: Any, font: Any) -> None:
    for cell in sheet[1]:
        cell.font = font(bold=True)
