"""Reads of the roadmap, always scoped to one organisation. The board pack (reports) reads these:

* :func:`current_roadmap` — the organisation's roadmap or None;
* :func:`action_list` — its actions in board order (phase, position), people and dependencies loaded;
* :func:`next_90_days` — actions running or starting in the next 90 days, and milestones due;
* :func:`progress_since` — where it stands today and what was done since a date (for the codir);
* :func:`load_rows` — the "delivery vs transformation" load per codir member and month;
* :func:`gate_list` — each gated phase: its missing criteria, sponsor, overrides (who, when, why).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from portevoix.core.roadmap import PHASE_ORDER, Progress, monthly_load, progress
from portevoix.tenancy.models import Organisation, Person

from . import display, services
from .models import Action, Change, GateOverride, Milestone, Risk, Roadmap


def current_roadmap(organisation: Organisation) -> Roadmap | None:
    return Roadmap.objects.filter(organisation=organisation).select_related("sponsor").first()


def action_list(roadmap: Roadmap) -> list[Action]:
    order: dict[str, int] = {phase: i for i, phase in enumerate(PHASE_ORDER)}
    rows = list(
        roadmap.actions.select_related("owner", "accountable").prefetch_related("dependencies", "readings")
    )
    return sorted(rows, key=lambda a: (order.get(a.phase, 9), a.position, a.pk))


def action_get(*, organisation: Organisation, pk: int) -> Action:
    """The action, or 404 — also when it belongs to another organisation's roadmap."""
    return get_object_or_404(
        Action.objects.select_related("roadmap"), roadmap__organisation=organisation, pk=pk
    )


def risk_list(roadmap: Roadmap) -> QuerySet[Risk]:
    return roadmap.risks.select_related("owner")


def risk_get(*, organisation: Organisation, pk: int) -> Risk:
    return get_object_or_404(
        Risk.objects.select_related("roadmap"), roadmap__organisation=organisation, pk=pk
    )


def milestone_list(roadmap: Roadmap) -> QuerySet[Milestone]:
    return roadmap.milestones.all()


def milestone_get(*, organisation: Organisation, pk: int) -> Milestone:
    return get_object_or_404(
        Milestone.objects.select_related("roadmap"), roadmap__organisation=organisation, pk=pk
    )


def change_list(roadmap: Roadmap, limit: int = 200) -> QuerySet[Change]:
    return roadmap.changes.all()[:limit]


def override_list(roadmap: Roadmap) -> QuerySet[GateOverride]:
    return roadmap.overrides.all()


def people_choices(organisation: Organisation) -> QuerySet[Person]:
    return Person.objects.filter(organisation=organisation).order_by("-is_codir", "full_name")


def codir_choices(organisation: Organisation) -> QuerySet[Person]:
    return Person.objects.filter(organisation=organisation, is_codir=True).order_by("full_name")


@dataclass(frozen=True)
class Upcoming:
    actions: list[Action]
    milestones: list[Milestone]


def next_90_days(organisation: Organisation, *, today: dt.date | None = None) -> Upcoming:
    """Actions not done that run in the next 90 days (late ones included), and the milestones due."""
    roadmap = current_roadmap(organisation)
    if roadmap is None:
        return Upcoming([], [])
    day = today or services.today(organisation)
    horizon = day + dt.timedelta(days=90)
    actions = [a for a in action_list(roadmap) if a.status != "done" and a.start_date <= horizon]
    milestones = list(roadmap.milestones.filter(date__gte=day, date__lte=horizon))
    return Upcoming(actions, milestones)


