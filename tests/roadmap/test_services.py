"""Generating and editing a roadmap: reasons, regeneration, the rules (nothing saved when refused),
gates and their overrides, history, and the selectors for the board pack."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portevoix.privacy.models import AuditAction, AuditEntry
from portevoix.roadmap import display, inputs, selectors, services
from portevoix.roadmap.models import Action, Change, GateOverride, Roadmap

from .conftest import Setup

START = dt.date(2027, 1, 4)


def _action(roadmap: Roadmap, key: str) -> Action:
    return roadmap.actions.get(key=key)


def _snapshot(roadmap: Roadmap) -> list[tuple[object, ...]]:
    rows = roadmap.actions.order_by("pk").values_list(
        "pk",
        "title",
        "status",
        "percent_done",
        "start_date",
        "end_date",
        "owner_id",
        "accountable_id",
        "updated_at",
    )
    deps = Action.dependencies.through.objects.order_by("pk").values_list("from_action_id", "to_action_id")
    return [*rows, *deps, ("changes", Change.objects.count())]


def test_inputs_come_from_the_diagnostic_the_usage_map_and_the_profile(setup: Setup) -> None:
    gathered = inputs.gather(setup.org, start=START)
    assert gathered.dimension_scores  # the codir's mean scores
    assert all(s is None or 0 <= s <= 100 for s in gathered.dimension_scores.values())
    assert gathered.signals["roi"] == 2  # both answered "show us the ROI"
    assert gathered.gaps["leader_linkedin_dormant"] == 1
    assert gathered.priorities == frozenset({"recruitment"})
    assert {m.name for m in gathered.members} == {"Hervé PDG", "Claire Com", "Anne RH"}


def test_generated_actions_say_why_and_who(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    assert roadmap.start_date == START
    actions = {a.key: a for a in roadmap.actions.all()}
    assert {"codir_workshop", "usage_map_personas", "objectives_kpis", "ambassador_training"} <= set(actions)
    business = actions["business_case"]
    assert any(r["kind"] == "objection" and r["id"] == "roi" and r["count"] == 2 for r in business.reasons)
    makeover = actions["profile_makeover"]
    assert any(r["kind"] == "gap" and r["id"] == "leader_linkedin_dormant" for r in makeover.reasons)
    texts = display.reason_texts(makeover)
    assert "Écart de la cartographie : un profil LinkedIn de dirigeant en sommeil (1)" in texts
    assert actions["employer_brand_plan"].accountable == setup.hr
    assert actions["editorial_line"].accountable == setup.comms
    assert actions["governance_charter"].owner == setup.ceo
    assert actions["editorial_line"].kpi_target == Decimal("100")
    assert list(actions["internal_communication_plan"].dependencies.all()) == [
        actions["cross_department_committee"]
    ]
    assert roadmap.milestones.filter(generated=True).count() == 3
    assert Change.objects.filter(roadmap=roadmap, verb="generated").count() == 1


def test_regeneration_keeps_manual_edits_or_replaces_them(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    workshop = _action(roadmap, "codir_workshop")
    services.action_update(
        action=workshop, data={"status": "done", "title": "Atelier du 12 janvier"}, user=setup.admin
    )
    custom = services.action_create(
        roadmap=roadmap,
        data={
            "title": "Salon Industrie Ouest",
            "phase": "federation",
            "start_date": START,
            "end_date": START,
        },
        user=setup.admin,
    )
    untouched = _action(roadmap, "objectives_kpis").pk
    report = services.roadmap_generate(organisation=setup.org, user=setup.admin)
    assert report.kept == 2
    kept = Action.objects.get(pk=workshop.pk)
    assert kept.title == "Atelier du 12 janvier"
    assert kept.status == "done"
    assert Action.objects.filter(pk=custom.pk).exists()
    assert not Action.objects.filter(pk=untouched).exists()  # replaced by a fresh one
    assert roadmap.actions.filter(key="codir_workshop").count() == 1
    # The new objectives_kpis still depends on the kept workshop chain.
    assert roadmap.actions.get(key="executive_sponsor").dependencies.get() == kept
    report = services.roadmap_generate(organisation=setup.org, user=setup.admin, keep_edits=False)
    assert report.kept == 0
    assert not Action.objects.filter(pk__in=[workshop.pk, custom.pk]).exists()


def test_a_dependency_cycle_is_refused_and_nothing_saved(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    sponsor_action = _action(roadmap, "executive_sponsor")  # depends on the workshop
    workshop = _action(roadmap, "codir_workshop")
    before = _snapshot(roadmap)
    with pytest.raises(services.RoadmapError) as error:
        services.action_update(
            action=workshop, data={"title": "Changed"}, user=setup.admin, dependencies=[sponsor_action]
        )
    assert [p.code for p in error.value.problems] == ["dependency_cycle"]
    text = display.problem_texts(error.value.problems)[0]
    assert text.startswith("les dépendances tournent en rond")
    assert _snapshot(roadmap) == before


def test_end_before_start_and_foreign_people_are_refused(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    action = (
        _action(roadmap, "listening_setup")
        if roadmap.actions.filter(key="listening_setup").exists()
        else _action(roadmap, "codir_workshop")
    )
    before = _snapshot(roadmap)
    cases = [
        ({"end_date": action.start_date - dt.timedelta(days=1)}, "end_before_start"),
        ({"owner": setup.stranger}, "owner_other_organisation"),
        ({"accountable": setup.stranger}, "accountable_other_organisation"),
        ({"accountable": setup.employee}, "accountable_not_codir"),
    ]
    for data, code in cases:
        with pytest.raises(services.RoadmapError) as error:
            services.action_update(action=Action.objects.get(pk=action.pk), data=data, user=setup.admin)
        assert [p.code for p in error.value.problems] == [code]
    assert _snapshot(roadmap) == before
    # The employee may own the action (not be accountable for it).
    services.action_update(
        action=Action.objects.get(pk=action.pk), data={"owner": setup.employee}, user=setup.admin
    )


def test_enablement_cannot_start_until_the_gate_opens(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    makeover = _action(roadmap, "profile_makeover")
    before = _snapshot(roadmap)
    with pytest.raises(services.RoadmapError) as error:
        services.action_update(action=makeover, data={"status": "in_progress"}, user=setup.admin)
    codes = [p.code for p in error.value.problems]
    assert codes == ["gate_closed_criteria", "gate_closed_criteria", "gate_closed_sponsor"]
    message = display.problem_texts(error.value.problems)[0]
    assert "Stratégie" in message
    assert "Cartographie des usages et buyer personas" in message
    assert _snapshot(roadmap) == before
    # Meeting the criteria and naming a sponsor opens it.
    library = display.library()
    for phase in ("strategy", "federation"):
        for key in library.phase_rule(phase).exit_criteria:
            services.action_update(action=_action(roadmap, key), data={"status": "done"}, user=setup.admin)
    with pytest.raises(services.RoadmapError):
        services.action_update(action=Action.objects.get(pk=makeover.pk), data={"status": "in_progress"})
    services.sponsor_set(roadmap=roadmap, person=setup.ceo, user=setup.admin)
    services.action_update(
        action=Action.objects.get(pk=makeover.pk), data={"status": "in_progress"}, user=setup.admin
    )
    assert Action.objects.get(pk=makeover.pk).status == "in_progress"


def test_a_gate_override_needs_a_reason_and_is_recorded(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    with pytest.raises(services.RoadmapError) as error:
        services.gate_override(roadmap=roadmap, phase="enablement", reason="  trop  ", user=setup.admin)
    assert [p.code for p in error.value.problems] == ["override_reason_short"]
    with pytest.raises(services.RoadmapError):
        services.gate_override(
            roadmap=roadmap, phase="strategy", reason="Une raison assez longue", user=setup.admin
        )
    assert not GateOverride.objects.exists()
    override = services.gate_override(
        roadmap=roadmap, phase="enablement", reason="Le salon de mars impose d'avancer.", user=setup.admin
    )
    assert override.by == setup.admin
    assert override.by_name == "Claire Admin"
    assert "executive_sponsor" in override.pending
    assert "usage_map_personas" in override.pending
    # the override is in the organisation's audit log of sensitive actions as well
    audited = AuditEntry.objects.get(action=AuditAction.GATE_OVERRIDE)
    assert audited.organisation == setup.org
    assert audited.actor == setup.admin
    assert audited.details["reason"] == "Le salon de mars impose d'avancer."
    services.action_update(
        action=_action(roadmap, "profile_makeover"), data={"status": "in_progress"}, user=setup.admin
    )
    with pytest.raises(services.RoadmapError) as again:
        services.gate_override(
            roadmap=roadmap, phase="enablement", reason="Une deuxième fois, pour voir", user=setup.admin
        )
    assert [p.code for p in again.value.problems] == ["gate_already_open"]
    report = selectors.progress_since(setup.org, START, today=START)
    assert report is not None
    assert (
        "La barrière de « Accompagnement des ambassadeurs » a été levée par dérogation." in report.summary()
    )


def test_sponsor_must_be_a_codir_member_of_the_organisation(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    for person in (setup.stranger, setup.employee):
        with pytest.raises(services.RoadmapError) as error:
            services.sponsor_set(roadmap=roadmap, person=person, user=setup.admin)
        assert [p.code for p in error.value.problems] == ["sponsor_not_codir"]
    roadmap.refresh_from_db()
    assert roadmap.sponsor is None


def test_history_records_who_what_and_when(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    action = _action(roadmap, "codir_workshop")
    services.action_update(
        action=action, data={"status": "in_progress", "percent_done": 40}, user=setup.admin
    )
    change = Change.objects.filter(action=action, verb="edited").get()
    assert change.by == setup.admin
    assert change.details["status"] == ["not_started", "in_progress"]
    assert change.details["percent_done"] == [0, 40]
    assert display.change_text(change) == ["statut : Pas commencé → En cours", "% d'avancement : 0 → 40"]
    services.action_move(action=_action(roadmap, "objectives_kpis"), offset=-1, user=setup.admin)
    assert Change.objects.filter(verb="moved").exists()
    services.kpi_reading_add(action=action, date=START, value=Decimal("55"), user=setup.admin)
    services.action_delete(action=action, user=setup.admin)
    removed = Change.objects.filter(verb="removed").get()
    assert removed.subject == "Atelier codir sur les leviers sociaux"


def test_reorder_within_a_phase(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    strategy = list(roadmap.actions.filter(phase="strategy").order_by("position"))
    services.action_move(action=strategy[2], offset=-1)
    after = list(roadmap.actions.filter(phase="strategy").order_by("position"))
    assert [a.pk for a in after[:3]] == [strategy[0].pk, strategy[2].pk, strategy[1].pk]
    services.action_move(action=after[0], offset=-1)  # already first: nothing moves
    assert [a.pk for a in roadmap.actions.filter(phase="strategy").order_by("position")] == [
        a.pk for a in after
    ]


def test_selectors_for_the_board_pack(setup: Setup) -> None:
    assert selectors.current_roadmap(setup.org) is None
    assert selectors.next_90_days(setup.org).actions == []
    roadmap = setup.generate(start=START)
    assert selectors.current_roadmap(setup.org) == roadmap
    upcoming = selectors.next_90_days(setup.org, today=START)
    assert upcoming.actions
    assert all(a.start_date <= START + dt.timedelta(days=90) for a in upcoming.actions)
    done = _action(roadmap, "codir_workshop")
    services.action_update(action=done, data={"status": "done"}, user=setup.admin)
    report = selectors.progress_since(setup.org, START - dt.timedelta(days=1), today=dt.date(2030, 1, 1))
    assert report is not None
    assert report.progress.by_status["done"] == 1
    assert len(report.progress.overdue) == roadmap.actions.count() - 1
    load = selectors.load_rows(roadmap)
    assert sum(row.total for row in load.rows) == pytest.approx(
        float(sum(a.effort_days for a in roadmap.actions.all())), abs=0.5
    )
