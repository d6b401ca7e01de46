"""The demo roadmap: generated from the demo diagnostic, with a sponsor, some progress, KPI
readings, risks, a codir milestone and one gate override — all through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from portevoix.tenancy.models import Organisation, Person

from . import services
from .models import Milestone, Risk, Roadmap

DEMO_SLUG = "demo"
AUTHOR = "claire.dubois@mecanique-armor.example"
SPONSOR = "herve.legoff@mecanique-armor.example"

# key → (status, % done, KPI readings as (days after the start, value))
PROGRESS: dict[str, tuple[str, int, list[tuple[int, str]]]] = {
    "codir_workshop": ("done", 100, [(13, "88")]),
    "executive_sponsor": ("done", 100, [(20, "1")]),
    "usage_map_personas": ("done", 100, [(10, "2"), (24, "3")]),
    "objectives_kpis": ("in_progress", 60, [(35, "4")]),
    "business_case": ("in_progress", 40, []),
    "cross_department_committee": ("in_progress", 50, [(30, "1"), (50, "2")]),
    "delegation_audit": ("blocked", 20, []),
}
RISKS = [
    (
        "Le PDG ne tient pas la routine hebdomadaire au-delà de deux mois",
        3,
        3,
        "Sujets préparés chaque lundi par la communication ; point mensuel avec le sponsor.",
        SPONSOR,
    ),
    (
        "Une prise de parole maladroite d'un dirigeant sur un sujet social",
        2,
        3,
        "Charte signée avant toute prise de parole ; relecture par la communication la première année.",
        AUTHOR,
    ),
    (
        "Les commerciaux voient la formation comme une tâche de plus",
        2,
        2,
        "Partir de deux comptes clients réels par commercial ; mesurer les rendez-vous obtenus.",
        None,
    ),
]
OVERRIDE_REASON = (
    "Le salon Industrie Ouest a lieu en mars : les profils de la direction commerciale doivent être "
    "en vitrine avant, même si le plan de communication interne n'est pas encore terminé. Décidé en "
    "codir le 12, validé par le sponsor."
)


def populate(organisation: Organisation) -> None:
    if organisation.slug != DEMO_SLUG:
        return
    Roadmap.objects.filter(organisation=organisation).delete()
    user = get_user_model().objects.filter(username=AUTHOR).first()
    people = {p.email: p for p in Person.objects.filter(organisation=organisation)}
    start = services.today(organisation) - dt.timedelta(days=56)
    report = services.roadmap_generate(organisation=organisation, user=user, start=start)
    roadmap = report.roadmap
    sponsor = people.get(SPONSOR)
    if sponsor is not None:
        services.sponsor_set(roadmap=roadmap, person=sponsor, user=user)
    actions = {a.key: a for a in roadmap.actions.all()}
    for key, (status, percent, readings) in PROGRESS.items():
        action = actions.get(key)
        if action is None:
            continue
        services.action_update(action=action, data={"status": status, "percent_done": percent}, user=user)
        for days, value in readings:
            services.kpi_reading_add(
                action=action, date=start + dt.timedelta(days=days), value=Decimal(value), user=user
            )
    # The sales team's profiles must be ready for a trade fair: the gate is opened with a reason.
    services.gate_override(roadmap=roadmap, phase="enablement", reason=OVERRIDE_REASON, user=user)
    makeover = actions.get("profile_makeover")
    if makeover is not None:
        today = services.today(organisation)
        services.action_update(
            action=makeover,
            data={
                "status": "in_progress",
                "percent_done": 25,
                "start_date": today - dt.timedelta(days=7),
                "end_date": today + dt.timedelta(days=21),
            },
            user=user,
        )
    for title, likelihood, impact, mitigation, owner in RISKS:
        services.risk_save(
            risk=Risk(
                roadmap=roadmap,
                title=title,
                likelihood=likelihood,
                impact=impact,
                mitigation=mitigation,
                owner=people.get(owner) if owner else None,
            ),
            user=user,
        )
    services.milestone_save(
        milestone=Milestone(
            roadmap=roadmap,
            title="Point d'étape en codir",
            date=services.today(organisation) + dt.timedelta(days=14),
        ),
        user=user,
    )
