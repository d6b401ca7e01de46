"""Words for what the roadmap stores as ids: action titles from the library, reasons, problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portevoix.core import charts, vocabulary
from portevoix.core.errors import Problem
from portevoix.core.i18n import pick
from portevoix.core.roadmap import Library, shipped_library

from .models import Action, Roadmap, Status

STATUS_LABELS: dict[str, Any] = dict(Status.choices)

SIGNAL_LABELS: dict[str, Any] = {
    "roi": _("“Show us the ROI first”"),
    "priority": _("“It is not a priority”"),
    "time": _("“No time”"),
    "usefulness": _("“We see no use for it”"),
    "word_of_mouth": _("“Word of mouth works in our sector”"),
    "internal_upskilling": _("“Our teams will bring us up to speed”"),
    "delegation": _("Presence handed to juniors or an agency"),
    "not_my_place": _("“It is not my place to be in the shop window”"),
    "discretion": _("Wants to stay discreet"),
    "risk": _("Refuses the risk of losing face"),
    "job_seeking": _("“I’m not looking for a job”"),
    "exposure": _("Prefers not to be exposed"),
    "privacy_boundary": _("Unsure where private life ends"),
    "skills_confidence": _("Lacks know-how or confidence"),
    "extra_burden": _("Sees it as one more task"),
    "transparency": _("Uneasy with transparency"),
    "financial_pressure": _("Financial pressure"),
    "talent_drain": _("Talent is leaving"),
    "internal_pressure": _("Pressure from employees"),
    "failed_delegation": _("Delegation that failed"),
}
GAP_LABELS: dict[str, Any] = {
    "company_not_recorded": _("nothing recorded for the company"),
    "priority_axis_inactive": _("a priority axis without an active network"),
    "axis_inactive": _("an axis without an active network"),
    "company_account_dormant": _("a dormant company account"),
    "leader_linkedin_absent": _("a leader absent from LinkedIn"),
    "leader_linkedin_dormant": _("a leader’s dormant LinkedIn profile"),
}
KIND_LABELS: dict[str, Any] = {
    "objection": _("Objection"),
    "barrier": _("Barrier"),
    "trigger": _("Trigger"),
}


def language() -> str:
    return (get_language() or "fr")[:2]


def library() -> Library:
    return shipped_library()


def action_title(action: Action) -> str:
    if action.title:
        return action.title
    entry = library().by_id.get(action.key)
    return entry.title.get(language()) if entry else action.key


def action_description(action: Action) -> str:
    if action.description:
        return action.description
    entry = library().by_id.get(action.key)
    return entry.description.get(language()) if entry else ""


def kpi_label(action: Action) -> str:
    if action.kpi_label:
        return action.kpi_label
    entry = library().by_id.get(action.key)
    return entry.kpi.label.get(language()) if entry and entry.kpi.id == action.kpi_key else ""


def library_title(action_id: str) -> str:
    entry = library().by_id.get(action_id)
    return entry.title.get(language()) if entry else action_id


def phase_label(phase: str) -> str:
    return gettext(vocabulary.PHASES[phase]) if phase in vocabulary.PHASES else phase


def reason_text(reason: Mapping[str, Any], titles: Mapping[str, str] | None = None) -> str:
    """One reason of a generated action, as a sentence in the reader's language."""
    kind, rid = str(reason.get("kind", "")), str(reason.get("id", ""))
    count = int(reason.get("count") or 0)
    if kind == "dimension":
        label = reason.get("label")
        name = pick(label, language()) if isinstance(label, dict) else rid
        score = reason.get("score")
        return gettext("Weak dimension “%(name)s”: %(score)s/100") % {
            "name": name,
            "score": f"{float(score):.0f}" if isinstance(score, int | float) else "?",
        }
    if kind == "gap":
        return gettext("Usage-map gap: %(gap)s (%(count)s)") % {
            "gap": GAP_LABELS.get(rid, rid),
            "count": count,
        }
    if kind in KIND_LABELS:
        return ngettext(
            "%(kind)s detected: %(signal)s (%(count)s leader)",
            "%(kind)s detected: %(signal)s (%(count)s leaders)",
            count,
        ) % {
            "kind": KIND_LABELS[kind],
            "signal": SIGNAL_LABELS.get(rid, rid),
            "count": count,
        }
    if kind == "priority":
        label = vocabulary.PRIORITIES.get(rid, rid)
        return gettext("Strategic priority: %(priority)s") % {"priority": gettext(label)}
    if kind == "dependency":
        return gettext("Needed before “%(action)s”") % {
            "action": (titles or {}).get(rid) or library_title(rid)
        }
    if kind == "foundation":
        return gettext("A step of every programme, in this order")
    return rid


