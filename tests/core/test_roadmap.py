"""The action library, the generator and the rules of a roadmap (pure core, no database)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vl_convert

from portevoix.core.charts import fixed_width, timeline
from portevoix.core.framework import load_framework_file
from portevoix.core.roadmap import (
    DONE,
    IN_PROGRESS,
    Inputs,
    Item,
    Member,
    generate,
    ics,
    load_library_file,
    monthly_load,
    progress,
    shipped_library,
    starts_before_dependencies,
    validate,
)
from portevoix.core.roadmap.loader import SHIPPED_LIBRARY
from portevoix.data import shipped_framework_files
from portevoix.testing.charts import monthly_timeline

DATA = Path(__file__).resolve().parent.parent / "data" / "roadmap"
START = dt.date(2027, 1, 4)
CONTRACT = {
    "codir_workshop": "strategy",
    "executive_sponsor": "strategy",
    "business_case": "strategy",
    "peer_benchmark": "strategy",
    "usage_map_personas": "strategy",
    "objectives_kpis": "strategy",
    "listening_setup": "strategy",
    "measurement_setup": "strategy",
    "delegation_audit": "strategy",
    "editorial_line": "federation",
    "governance_charter": "federation",
    "cross_department_committee": "federation",
    "internal_communication_plan": "federation",
    "employer_brand_plan": "federation",
    "profile_makeover": "enablement",
    "leader_coaching": "enablement",
    "time_routine": "enablement",
    "ambassador_training": "enablement",
    "social_selling_training": "enablement",
}
MEMBERS = [
    Member("1", "Hervé", "Président-directeur général"),
    Member("2", "Claire", "Directrice marketing et communication"),
    Member("3", "Anne", "Directrice des ressources humaines"),
    Member("4", "Marc", "Directeur commercial"),
]


def test_shipped_library_is_valid_and_keeps_the_contract_ids() -> None:
    framework = load_framework_file(shipped_framework_files()[0]).framework
    assert framework is not None
    result = load_library_file(SHIPPED_LIBRARY, dimensions={d.id for d in framework.dimensions})
    assert result.ok, [str(p) for p in result.problems]
    phases = {a.id: a.phase for a in shipped_library().actions}
    assert {k: phases.get(k) for k in CONTRACT} == CONTRACT


def test_broken_library_lists_every_problem_with_its_line() -> None:
    result = load_library_file(DATA / "broken.yaml", display_name="broken.yaml")
    assert result.library is None
    found = {(p.code, p.line) for p in result.problems}
    assert ("missing_translation", 14) in found  # title.en of "first"
    assert ("unknown_reference", 7) in found  # exit criterion "ghost"
    assert ("gate_order", 9) in found  # enablement gated by itself
    assert ("unknown_reference", 20) in found  # signal "grumpy", priority "fame"
    assert ("unknown_reference", 23) in found  # owner role "cfo"
    assert ("value_too_small", 27) in found  # duration 0
    assert ("depends_on_itself", 28) in found
    assert ("invalid_choice", 29) in found  # unit litres
    assert ("duplicate_id", 30) in found
    assert ("phase_after", 18) in found  # strategy action depending on an enablement one
    rendered = [p.render() for p in result.problems]
    assert any(r.startswith("broken.yaml:20: actions[0].answers.signals[1]: unknown") for r in rendered)
    assert any("go round in a circle" in r for r in rendered)


def test_broken_library_reports_a_cycle() -> None:
    raw = (DATA / "broken.yaml").read_text()
    assert "depends_on: [second]" in raw
    result = load_library_file(DATA / "broken.yaml")
    cycles = [p for p in result.problems if p.code == "dependency_cycle"]
    assert len(cycles) == 1
    assert cycles[0].params["cycle"] in ("first → second → first", "second → first → second")


def _inputs(**overrides: object) -> Inputs:
    values: dict[str, object] = {
        "start": START,
        "dimension_scores": {
            "measurement_roi": 22.0,
            "posture_risk": 31.0,
            "engagement": 75.0,
            "presence_axes": 80.0,
        },
        "gaps": {"leader_linkedin_dormant": 2},
        "signals": {"time": 3, "talent_drain": 1},
        "priorities": frozenset({"recruitment"}),
        "members": MEMBERS,
    }
    values.update(overrides)
    return Inputs(**values)  # type: ignore[arg-type]


def test_generation_chooses_actions_for_a_reason() -> None:
    plan = generate(shipped_library(), _inputs())
    by_id = {a.action_id: a for a in plan.actions}
    reasons = {a.action_id: {(r.kind, r.id) for r in a.reasons} for a in plan.actions}
    assert ("dimension", "measurement_roi") in reasons["business_case"]
    assert next(r for r in by_id["business_case"].reasons if r.kind == "dimension").score == 22.0
    assert ("gap", "leader_linkedin_dormant") in reasons["profile_makeover"]
    assert ("objection", "time") in reasons["time_routine"]
    assert ("trigger", "talent_drain") in reasons["employer_brand_plan"]
    assert ("priority", "recruitment") in reasons["employer_brand_plan"]
    assert reasons["governance_charter"] >= {("dimension", "posture_risk")}
    # Nothing asks for them: not in the plan.
    assert "social_selling_training" not in by_id
    assert "listening_setup" not in by_id
    # Every action has at least one reason.
    assert all(a.reasons for a in plan.actions)


def test_generation_includes_dependencies_and_orders_the_phases() -> None:
    plan = generate(
        shipped_library(), _inputs(dimension_scores={}, gaps={}, signals={}, priorities=frozenset())
    )
    by_id = {a.action_id: a for a in plan.actions}
    for action in plan.actions:
        assert action.end >= action.start >= START
        for dep in action.depends_on:
            assert action.start > by_id[dep].end
    # Enablement waits for the exit criteria of strategy and federation.
    library = shipped_library()
    criteria = [
        *library.phase_rule("strategy").exit_criteria,
        *library.phase_rule("federation").exit_criteria,
    ]
    gate = max(by_id[a].end for a in criteria)
    assert all(a.start > gate for a in plan.actions if a.phase == "enablement")
    assert [m.phase for m in plan.milestones] == ["strategy", "federation", "enablement"]
    assert plan.milestones[1].date == gate + dt.timedelta(days=1)


def test_dependency_reason_when_only_needed_by_another_action() -> None:
    library = shipped_library()
    plan = generate(library, _inputs(dimension_scores={"network_relationships": 10.0}, signals={}, gaps={}))
    by_id = {a.action_id: a for a in plan.actions}
    assert "social_selling_training" in by_id
    # profile_makeover is always there; editorial_line is too. Positions follow the library order.
    positions = [a.position for a in plan.actions if a.phase == "enablement"]
    assert positions == sorted(positions) == list(range(len(positions)))


def test_accountable_member_follows_the_role() -> None:
    plan = generate(shipped_library(), _inputs())
    who = {a.action_id: a.accountable for a in plan.actions}
    assert who["governance_charter"] == "1"  # ceo
    assert who["editorial_line"] == "2"  # communication
    assert who["employer_brand_plan"] == "3"  # hr
    # Nobody in finance: falls back to the chief executive.
    assert who["business_case"] == "1"
    assert generate(shipped_library(), _inputs(members=())).actions[0].accountable is None
    # A named sponsor is the fallback.
    with_sponsor = generate(shipped_library(), _inputs(members=MEMBERS[1:], sponsor="4"))
    assert {a.action_id: a.accountable for a in with_sponsor.actions}["business_case"] == "4"


def _items() -> list[Item]:
    return [
        Item(
            "1", "Usage map", "strategy", START, START + dt.timedelta(days=9), library_id="usage_map_personas"
        ),
        Item(
            "2",
            "Objectives",
            "strategy",
            START,
            START + dt.timedelta(days=9),
            ("1",),
            library_id="objectives_kpis",
        ),
        Item(
            "3", "Charter", "federation", START, START + dt.timedelta(days=9), library_id="governance_charter"
        ),
        Item(
            "4",
            "Coaching",
            "enablement",
            START,
            START + dt.timedelta(days=20),
            ("3",),
            library_id="leader_coaching",
        ),
    ]


def _check(items: list[Item], **options: object) -> list[str]:
    values: dict[str, object] = {"organisation": 1, "sponsor_named": True}
    values.update(options)
    return [p.code for p in validate(shipped_library(), items, **values)]  # type: ignore[arg-type]


def test_valid_plan_has_no_problem() -> None:
    assert _check(_items()) == []


def test_cycles_dates_and_owners_are_refused() -> None:
    items = _items()
    items[0] = Item("1", "Usage map", "strategy", START, START - dt.timedelta(days=1), ("2",))
    items[2] = Item(
        "3",
        "Charter",
        "federation",
        START,
        START,
        owner_organisation=2,
        accountable_organisation=1,
        accountable_is_codir=False,
    )
    items.append(Item("5", "Self", "strategy", START, START, ("5",), accountable_organisation=9))
    codes = _check(items)
    assert sorted(codes) == sorted(
        [
            "end_before_start",
            "owner_other_organisation",
            "accountable_not_codir",
            "depends_on_itself",
            "accountable_other_organisation",
            "dependency_cycle",
        ]
    )
    problems = validate(shipped_library(), items, organisation=1, sponsor_named=True)
    cycle = next(p for p in problems if p.code == "dependency_cycle")
    assert cycle.message() == "the dependencies go round in a circle: Usage map → Objectives → Usage map"


def test_starting_a_gated_action_is_refused_until_the_gate_opens() -> None:
    items = _items()
    started = Item(
        "4", "Coaching", "enablement", START, START, status=IN_PROGRESS, library_id="leader_coaching"
    )
    items[3] = started
    problems = validate(
        shipped_library(),
        items,
        organisation=1,
        sponsor_named=False,
        title_of={"objectives_kpis": "Objectifs"},
    )
    assert [p.code for p in problems] == [
        "gate_closed_criteria",
        "gate_closed_criteria",
        "gate_closed_sponsor",
    ]
    assert "Objectifs" in problems[0].message()
    # Already started before: not refused again (the gate may close behind it).
    assert _check(items, sponsor_named=False, previous_status={"4": IN_PROGRESS}) == []
    # Overridden: allowed.
    assert _check(items, sponsor_named=False, overrides={"enablement"}) == []
    # Criteria met and a sponsor named: allowed.
    done = [Item(i.key, i.title, i.phase, i.start, i.end, (), DONE, i.library_id) for i in items[:3]]
    library = shipped_library()
    federation = [
        Item(f"f{n}", a, "federation", START, START, (), DONE, a)
        for n, a in enumerate(library.phase_rule("federation").exit_criteria)
    ]
    assert "gate_closed_criteria" in _check([*done, started])
    assert _check([*done, *federation, started]) == []
    assert _check([*done, *federation, started], sponsor_named=False) == ["gate_closed_sponsor"]


def test_warnings_and_progress() -> None:
    items = _items()
    items[3] = Item("4", "Coaching", "enablement", START, START, ("3",), effort_days=4, percent_done=50)
    warnings = starts_before_dependencies(items)
    assert [(w.code, w.path[0]) for w in warnings] == [
        ("starts_before_dependency", "2"),
        ("starts_before_dependency", "4"),
    ]
    items[0] = Item("1", "Usage map", "strategy", START, START, status=DONE, effort_days=4)
    report = progress(items, today=START + dt.timedelta(days=15), since=START, done_on={"1": START})
    assert report.percent == 75.0  # (4 done + 2 of 4) / 8 effort
    assert report.by_status[DONE] == 1
    assert set(report.overdue) == {"2", "3", "4"}
    assert report.done_since == ("1",)


def test_monthly_load_spreads_effort_over_the_days() -> None:
    items = [
        Item(
            "1", "A", "strategy", dt.date(2027, 1, 22), dt.date(2027, 2, 10), effort_days=20, accountable="7"
        ),
        Item(
            "2", "B", "strategy", dt.date(2027, 2, 1), dt.date(2027, 2, 28), effort_days=14, accountable="7"
        ),
    ]
    loads = {(m.member, m.month): m.days for m in monthly_load(items)}
    assert loads[("7", dt.date(2027, 1, 1))] == 10.0
    assert loads[("7", dt.date(2027, 2, 1))] == 24.0
    assert sum(loads.values()) == 34.0


def test_ics_folds_escapes_and_parses_back() -> None:
    long_title = "Coaching des dirigeants : posture, ton; exposition — " + "é" * 60
    events = [
        ics.Event(
            "a-1@x",
            long_title,
            dt.date(2027, 1, 4),
            dt.date(2027, 1, 10),
            "ligne 1\nligne 2, avec \\",
            ("Stratégie",),
        ),
        ics.Event("m-1@x", "Jalon", dt.date(2027, 2, 1), dt.date(2027, 2, 1)),
    ]
    text = ics.calendar(events, name="Feuille de route", stamp=dt.datetime(2027, 1, 1, 9, 30, tzinfo=dt.UTC))
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # never a character cut in two
    assert "\n" not in text.replace("\r\n", "")
    assert "ton\\; exposition" in text.replace("\r\n ", "")
    parsed = icalendar.Calendar.from_ical(text)
    vevents = parsed.walk("VEVENT")
    assert [str(e["UID"]) for e in vevents] == ["a-1@x", "m-1@x"]
    first = vevents[0]
    assert str(first["SUMMARY"]) == long_title
    assert str(first["DESCRIPTION"]) == "ligne 1\nligne 2, avec \\"
    assert first.decoded("DTSTART") == dt.date(2027, 1, 4)
    assert first.decoded("DTEND") == dt.date(2027, 1, 11)  # exclusive end of an all-day event
    assert first.decoded("DTSTAMP") == dt.datetime(2027, 1, 1, 9, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("count", [1, 30])
def test_timeline_chart_renders(count: int) -> None:
    bars = [
        {
            "label": "Même titre" if n % 2 else f"Action {n}",
            "phase": ("strategy", "federation", "enablement")[n % 3],
            "phase_label": ("Stratégie", "Fédération", "Embarquement")[n % 3],
            "start": START + dt.timedelta(days=n * 7),
            "end": START + dt.timedelta(days=n * 7 + 20),
            "status_label": "Pas commencée",
            "owner": "Claire",
            "percent": n,
            "overdue": n == 0,
        }
        for n in range(count)
    ]
    spec = timeline(
        bars,  # type: ignore[arg-type]
        [{"label": "Sortie de la stratégie", "date": START + dt.timedelta(days=30)}],
        today=START + dt.timedelta(days=10),
        action_title="Action",
        phase_title="Phase",
        start_title="Début",
        end_title="Fin",
        status_title="Statut",
        owner_title="Responsable",
        done_title="% fait",
        milestone_title="Jalon",
        today_label="Aujourd'hui",
    )
    labels = [v["action"] for v in spec["data"]["values"] if v["kind"] == "bar"]
    assert len(set(labels)) == count  # duplicate titles stay distinct rows
    assert spec["height"] == count * 26
    svg = vl_convert.vegalite_to_svg(fixed_width(spec, 800))
    assert "<svg" in svg
    assert "Action 0" in svg


def test_timeline_axis_names_each_month_once_in_the_chart_language() -> None:
    spec = monthly_timeline(START, 5)
    french = vl_convert.vegalite_to_svg(fixed_width(spec, 800), time_format_locale="fr-FR")
    labels = re.findall(r">((?:janv|févr|mars|avr|mai|juin)\.? 2027)<", french)
    assert labels == sorted(set(labels), key=labels.index)  # no month named twice
    assert {"janv. 2027", "févr. 2027", "mars 2027"} <= set(labels)
    english = vl_convert.vegalite_to_svg(fixed_width(spec, 800), time_format_locale="en-US")
    assert ">Feb 2027<" in english
    assert "févr." not in english


def _month_step(spec: dict[str, Any]) -> object:
    return spec["layer"][0]["encoding"]["x"]["axis"]["tickCount"]


def test_timeline_of_a_long_programme_ticks_by_quarter() -> None:
    assert _month_step(monthly_timeline(START, 5)) == {"interval": "month", "step": 1}
    assert _month_step(monthly_timeline(START, 24)) == {"interval": "month", "step": 3}