@dataclass(frozen=True)
class ProgressReport:
    roadmap: Roadmap
    today: dt.date
    since: dt.date | None
    progress: Progress
    actions: dict[str, Action]
    gates: dict[str, Any] = field(default_factory=dict)
    overrides: list[GateOverride] = field(default_factory=list)

    def titles(self, keys: tuple[str, ...]) -> list[str]:
        return [display.action_title(self.actions[k]) for k in keys if k in self.actions]

    def summary(self) -> list[str]:
        """A few sentences for the codir, in the reader's language."""
        from django.utils.translation import gettext, ngettext

        p = self.progress
        done = p.by_status.get("done", 0)
        lines = [
            ngettext(
                "%(percent)s%% of the planned effort is done; %(done)s action of %(total)s is finished.",
                "%(percent)s%% of the planned effort is done; %(done)s actions of %(total)s are finished.",
                done,
            )
            % {"percent": f"{p.percent:.0f}", "done": done, "total": p.total}
        ]
        for phase in PHASE_ORDER:
            done, total = p.by_phase.get(phase, (0, 0))
            if total:
                lines.append(
                    gettext("%(phase)s: %(done)s of %(total)s done.")
                    % {"phase": display.phase_label(phase), "done": done, "total": total}
                )
        if self.since is not None:
            lines.append(
                ngettext(
                    "%(count)s action finished since %(date)s.",
                    "%(count)s actions finished since %(date)s.",
                    len(p.done_since),
                )
                % {"count": len(p.done_since), "date": self.since.isoformat()}
            )
        if p.overdue:
            lines.append(gettext("Late: %(actions)s.") % {"actions": ", ".join(self.titles(p.overdue))})
        if p.by_status.get("blocked"):
            blocked = tuple(k for k, a in self.actions.items() if a.status == "blocked")
            lines.append(gettext("Blocked: %(actions)s.") % {"actions": ", ".join(self.titles(blocked))})
        for gated, gate in self.gates.items():
            if gate.overridden and not gate.met:
                lines.append(
                    gettext("The gate of %(phase)s was overridden.") % {"phase": display.phase_label(gated)}
                )
            elif not gate.open:
                lines.append(gettext("%(phase)s cannot start yet.") % {"phase": display.phase_label(gated)})
        return lines


def progress_since(
    organisation: Organisation, since: dt.date | None = None, *, today: dt.date | None = None
) -> ProgressReport | None:
    """Where the roadmap stands and what was done since ``since`` (None: no roadmap)."""
    roadmap = current_roadmap(organisation)
    if roadmap is None:
        return None
    day = today or services.today(organisation)
    actions = action_list(roadmap)
    items = services.items_of(roadmap, actions)
    done_on = {str(a.pk): a.done_on for a in actions if a.done_on}
    return ProgressReport(
        roadmap=roadmap,
        today=day,
        since=since,
        progress=progress(items, today=day, since=since, done_on=done_on),
        actions={str(a.pk): a for a in actions},
        gates=services.gate_states(roadmap, items),
        overrides=list(roadmap.overrides.all()),
    )


@dataclass(frozen=True)
class LoadRow:
    person: Person | None
    cells: list[tuple[float, float]]  # (days, share) per month
    total: float


@dataclass(frozen=True)
class LoadTable:
    months: list[dt.date]
    rows: list[LoadRow]


def load_rows(roadmap: Roadmap) -> LoadTable:
    """Roadmap days per accountable codir member and month; the rest of their time is delivery."""
    actions = action_list(roadmap)
    loads = monthly_load(services.items_of(roadmap, actions))
    months = sorted({m.month for m in loads})
    people = {str(p.pk): p for p in Person.objects.filter(organisation=roadmap.organisation)}
    by_member: dict[str | None, dict[dt.date, tuple[float, float]]] = {}
    for load in loads:
        by_member.setdefault(load.member, {})[load.month] = (load.days, load.share)
    rows = [
        LoadRow(
            person=people.get(member or ""),
            cells=[cells.get(month, (0.0, 0.0)) for month in months],
            total=round(sum(d for d, _s in cells.values()), 1),
        )
        for member, cells in sorted(
            by_member.items(), key=lambda kv: people[kv[0]].full_name if kv[0] in people else "~"
        )
    ]
    return LoadTable(months, rows)
