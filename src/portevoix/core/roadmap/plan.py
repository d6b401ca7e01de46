"""Generate a roadmap from the diagnostic, and check a roadmap's rules. Pure functions of plain data.

The generator chooses actions of the library that answer what the organisation shows — its weakest
dimensions, the gaps of its usage map, the objections, barriers and triggers detected, its strategic
priorities — plus the backbone actions every programme needs (``always``) and whatever they depend
on. It schedules them as early as their dependencies allow, holds the gated phase (enablement)
until the exit criteria of the phases it waits for are planned to be met, and suggests an
accountable codir member from the role each action names.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import Problem
from ..vocabulary import BARRIERS, OBJECTIONS, TRIGGERS
from .loader import find_cycles
from .schema import PHASE_ORDER, Library

NOT_STARTED, IN_PROGRESS, DONE, BLOCKED = "not_started", "in_progress", "done", "blocked"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, BLOCKED)
STARTED = frozenset({IN_PROGRESS, DONE})
WORKING_DAYS_PER_MONTH = 21


@dataclass(frozen=True)
class Member:
    """A codir member: ``key`` identifies them for the caller (e.g. the person's id)."""

    key: str
    name: str
    title: str = ""


@dataclass(frozen=True)
class Inputs:
    """What the generator reads. Scores are 0–100 per dimension id (None: not scored); ``gaps``
    and ``signals`` count occurrences per gap code and per objection/barrier/trigger id."""

    start: dt.date
    dimension_scores: Mapping[str, float | None] = field(default_factory=dict)
    gaps: Mapping[str, int] = field(default_factory=dict)
    signals: Mapping[str, int] = field(default_factory=dict)
    priorities: frozenset[str] = frozenset()
    members: Sequence[Member] = ()
    sponsor: str | None = None
    weak_below: float = 50.0
    weakest: int = 3


@dataclass(frozen=True)
class Reason:
    """Why an action was chosen. ``kind``: dimension (a weak score), gap, objection, barrier,
    trigger, priority, foundation (an ``always`` action) or dependency (needed by ``id``)."""

    kind: str
    id: str
    score: float | None = None
    count: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "id": self.id, "score": self.score, "count": self.count}


@dataclass(frozen=True)
class PlannedAction:
    action_id: str
    phase: str
    position: int
    start: dt.date
    end: dt.date
    effort_days: float
    depends_on: tuple[str, ...]
    kpi_id: str
    kpi_target: float
    owner_role: str
    accountable: str | None
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class PlannedMilestone:
    """The planned exit of a phase: the day after its exit criteria are planned to be met."""

    phase: str
    date: dt.date
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    actions: tuple[PlannedAction, ...]
    milestones: tuple[PlannedMilestone, ...]


def signal_kind(signal_id: str) -> str:
    if signal_id in OBJECTIONS:
        return "objection"
    if signal_id in BARRIERS:
        return "barrier"
    if signal_id in TRIGGERS:
        return "trigger"
    return "signal"


def weak_dimensions(scores: Mapping[str, float | None], *, below: float, weakest: int) -> dict[str, float]:
    """The dimensions to act on: every score under ``below``, and at least the ``weakest`` lowest."""
    scored = sorted(((s, d) for d, s in scores.items() if s is not None), key=lambda pair: (pair[0], pair[1]))
    chosen = {d: s for s, d in scored if s < below}
    for s, d in scored[:weakest]:
        chosen[d] = s
    return chosen


def match_member(library: Library, role_id: str, members: Sequence[Member]) -> Member | None:
    """The first codir member whose title holds one of the role's keywords."""
    role = library.role(role_id)
    if role is None:
        return None
    for member in members:
        title = f" {_words(member.title)} "
        if any(f" {_words(k)} " in title for k in role.keywords):
            return member
    return None


def _words(text: str) -> str:
    cleaned = "".join(c if c.isalnum() or c == "'" else " " for c in text.casefold())
    return " ".join(cleaned.split())


