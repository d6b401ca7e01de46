"""Writes of the roadmap. Views, the CLI and the demo call these. Every write runs in one
transaction and checks the whole roadmap's rules afterwards: a change that breaks one (a cycle of
dependencies, an end before a start, an owner of another organisation, starting a gated action)
raises :class:`RoadmapError` and leaves nothing saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from portevoix.core.errors import Problem, ProblemsError
from portevoix.core.roadmap import DONE, PHASE_ORDER, Item, generate, validate
from portevoix.tenancy.models import Organisation, Person

from . import display, inputs
from .models import Action, Change, GateOverride, KpiReading, Milestone, Risk, Roadmap, Status

EDITABLE_FIELDS = (
    "title",
    "description",
    "phase",
    "accountable",
    "owner",
    "start_date",
    "end_date",
    "effort_days",
    "status",
    "percent_done",
    "kpi_label",
    "kpi_unit",
    "kpi_target",
)
MIN_REASON_LENGTH = 10


class RoadmapError(ProblemsError):
    """A change refused: ``problems`` say why (translate them with :func:`display.problem_texts`)."""


def _user(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _name(user: Any) -> str:
    user = _user(user)
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def _record(
    roadmap: Roadmap, verb: str, subject: str, user: Any, action: Action | None = None, **details: Any
) -> None:
    Change.objects.create(
        roadmap=roadmap,
        action=action,
        subject=subject[:200],
        verb=verb,
        details=details,
        by=_user(user),
        by_name=_name(user),
    )


def today(organisation: Organisation) -> dt.date:
    import zoneinfo

    return timezone.now().astimezone(zoneinfo.ZoneInfo(organisation.time_zone)).date()


# ── Rules ──────────────────────────────────────────────────────────────────────────────────


def items_of(roadmap: Roadmap, actions: Sequence[Action] | None = None) -> list[Item]:
    """The roadmap's actions as the core rules see them."""
    rows = (
        list(actions)
        if actions is not None
        else list(roadmap.actions.select_related("owner", "accountable").prefetch_related("dependencies"))
    )
    return [
        Item(
            key=str(a.pk),
            title=display.action_title(a),
            phase=a.phase,
            start=a.start_date,
            end=a.end_date,
            depends_on=tuple(str(d.pk) for d in a.dependencies.all()),
            status=a.status,
            library_id=a.key or None,
            owner_organisation=a.owner.organisation_id if a.owner else None,
            accountable_organisation=a.accountable.organisation_id if a.accountable else None,
            accountable_is_codir=a.accountable.is_codir if a.accountable else True,
            effort_days=float(a.effort_days),
            accountable=str(a.accountable_id) if a.accountable_id else None,
            percent_done=a.percent_done,
        )
        for a in rows
    ]


def overridden_phases(roadmap: Roadmap) -> set[str]:
    return set(roadmap.overrides.values_list("phase", flat=True))


def check(roadmap: Roadmap, previous_status: Mapping[str, str] | None = None) -> None:
    """Raise :class:`RoadmapError` if the stored roadmap (inside the current transaction) breaks a rule."""
    roadmap.refresh_from_db(fields=["sponsor"])
    library = display.library()
    problems = validate(
        library,
        items_of(roadmap),
        organisation=roadmap.organisation_id,
        sponsor_named=roadmap.sponsor_id is not None,
        overrides=overridden_phases(roadmap),
        previous_status=previous_status,
        title_of={a.id: a.title.get(display.language()) for a in library.actions},
    )
    if problems:
        raise RoadmapError(problems)


def _statuses(roadmap: Roadmap) -> dict[str, str]:
    return {str(pk): status for pk, status in roadmap.actions.values_list("pk", "status")}


# ── Generation ─────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class GenerationReport:
    roadmap: Roadmap
    created: int
    kept: int
    removed: int


def edited_count(organisation: Organisation) -> int:
    roadmap = Roadmap.objects.filter(organisation=organisation).first()
    return roadmap.actions.filter(edited=True).count() if roadmap else 0


