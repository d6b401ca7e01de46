"""Roadmap pages: the board for codir members (read-only) and managers (htmx editing), refused
edits that save nothing, gate overrides shown on the roadmap, exports."""

from __future__ import annotations

import datetime as dt
import io
import json

import icalendar
import openpyxl
from django.test import Client
from django.urls import reverse

from portevoix.roadmap import services
from portevoix.roadmap.models import Action, GateOverride, Risk

from .conftest import Setup

START = dt.date(2027, 1, 4)


def _client(setup: Setup, user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"roadmap:{name}", kwargs={"org_slug": "acme", **kwargs})


def _form(action: Action, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": action.title or "Titre",
        "description": "",
        "phase": action.phase,
        "accountable": action.accountable_id or "",
        "owner": action.owner_id or "",
        "start_date": action.start_date.isoformat(),
        "end_date": action.end_date.isoformat(),
        "effort_days": str(action.effort_days),
        "status": action.status,
        "percent_done": action.percent_done,
        "dependencies": [d.pk for d in action.dependencies.all()],
        "kpi_label": "",
        "kpi_unit": action.kpi_unit,
        "kpi_target": "" if action.kpi_target is None else str(action.kpi_target),
    }
    data.update(changes)
    return data


def test_empty_state_then_generation(setup: Setup) -> None:
    admin = _client(setup, setup.admin)
    page = admin.get(_url("detail")).content.decode()
    assert "Générer la feuille de route" in page
    assert (
        "Pas encore de feuille de route"
        in _client(setup, setup.codir_user).get(_url("detail")).content.decode()
    )
    response = admin.post(_url("generate"), {"start": "2027-01-04", "keep_edits": "keep"})
    assert response.status_code == 302
    page = admin.get(_url("detail")).content.decode()
    assert "Atelier codir sur les leviers sociaux" in page
    assert 'id="chart-timeline"' in page
    assert "Pourquoi cette action" in page
    # Bad start date: refused with the field's error, nothing generated twice.
    response = admin.post(_url("generate"), {"start": "demain", "keep_edits": "keep"})
    assert response.status_code == 200
    assert "Saisissez une date valide." in response.content.decode()