def generate(library: Library, inputs: Inputs) -> Plan:
    """The roadmap for ``inputs``: chosen actions with reasons, dates, owners and KPI targets."""
    weak = weak_dimensions(inputs.dimension_scores, below=inputs.weak_below, weakest=inputs.weakest)
    reasons: dict[str, list[Reason]] = {}
    for action in library.actions:
        found: list[Reason] = []
        for dimension in action.answers.dimensions:
            if dimension in weak:
                found.append(Reason("dimension", dimension, score=round(weak[dimension], 1)))
        for gap in action.answers.gaps:
            if inputs.gaps.get(gap, 0) > 0:
                found.append(Reason("gap", gap, count=inputs.gaps[gap]))
        for signal in action.answers.signals:
            if inputs.signals.get(signal, 0) > 0:
                found.append(Reason(signal_kind(signal), signal, count=inputs.signals[signal]))
        for priority in action.answers.priorities:
            if priority in inputs.priorities:
                found.append(Reason("priority", priority))
        found.sort(key=_reason_rank)
        if found or action.always:
            reasons[action.id] = found if found else [Reason("foundation", action.id)]
    for rule in library.phases:  # exit criteria must be in the plan, or the gates never open
        for action_id in rule.exit_criteria:
            reasons.setdefault(action_id, [Reason("foundation", action_id)])
    # Close over dependencies: an action needs what it depends on.
    pending = list(reasons)
    while pending:
        action_id = pending.pop()
        for dep in library.action(action_id).depends_on:
            if dep not in reasons:
                reasons[dep] = []
                pending.append(dep)
            if dep not in {r.id for r in reasons[dep] if r.kind == "dependency"} and not any(
                r.kind != "dependency" for r in reasons[dep]
            ):
                reasons[dep].append(Reason("dependency", action_id))

    order = _ordered([a.id for a in library.actions if a.id in reasons], library)
    by_id = library.by_id
    starts: dict[str, dt.date] = {}
    ends: dict[str, dt.date] = {}
    gate_day: dict[str, dt.date] = {}
    sponsor = next((m for m in inputs.members if m.key == inputs.sponsor), None)
    fallback = (
        sponsor
        or match_member(library, "ceo", inputs.members)
        or (inputs.members[0] if inputs.members else None)
    )
    planned: list[PlannedAction] = []
    milestones: list[PlannedMilestone] = []
    positions = dict.fromkeys(PHASE_ORDER, 0)
    for phase in PHASE_ORDER:
        rule = library.phase_rule(phase)
        earliest = inputs.start
        for gated in rule.gate:
            if gated in gate_day:
                earliest = max(earliest, gate_day[gated])
        for action_id in (a for a in order if by_id[a].phase == phase):
            action = by_id[action_id]
            start = earliest
            for dep in action.depends_on:
                if dep in ends:
                    start = max(start, ends[dep] + dt.timedelta(days=1))
            end = start + dt.timedelta(days=action.duration_days - 1)
            starts[action_id], ends[action_id] = start, end
            owner = match_member(library, action.owner, inputs.members) or fallback
            planned.append(
                PlannedAction(
                    action_id=action_id,
                    phase=phase,
                    position=positions[phase],
                    start=start,
                    end=end,
                    effort_days=action.effort_days,
                    depends_on=tuple(d for d in action.depends_on if d in reasons),
                    kpi_id=action.kpi.id,
                    kpi_target=action.kpi.target,
                    owner_role=action.owner,
                    accountable=owner.key if owner else None,
                    reasons=tuple(reasons[action_id]),
                )
            )
            positions[phase] += 1
        criteria = tuple(a for a in rule.exit_criteria if a in ends)
        phase_ends = [ends[a] for a in criteria] or [ends[a] for a in order if by_id[a].phase == phase]
        if phase_ends:
            gate_day[phase] = max(phase_ends) + dt.timedelta(days=1)
            milestones.append(PlannedMilestone(phase, gate_day[phase], criteria))
    return Plan(tuple(planned), tuple(milestones))


_REASON_ORDER = (
    "dimension",
    "gap",
    "objection",
    "barrier",
    "trigger",
    "priority",
    "foundation",
    "dependency",
)


def _reason_rank(reason: Reason) -> tuple[int, float, str]:
    kind = _REASON_ORDER.index(reason.kind) if reason.kind in _REASON_ORDER else len(_REASON_ORDER)
    return (kind, reason.score if reason.score is not None else -reason.count, reason.id)


def _ordered(ids: list[str], library: Library) -> list[str]:
    """A topological order (dependencies first) that otherwise keeps the library's order."""
    chosen = set(ids)
    done: set[str] = set()
    result: list[str] = []

    def visit(action_id: str, trail: frozenset[str]) -> None:
        if action_id in done or action_id in trail:
            return
        for dep in library.action(action_id).depends_on:
            if dep in chosen:
                visit(dep, trail | {action_id})
        done.add(action_id)
        result.append(action_id)

    for action_id in ids:
        visit(action_id, frozenset())
    return result