@transaction.atomic
def roadmap_generate(
    *, organisation: Organisation, user: Any = None, start: dt.date | None = None, keep_edits: bool = True
) -> GenerationReport:
    """Generate (or regenerate) the organisation's roadmap from its diagnostic.

    Regenerating replaces the generated actions that nobody changed; with ``keep_edits`` the actions
    edited or added by hand stay as they are (with their status, readings and history), otherwise
    every action is replaced. Generated milestones are replaced; risks and overrides stay."""
    roadmap = Roadmap.objects.select_for_update().filter(organisation=organisation).first()
    begin = start or (roadmap.start_date if roadmap else today(organisation))
    if roadmap is None:
        roadmap = Roadmap.objects.create(organisation=organisation, start_date=begin)
    library = display.library()
    plan = generate(library, inputs.gather(organisation, start=begin, sponsor=roadmap.sponsor))
    existing = list(roadmap.actions.all())
    kept = [a for a in existing if keep_edits and (a.edited or not a.key)]
    kept_keys = {a.key for a in kept if a.key}
    removed = [a for a in existing if a not in kept]
    Action.objects.filter(pk__in=[a.pk for a in removed]).delete()
    people = {str(p.pk): p for p in Person.objects.filter(organisation=organisation, is_codir=True)}
    names = _dimension_names(organisation)
    by_key: dict[str, Action] = {a.key: a for a in kept if a.key}
    created: list[tuple[Action, tuple[str, ...]]] = []
    for planned in plan.actions:
        if planned.action_id in kept_keys:
            continue
        entry = library.action(planned.action_id)
        person = people.get(planned.accountable or "")
        reasons = []
        for reason in planned.reasons:
            data = reason.as_dict()
            if reason.kind == "dimension" and reason.id in names:
                data["label"] = names[reason.id]
            reasons.append(data)
        action = Action.objects.create(
            roadmap=roadmap,
            key=planned.action_id,
            phase=planned.phase,
            position=planned.position,
            accountable=person,
            owner=person,
            start_date=planned.start,
            end_date=planned.end,
            effort_days=Decimal(str(planned.effort_days)),
            kpi_key=planned.kpi_id,
            kpi_unit=entry.kpi.unit,
            kpi_target=Decimal(str(planned.kpi_target)),
            reasons=reasons,
        )
        by_key[planned.action_id] = action
        created.append((action, planned.depends_on))
    for action, depends_on in created:
        action.dependencies.set([by_key[d] for d in depends_on if d in by_key])
    roadmap.milestones.filter(generated=True).delete()
    for milestone in plan.milestones:
        Milestone.objects.create(
            roadmap=roadmap,
            title=_phase_exit_title(milestone.phase),
            date=milestone.date,
            phase=milestone.phase,
            generated=True,
        )
    roadmap.start_date = begin
    roadmap.library_version = library.version
    roadmap.generated_at = timezone.now()
    roadmap.save()
    _record(
        roadmap,
        "generated",
        str(organisation),
        user,
        created=len(created),
        kept=len(kept),
        removed=len(removed),
    )
    check(roadmap, previous_status={str(a.pk): a.status for a in kept})
    return GenerationReport(roadmap=roadmap, created=len(created), kept=len(kept), removed=len(removed))


def _phase_exit_title(phase: str) -> str:
    return f"{display.phase_label(phase)} ✓"


def _dimension_names(organisation: Organisation) -> dict[str, dict[str, str]]:
    campaign = inputs.diagnostic_campaign(organisation)
    if campaign is None:
        return {}
    framework = campaign.framework_version.framework
    return {d.id: {"fr": d.name.fr, "en": d.name.en} for d in framework.dimensions}


# ── Actions ────────────────────────────────────────────────────────────────────────────────


def _display_value(value: Any) -> Any:
    if isinstance(value, Person):
        return value.full_name
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if value is None:
        return ""
    return value if isinstance(value, int | str | float) else str(value)


def _apply(action: Action, data: Mapping[str, Any], user: Any, roadmap: Roadmap) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for field in EDITABLE_FIELDS:
        if field not in data:
            continue
        before = getattr(action, field)
        after = data[field]
        if field in ("title", "description", "kpi_label") and after is None:
            after = ""
        if before != after:
            changes[field] = [_display_value(before), _display_value(after)]
            setattr(action, field, after)
    if action.status == Status.DONE:
        if action.percent_done != 100:
            changes.setdefault("percent_done", [action.percent_done, 100])
            action.percent_done = 100
        action.done_on = action.done_on or today(roadmap.organisation)
    else:
        action.done_on = None
    return changes