def test_regenerate_asks_about_manual_edits(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    services.action_update(action=roadmap.actions.first(), data={"title": "Mon atelier"}, user=setup.admin)  # type: ignore[arg-type]
    page = _client(setup, setup.admin).get(_url("generate")).content.decode()
    assert "1 action a été modifiée ou ajoutée à la main." in page
    assert "Les garder telles quelles" in page


def test_codir_members_see_the_roadmap_but_cannot_edit(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    client = _client(setup, setup.codir_user)
    page = client.get(_url("detail")).content.decode()
    assert "Atelier codir sur les leviers sociaux" in page
    assert "hx-get" not in page
    assert "Régénérer" not in page
    action = roadmap.actions.first()
    assert action is not None
    assert client.post(_url("action.edit", pk=action.pk), _form(action, title="Piraté")).status_code == 403
    assert Action.objects.get(pk=action.pk).title == ""


def test_htmx_edit_returns_the_card_and_records_it(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    action = roadmap.actions.get(key="codir_workshop")
    client = _client(setup, setup.admin)
    fragment = client.get(_url("action.edit", pk=action.pk), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<li class="card action-card editing"')
    assert 'value="Atelier codir sur les leviers sociaux"' in fragment
    response = client.post(
        _url("action.edit", pk=action.pk),
        _form(action, title="Atelier codir sur les leviers sociaux", status="in_progress", percent_done=30),
        HTTP_HX_REQUEST="true",
    )
    card = response.content.decode()
    assert card.startswith('<li class="card action-card status-in_progress')
    assert "30 %" in card
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.title == ""  # the library's title, still bilingual


def test_bad_edits_are_refused_with_a_translated_message_and_nothing_saved(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    workshop = roadmap.actions.get(key="codir_workshop")
    sponsor_action = roadmap.actions.get(key="executive_sponsor")
    makeover = roadmap.actions.get(key="profile_makeover")
    client = _client(setup, setup.admin)
    cases = [
        (workshop, {"dependencies": [sponsor_action.pk]}, "les dépendances tournent en rond"),
        (workshop, {"end_date": "2026-12-01"}, "La fin vient avant le début."),
        (workshop, {"owner": setup.stranger.pk}, "Sélectionnez un choix valide."),
        (makeover, {"status": "in_progress"}, "ne peut pas commencer"),
        (workshop, {"percent_done": 140}, "inférieure ou égale à 100"),
    ]
    for action, change, message in cases:
        before = (
            Action.objects.filter(roadmap=roadmap)
            .order_by("pk")
            .values_list("status", "end_date", "owner_id", "percent_done")
        )
        before = list(before)
        response = client.post(
            _url("action.edit", pk=action.pk), _form(action, **change), HTTP_HX_REQUEST="true"
        )
        text = response.content.decode()
        assert response.status_code == 200
        assert message in text, (change, text[:2000])
        assert 'class="card action-card editing"' in text
        after = list(
            Action.objects.filter(roadmap=roadmap)
            .order_by("pk")
            .values_list("status", "end_date", "owner_id", "percent_done")
        )
        assert after == before
    assert not workshop.dependencies.exists()


def test_gate_override_form_records_the_reason_and_shows_it(setup: Setup) -> None:
    setup.generate(start=START)
    client = _client(setup, setup.admin)
    page = client.get(_url("gate.override", phase="enablement")).content.decode()
    assert "Aucun sponsor exécutif nommé." in page
    response = client.post(_url("gate.override", phase="enablement"), {"reason": "court"})
    assert response.status_code == 200
    assert not GateOverride.objects.exists()
    reason = "Le salon de mars impose d'avancer sur les profils."
    assert client.post(_url("gate.override", phase="enablement"), {"reason": reason}).status_code == 302
    page = client.get(_url("detail")).content.decode()
    assert "levée" in page
    assert reason.replace("'", "&#x27;") in page
    assert "Claire Admin" in page
    assert client.get(_url("gate.override", phase="nowhere")).status_code == 404


def test_sponsor_filters_and_risks(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    client = _client(setup, setup.admin)
    assert client.post(_url("sponsor"), {"sponsor": setup.stranger.pk}).status_code == 302
    roadmap.refresh_from_db()
    assert roadmap.sponsor is None
    client.post(_url("sponsor"), {"sponsor": setup.ceo.pk})
    roadmap.refresh_from_db()
    assert roadmap.sponsor == setup.ceo
    page = client.get(_url("detail") + f"?owner={setup.hr.pk}").content.decode()
    assert "Plan marque employeur avec les RH" in page
    assert "Atelier codir sur les leviers sociaux</a>" not in page
    assert client.get(_url("detail") + "?owner=x").status_code == 404
    response = client.post(
        _url("risk.create"),
        {
            "title": "Le PDG décroche",
            "likelihood": 3,
            "impact": 2,
            "mitigation": "Routine",
            "owner": setup.stranger.pk,
        },
    )
    assert response.status_code == 200
    assert not Risk.objects.exists()
    client.post(
        _url("risk.create"),
        {"title": "Le PDG décroche", "likelihood": 3, "impact": 2, "mitigation": "Routine"},
    )
    assert "Le PDG décroche" in client.get(_url("risk.list")).content.decode()
    page = client.get(_url("load")).content.decode()
    assert "Hervé PDG" in page


def test_milestone_summary_and_history(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    services.action_update(
        action=roadmap.actions.get(key="codir_workshop"), data={"status": "done"}, user=setup.admin
    )
    milestone = roadmap.milestones.order_by("date").first()
    assert milestone is not None
    page = _client(setup, setup.codir_user).get(_url("milestone.detail", pk=milestone.pk)).content.decode()
    assert "Point d’avancement pour le codir" in page
    assert "1 action terminée sur" in page
    later = roadmap.milestones.order_by("date").last()
    assert later is not None
    page = _client(setup, setup.codir_user).get(_url("milestone.detail", pk=later.pk)).content.decode()
    assert "0 action terminée depuis le" in page
    history = _client(setup, setup.codir_user).get(_url("history")).content.decode()
    assert "Action modifiée" in history
    assert "Claire Admin" in history


def test_exports_parse_back(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    client = _client(setup, setup.codir_user)
    response = client.get(_url("export", kind="ics"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content.decode())
    events = calendar.walk("VEVENT")
    assert len(events) == roadmap.actions.count() + roadmap.milestones.count()
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    workshop = next(e for e in events if str(e["SUMMARY"]) == "Atelier codir sur les leviers sociaux")
    assert workshop.decoded("DTSTART") == START
    assert "Pourquoi" in str(workshop["DESCRIPTION"])
    response = client.get(_url("export", kind="xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Actions", "Jalons", "Risques", "Dérogations aux barrières"]
    rows = list(workbook["Actions"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Phase", "Action")
    assert len(rows) == roadmap.actions.count() + 1
    data = json.loads(client.get(_url("export", kind="json")).content)
    assert {a["key"] for a in data["actions"]} == set(roadmap.actions.values_list("key", flat=True))
    assert data["gates"]["enablement"]["open"] is False
    assert client.get(_url("export", kind="pdf")).status_code == 404


def test_htmx_remove_and_reorder(setup: Setup) -> None:
    roadmap = setup.generate(start=START)
    client = _client(setup, setup.admin)
    strategy = list(roadmap.actions.filter(phase="strategy").order_by("position"))
    response = client.post(
        _url("action.move", pk=strategy[1].pk), {"direction": "up"}, HTTP_HX_REQUEST="true"
    )
    fragment = response.content.decode()
    assert fragment.startswith('<section class="phase panel" id="phase-strategy">')
    assert fragment.index(f'id="action-{strategy[1].pk}"') < fragment.index(f'id="action-{strategy[0].pk}"')
    form = client.get(_url("action.edit", pk=strategy[0].pk), HTTP_HX_REQUEST="true").content.decode()
    assert "Retirer cette action" in form
    response = client.post(_url("action.delete", pk=strategy[0].pk), HTTP_HX_REQUEST="true")
    assert response.content == b""
    assert not Action.objects.filter(pk=strategy[0].pk).exists()
    assert roadmap.changes.filter(verb="removed").count() == 1