# ── Rules of a roadmap being edited ───────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Item:
    """One action of an organisation's roadmap, as the rules see it. ``key`` is unique in the
    roadmap (e.g. the stored id); ``library_id`` ties it to the library (exit criteria)."""

    key: str
    title: str
    phase: str
    start: dt.date | None
    end: dt.date | None
    depends_on: tuple[str, ...] = ()
    status: str = NOT_STARTED
    library_id: str | None = None
    owner_organisation: int | None = None
    accountable_organisation: int | None = None
    accountable_is_codir: bool = True
    effort_days: float = 0.0
    accountable: str | None = None
    percent_done: int = 0


@dataclass(frozen=True)
class Gate:
    """Whether a phase may start: ``pending`` lists, per phase it waits for, the exit criteria
    (library action ids) not yet done; ``overridden`` when someone opened it with a reason."""

    phase: str
    pending: Mapping[str, tuple[str, ...]]
    sponsor_missing: bool
    overridden: bool

    @property
    def met(self) -> bool:
        return not self.sponsor_missing and not any(self.pending.values())

    @property
    def open(self) -> bool:
        return self.met or self.overridden


def exit_pending(library: Library, phase: str, items: Sequence[Item]) -> tuple[str, ...]:
    """Exit criteria of ``phase`` not met: actions not in the roadmap or not done."""
    done = {i.library_id for i in items if i.status == DONE and i.library_id}
    return tuple(a for a in library.phase_rule(phase).exit_criteria if a not in done)


def gates(
    library: Library, items: Sequence[Item], *, sponsor_named: bool, overrides: Collection[str] = ()
) -> dict[str, Gate]:
    """The gate of every gated phase."""
    result: dict[str, Gate] = {}
    for rule in library.phases:
        if not rule.gate and not rule.requires_sponsor:
            continue
        result[rule.id] = Gate(
            phase=rule.id,
            pending={phase: exit_pending(library, phase, items) for phase in rule.gate},
            sponsor_missing=rule.requires_sponsor and not sponsor_named,
            overridden=rule.id in overrides,
        )
    return result