def _set_dependencies(
    action: Action, dependencies: Sequence[Action] | None, changes: dict[str, list[Any]]
) -> None:
    if dependencies is None:
        return
    before = sorted(action.dependencies.all(), key=lambda a: a.pk) if action.pk else []
    after = sorted(dependencies, key=lambda a: a.pk)
    if [a.pk for a in before] != [a.pk for a in after]:
        changes["dependencies"] = [
            ", ".join(display.action_title(a) for a in before),
            ", ".join(display.action_title(a) for a in after),
        ]
        action.dependencies.set(after)


def _check_people(roadmap: Roadmap, data: Mapping[str, Any], dependencies: Sequence[Action] | None) -> None:
    if dependencies and any(d.roadmap_id != roadmap.pk for d in dependencies):
        raise RoadmapError(
            [Problem("unknown_reference", {"kind": "action", "id": "?"}, path=("dependencies",))]
        )


@transaction.atomic
def action_update(
    *, action: Action, data: Mapping[str, Any], user: Any = None, dependencies: Sequence[Action] | None = None
) -> Action:
    """Change an action's fields (and dependencies); recorded in the history; the roadmap's rules hold."""
    roadmap = Roadmap.objects.select_for_update().get(pk=action.roadmap_id)
    previous = _statuses(roadmap)
    _check_people(roadmap, data, dependencies)
    changes = _apply(action, data, user, roadmap)
    _set_dependencies(action, dependencies, changes)
    if not changes:
        return action
    action.edited = True
    action.full_clean(exclude=["dependencies"])
    action.save()
    _record(roadmap, "edited", display.action_title(action), user, action=action, **changes)
    check(roadmap, previous_status=previous)
    return action


@transaction.atomic
def action_create(
    *,
    roadmap: Roadmap,
    data: Mapping[str, Any],
    user: Any = None,
    dependencies: Sequence[Action] | None = None,
) -> Action:
    """Add an action by hand (at the end of its phase)."""
    roadmap = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    previous = _statuses(roadmap)
    _check_people(roadmap, data, dependencies)
    phase = data.get("phase") or PHASE_ORDER[0]
    last = roadmap.actions.filter(phase=phase).order_by("-position").first()
    action = Action(roadmap=roadmap, phase=phase, position=(last.position + 1) if last else 0, edited=True)
    action.start_date = data.get("start_date") or roadmap.start_date
    action.end_date = data.get("end_date") or action.start_date
    _apply(action, data, user, roadmap)
    action.full_clean(exclude=["dependencies"])
    action.save()
    _set_dependencies(action, dependencies, {})
    _record(roadmap, "added", display.action_title(action), user, action=action)
    check(roadmap, previous_status=previous)
    return action


@transaction.atomic
def action_delete(*, action: Action, user: Any = None) -> None:
    roadmap = Roadmap.objects.select_for_update().get(pk=action.roadmap_id)
    title = display.action_title(action)
    action.delete()
    _record(roadmap, "removed", title, user)


@transaction.atomic
def action_move(*, action: Action, offset: int, user: Any = None) -> Action:
    """Move an action up (−1) or down (+1) within its phase."""
    roadmap = Roadmap.objects.select_for_update().get(pk=action.roadmap_id)
    siblings = list(roadmap.actions.filter(phase=action.phase).order_by("position", "pk"))
    index = next(i for i, a in enumerate(siblings) if a.pk == action.pk)
    target = min(max(index + offset, 0), len(siblings) - 1)
    if target == index:
        return action
    siblings.insert(target, siblings.pop(index))
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            Action.objects.filter(pk=sibling.pk).update(position=position, edited=True)
    _record(
        roadmap, "moved", display.action_title(action), user, action=action, position=[index + 1, target + 1]
    )
    action.refresh_from_db()
    return action