def reason_texts(action: Action) -> list[str]:
    return [reason_text(r) for r in action.reasons if isinstance(r, dict)]


def problem_text(problem: Problem) -> str:
    """A roadmap problem in the reader's language (phase names translated)."""
    params = dict(problem.params)
    if "phase" in params:
        params["phase"] = phase_label(str(params["phase"]))
    return Problem(problem.code, params).message(gettext)


def problem_texts(problems: Iterable[Problem]) -> list[str]:
    return [problem_text(p) for p in problems]


VERB_LABELS: dict[str, Any] = {
    "generated": _("Roadmap generated"),
    "edited": _("Action edited"),
    "added": _("Action added"),
    "removed": _("Action removed"),
    "moved": _("Action moved"),
    "kpi": _("KPI reading recorded"),
    "sponsor": _("Executive sponsor changed"),
    "override": _("Gate overridden"),
    "risk_added": _("Risk added"),
    "risk_edited": _("Risk edited"),
    "risk_removed": _("Risk removed"),
    "milestone_added": _("Milestone added"),
    "milestone_edited": _("Milestone edited"),
    "milestone_removed": _("Milestone removed"),
}
FIELD_LABELS: dict[str, Any] = {
    "title": _("title"),
    "description": _("description"),
    "phase": _("phase"),
    "accountable": _("accountable"),
    "owner": _("owner"),
    "start_date": _("start"),
    "end_date": _("end"),
    "effort_days": _("effort"),
    "status": _("status"),
    "percent_done": _("% done"),
    "kpi_label": _("KPI"),
    "kpi_unit": _("KPI unit"),
    "kpi_target": _("KPI target"),
    "dependencies": _("depends on"),
    "position": _("position"),
    "value": _("value"),
    "sponsor": _("sponsor"),
    "reason": _("reason"),
    "created": _("created"),
    "kept": _("kept"),
    "removed": _("removed"),
    "date": _("date"),
}


def change_text(change: Any) -> list[str]:
    """What a history entry changed, one "field: before → after" per line."""
    lines = []
    for field, value in (change.details or {}).items():
        label = FIELD_LABELS.get(field, field)
        if isinstance(value, list) and len(value) == 2:
            before, after = value
            if field == "status":
                before, after = (STATUS_LABELS.get(v, v) for v in (before, after))
            elif field == "phase":
                before, after = (phase_label(v) if v else v for v in (before, after))
            if before in (None, ""):
                lines.append(gettext("%(field)s: %(after)s") % {"field": label, "after": after})
            else:
                lines.append(
                    gettext("%(field)s: %(before)s → %(after)s")
                    % {"field": label, "before": before, "after": "—" if after in (None, "") else after}
                )
        else:
            lines.append(gettext("%(field)s: %(after)s") % {"field": label, "after": value})
    return lines


def verb_label(verb: str) -> str:
    return str(VERB_LABELS.get(verb, verb))


def overdue(action: Action, today: dt.date) -> bool:
    return action.status != Status.DONE and action.end_date < today


def timeline(roadmap: Roadmap, actions: Iterable[Action], today: dt.date) -> dict[str, Any]:
    """The Gantt-like chart of the roadmap, for its page and for the reports."""
    bars: list[charts.TimelineBar] = [
        {
            "label": action_title(a),
            "phase": a.phase,
            "phase_label": phase_label(a.phase),
            "start": a.start_date,
            "end": a.end_date,
            "status_label": str(a.get_status_display()),
            "owner": a.owner.full_name if a.owner else "",
            "percent": a.percent_done,
            "overdue": overdue(a, today),
        }
        for a in actions
    ]
    milestones: list[charts.TimelineMilestone] = [
        {"label": m.title, "date": m.date} for m in roadmap.milestones.all()
    ]
    return charts.timeline(
        bars,
        milestones,
        today=today,
        action_title=gettext("Action"),
        phase_title=gettext("Phase"),
        start_title=gettext("Start"),
        end_title=gettext("End"),
        status_title=gettext("Status"),
        owner_title=gettext("Owner"),
        done_title=gettext("% done"),
        milestone_title=gettext("Milestone"),
        today_label=gettext("Today"),
        description=gettext(
            "Timeline of the roadmap: one bar per action, from its start to its end, coloured by phase."
        ),
    )