def validate(
    library: Library,
    items: Sequence[Item],
    *,
    organisation: int,
    sponsor_named: bool,
    overrides: Collection[str] = (),
    previous_status: Mapping[str, str] | None = None,
    title_of: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Every rule a roadmap breaks: dates, dependency cycles, owners of other organisations,
    and starting an action of a gated phase whose gate is closed (an action counts as *starting*
    when its status becomes in progress or done; ``previous_status`` gives the stored ones).
    ``title_of``: library action id → its title, for the pending criteria of a message."""
    problems: list[Problem] = []
    keys = {i.key for i in items}
    by_key = {i.key: i for i in items}
    for item in items:
        where = (item.key,)
        if item.start and item.end and item.end < item.start:
            problems.append(
                Problem(
                    "end_before_start",
                    {"action": item.title, "start": item.start.isoformat(), "end": item.end.isoformat()},
                    path=(*where, "end"),
                )
            )
        if item.key in item.depends_on:
            problems.append(Problem("depends_on_itself", path=(*where, "depends_on")))
        if item.owner_organisation is not None and item.owner_organisation != organisation:
            problems.append(
                Problem("owner_other_organisation", {"action": item.title}, path=(*where, "owner"))
            )
        if item.accountable_organisation is not None:
            if item.accountable_organisation != organisation:
                problems.append(
                    Problem(
                        "accountable_other_organisation", {"action": item.title}, path=(*where, "accountable")
                    )
                )
            elif not item.accountable_is_codir:
                problems.append(
                    Problem("accountable_not_codir", {"action": item.title}, path=(*where, "accountable"))
                )
        if not 0 <= item.percent_done <= 100:
            problems.append(
                Problem("percent_out_of_range", {"value": item.percent_done}, path=(*where, "percent"))
            )
    graph = {i.key: [d for d in i.depends_on if d in keys and d != i.key] for i in items}
    for cycle in find_cycles(graph):
        names = [by_key[k].title for k in cycle]
        problems.append(
            Problem(
                "dependency_cycle", {"cycle": " → ".join([*names, names[0]])}, path=(cycle[0], "depends_on")
            )
        )
    state = gates(library, items, sponsor_named=sponsor_named, overrides=overrides)
    before = previous_status or {}
    titles = title_of or {}
    for item in items:
        gate = state.get(item.phase)
        if gate is None or gate.open or item.status not in STARTED or before.get(item.key) in STARTED:
            continue
        pending = [(phase, ids) for phase, ids in gate.pending.items() if ids]
        for phase, ids in pending:
            problems.append(
                Problem(
                    "gate_closed_criteria",
                    {
                        "action": item.title,
                        "phase": phase,
                        "pending": ", ".join(titles.get(a, a) for a in ids),
                    },
                    path=(item.key, "status"),
                )
            )
        if gate.sponsor_missing:
            problems.append(Problem("gate_closed_sponsor", {"action": item.title}, path=(item.key, "status")))
    return problems


def starts_before_dependencies(items: Sequence[Item]) -> list[Problem]:
    """Warnings (not errors): actions planned to start before an action they depend on ends."""
    by_key = {i.key: i for i in items}
    found: list[Problem] = []
    for item in items:
        for dep_key in item.depends_on:
            dep = by_key.get(dep_key)
            if dep and dep.end and item.start and item.start <= dep.end:
                found.append(
                    Problem(
                        "starts_before_dependency",
                        {
                            "action": item.title,
                            "start": item.start.isoformat(),
                            "dependency": dep.title,
                            "end": dep.end.isoformat(),
                        },
                        path=(item.key, "start"),
                    )
                )
    return found


def is_overdue(item: Item, today: dt.date) -> bool:
    return item.status != DONE and item.end is not None and item.end < today


# ── Load per codir member and month ("delivery vs transformation") ───────────────────────────


@dataclass(frozen=True)
class MonthLoad:
    member: str | None
    month: dt.date  # first day of the month
    days: float  # person-days of roadmap work planned that month
    share: float  # of the month's working days (WORKING_DAYS_PER_MONTH): the rest is delivery


def monthly_load(items: Sequence[Item]) -> list[MonthLoad]:
    """Each action's effort spread evenly over its calendar days, summed per accountable member and month."""
    totals: dict[tuple[str | None, dt.date], float] = {}
    for item in items:
        if not item.start or not item.end or item.end < item.start or item.effort_days <= 0:
            continue
        length = (item.end - item.start).days + 1
        per_day = item.effort_days / length
        month = item.start.replace(day=1)
        while month <= item.end:
            last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
            overlap = (min(last, item.end) - max(month, item.start)).days + 1
            key = (item.accountable, month)
            totals[key] = totals.get(key, 0.0) + per_day * overlap
            month = last + dt.timedelta(days=1)
    return [
        MonthLoad(member, month, round(days, 2), round(days / WORKING_DAYS_PER_MONTH, 3))
        for (member, month), days in sorted(totals.items(), key=lambda kv: (kv[0][0] or "", kv[0][1]))
    ]


# ── Progress summary for the codir ────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Progress:
    total: int
    by_status: Mapping[str, int]
    by_phase: Mapping[str, tuple[int, int]]  # phase → (done, total)
    percent: float  # effort-weighted % done
    overdue: tuple[str, ...]  # keys
    starting_soon: tuple[str, ...]  # keys of actions not started that start within 30 days
    done_since: tuple[str, ...]


def progress(
    items: Sequence[Item],
    *,
    today: dt.date,
    since: dt.date | None = None,
    done_on: Mapping[str, dt.date] | None = None,
) -> Progress:
    """Where the roadmap stands on ``today``; ``done_on`` (key → day it was done) gives ``done_since``."""
    by_status = {status: sum(1 for i in items if i.status == status) for status in STATUSES}
    by_phase: dict[str, tuple[int, int]] = {
        phase: (
            sum(1 for i in items if i.phase == phase and i.status == DONE),
            sum(1 for i in items if i.phase == phase),
        )
        for phase in PHASE_ORDER
    }
    weight = sum(max(i.effort_days, 0.0) for i in items)
    achieved = sum(
        max(i.effort_days, 0.0) * (100 if i.status == DONE else min(max(i.percent_done, 0), 100)) / 100
        for i in items
    )
    soon = today + dt.timedelta(days=30)
    done_days = done_on or {}
    return Progress(
        total=len(items),
        by_status=by_status,
        by_phase=by_phase,
        percent=round(100 * achieved / weight, 1) if weight else 0.0,
        overdue=tuple(i.key for i in items if is_overdue(i, today)),
        starting_soon=tuple(
            i.key
            for i in items
            if i.status == NOT_STARTED and i.start is not None and today <= i.start <= soon
        ),
        done_since=tuple(
            k
            for k, day in done_days.items()
            if since is not None and day >= since and k in {i.key for i in items}
        ),
    )