@transaction.atomic
def kpi_reading_add(
    *, action: Action, date: dt.date, value: Decimal, note: str = "", user: Any = None
) -> KpiReading:
    reading = KpiReading(action=action, date=date, value=value, note=note, recorded_by=_user(user))
    reading.full_clean()
    reading.save()
    _record(
        action.roadmap,
        "kpi",
        display.action_title(action),
        user,
        action=action,
        value=[None, _display_value(value)],
        date=date.isoformat(),
    )
    return reading


# ── Sponsor and gates ──────────────────────────────────────────────────────────────────────


@transaction.atomic
def sponsor_set(*, roadmap: Roadmap, person: Person | None, user: Any = None) -> Roadmap:
    roadmap = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    if person is not None and (person.organisation_id != roadmap.organisation_id or not person.is_codir):
        raise RoadmapError([Problem("sponsor_not_codir", path=("sponsor",))])
    before = roadmap.sponsor.full_name if roadmap.sponsor else ""
    roadmap.sponsor = person
    roadmap.save(update_fields=["sponsor", "updated_at"])
    _record(
        roadmap,
        "sponsor",
        str(roadmap.organisation),
        user,
        sponsor=[before, person.full_name if person else ""],
    )
    return roadmap


def gate_states(roadmap: Roadmap, items: Sequence[Item] | None = None) -> dict[str, Any]:
    from portevoix.core.roadmap import gates

    return gates(
        display.library(),
        items if items is not None else items_of(roadmap),
        sponsor_named=roadmap.sponsor_id is not None,
        overrides=overridden_phases(roadmap),
    )


@transaction.atomic
def gate_override(*, roadmap: Roadmap, phase: str, reason: str, user: Any = None) -> GateOverride:
    """Open a closed gate with a written reason; who, when and what was missing are recorded."""
    roadmap = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    reason = (reason or "").strip()
    state = gate_states(roadmap).get(phase)
    if state is None:
        raise RoadmapError([Problem("gate_not_gated", {"phase": phase}, path=("phase",))])
    if state.open:
        raise RoadmapError([Problem("gate_already_open", {"phase": phase}, path=("phase",))])
    if len(reason) < MIN_REASON_LENGTH:
        raise RoadmapError([Problem("override_reason_short", {"limit": MIN_REASON_LENGTH}, path=("reason",))])
    pending = [a for ids in state.pending.values() for a in ids]
    if state.sponsor_missing:
        pending.append("executive_sponsor")
    override = GateOverride(
        roadmap=roadmap, phase=phase, reason=reason, pending=pending, by=_user(user), by_name=_name(user)
    )
    override.full_clean()
    override.save()
    # The gate override is one of the sensitive actions of the organisation's audit log too.
    from portevoix.privacy.audit import record
    from portevoix.privacy.models import AuditAction

    record(
        AuditAction.GATE_OVERRIDE,
        organisation=roadmap.organisation,
        actor=user,
        target=override,
        target_label=phase,
        details={"phase": phase, "reason": reason, "pending": pending},
    )
    _record(roadmap, "override", display.phase_label(phase), user, reason=["", reason])
    return override


# ── Risks and milestones ───────────────────────────────────────────────────────────────────


@transaction.atomic
def risk_save(*, risk: Risk, user: Any = None) -> Risk:
    if risk.owner is not None and risk.owner.organisation_id != risk.roadmap.organisation_id:
        raise RoadmapError([Problem("owner_other_organisation", {"action": risk.title}, path=("owner",))])
    created = risk.pk is None
    risk.full_clean()
    risk.save()
    _record(risk.roadmap, "risk_added" if created else "risk_edited", risk.title, user)
    return risk


@transaction.atomic
def risk_delete(*, risk: Risk, user: Any = None) -> None:
    _record(risk.roadmap, "risk_removed", risk.title, user)
    risk.delete()


@transaction.atomic
def milestone_save(*, milestone: Milestone, user: Any = None) -> Milestone:
    created = milestone.pk is None
    milestone.generated = False  # edited by hand: kept by a regeneration
    milestone.full_clean()
    milestone.save()
    _record(milestone.roadmap, "milestone_added" if created else "milestone_edited", milestone.title, user)
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, user: Any = None) -> None:
    _record(milestone.roadmap, "milestone_removed", milestone.title, user)
    milestone.delete()


def done_statuses() -> tuple[str, ...]:
    return (DONE,)
