"""The codir board pack of the demo organisation, opened as PDF, slides and spreadsheet."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client

from portevoix.assessments.models import Campaign
from portevoix.business_case.selectors import current_case
from portevoix.objections.tasks import detect_demo
from portevoix.reports.services import report_generate
from portevoix.tenancy.models import Organisation, Person
from portevoix.web.demo import demo_password, demo_populate
from portevoix.web.templatetags.portevoix import number

from .helpers import pdf_pages_not_blank, pdf_text, sheet_values, slides


@pytest.fixture
def demo(db: None) -> Organisation:
    demo_populate()
    organisation = Organisation.objects.get(slug="demo")
    detect_demo.call(organisation.pk)  # what the worker does after the demo is built
    return organisation


def _dashboard(language: str) -> dict[str, object]:
    client = Client()
    client.login(username="claire.dubois@mecanique-armor.example", password=demo_password())
    client.cookies["portevoix_language"] = language
    campaign = Campaign.objects.get(organisation__slug="demo")
    response = client.get(f"/o/demo/diagnostic/{campaign.pk}/results/")
    assert response.status_code == 200
    return response.context  # type: ignore[return-value]


def test_board_pack_pdf_in_french_has_every_section_the_dashboard_numbers_and_names_nobody(
    demo: Organisation, tmp_path: Path
) -> None:
    data, document = report_generate(organisation=demo, kind="board", fmt="pdf", language="fr")
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    for title in (
        "Synthèse",
        "Maturité de l’entreprise et du codir",
        "Carte des usages",
        "Marque employeur",
        "Objections entendues",
        "Business case",
        "Feuille de route",
        "Repères",
        "Méthode et sources",
    ):
        assert title in text, title
    assert "Sommaire" in text
    assert "Page 3 / " in text
    # the timeline, whose spec has no title of its own, is captioned; months are French
    assert "Calendrier" in text
    assert "janv. 2027" in text or "déc. 2026" in text
    # One source of truth: the results page's numbers.
    context = _dashboard("fr")
    codir = context["results"].codir  # type: ignore[attr-defined]
    org_score = number(codir.mean.overall["organisation"])
    person_score = number(codir.mean.overall["person"])
    assert f"{org_score}/100" in text
    assert f"{person_score}/100" in text
    for _dimension, spread in context["spreads"]:  # type: ignore[attr-defined]
        assert number(spread.mean) in text
    # Missing parts are said, not faked (the demo has no company-page export).
    assert document.missing
    assert "Que faire" in text
    # The campaign does not share individual results: nobody is named in the board pack, but for
    # the roadmap, whose accountable members and sponsor the codir is meant to see.
    for section in document.sections:
        if section.id == "roadmap":
            continue
        words = [section.message, *section.paragraphs, *section.bullets]
        words += [str(c) for table in section.tables for row in table.rows for c in row]
        for person in Person.objects.filter(organisation=demo, is_codir=True):
            assert not any(person.full_name in w for w in words), (section.id, person.full_name)
    assert "Story Jungle" in text
    assert "Bpifrance" in text
    assert pdf_pages_not_blank(data, tmp_path, first=1, last=5) == 5
    assert {s.id for s in document.sections} >= {
        "summary",
        "maturity",
        "gaps",
        "usage",
        "employer_brand",
        "objections",
        "business_case",
        "roadmap",
        "benchmarks",
        "method",
    }


def test_board_pack_slides_and_sheets_in_english(demo: Organisation) -> None:
    from pptx import Presentation

    deck_bytes, document = report_generate(organisation=demo, kind="board", fmt="pptx", language="en")
    deck = Presentation(io.BytesIO(deck_bytes))
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    runs = [
        run
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]
    assert {run.font.name for run in runs} == {"Arial"}  # a font every reader's office suite has
    shown = slides(deck_bytes)
    texts = "\n".join(t for t, _n, _p in shown)
    assert "Codir board pack" in texts
    assert "Three messages for the codir" in texts
    assert "Synthèse" not in texts
    assert sum(p for _t, _n, p in shown) >= 5  # the charts, as pictures
    notes = "\n".join(n for _t, n, _p in shown)
    assert "Story Jungle" in notes
    assert "What to do:" in notes
    # nothing of a section's text is dropped: long sections continue on further slides
    for section in document.sections:
        for item in [*section.paragraphs, *section.bullets]:
            assert item in texts, (section.id, item)
    assert any(t.startswith(document.section("objections").message + " (continued)") for t, _n, _p in shown)
    # the timeline is not shrunk under the roadmap's key figures: it has a slide of its own
    timeline = document.section("roadmap").charts[0]
    assert any(t.split("\n")[0] == timeline.title and p == 1 for t, _n, p in shown)
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.top + shape.height <= deck.slide_height, shape.name
    # one message per slide: the maturity slide's title is the section's message
    maturity = document.section("maturity")
    assert any(t.startswith(maturity.message) for t, _n, _p in shown)

    sheet_bytes, _document = report_generate(organisation=demo, kind="board", fmt="xlsx", language="en")
    sheets = sheet_values(sheet_bytes)
    assert "Contents" in sheets
    rows = next(v for k, v in sheets.items() if k.startswith("Maturity of the company"))
    header = next(r for r in rows if r and r[0] == "Dimension")
    assert "Mean (score 0–100)" in header
    codir = _dashboard("en")["results"].codir  # type: ignore[attr-defined]
    mean_column = header.index("Mean (score 0–100)")
    table = rows[rows.index(header) + 1 : rows.index(header) + 1 + len(codir.spreads)]
    values = [float(r[mean_column]) for r in table if isinstance(r[mean_column], int | float)]
    expected = [
        float(number(codir.spreads[d].mean)) for d in codir.spreads if codir.spreads[d].mean is not None
    ]
    assert sorted(values) == sorted(expected)
    assert any("Source:" in str(r[0]) for r in rows if r and r[0])
    # the objections the CEO voiced, the business case's NPV and the roadmap, from their own apps
    objections = next(v for k, v in sheets.items() if k.startswith("Objections"))
    assert any(str(c) == "Time" or "time" in str(c).lower() for r in objections for c in r if c)
    assert not document.section("objections").empty
    case = current_case(demo, language="en")
    assert case is not None
    assert document.section("business_case").figures[0].value == pytest.approx(case["npv"])
    roadmap = document.section("roadmap")
    assert not roadmap.empty
    assert "executive sponsor" in roadmap.message


def test_progress_report_of_the_demo_says_where_the_roadmap_stands(
    demo: Organisation, tmp_path: Path
) -> None:
    data, document = report_generate(organisation=demo, kind="progress", fmt="pdf", language="en")
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "Where the programme stands" in text
    assert "KPIs: actual against target" in text
    assert "The next 90 days" in text
    assert "first progress report" in document.section("progress").message
    kpis = document.section("progress_kpis")
    assert not kpis.empty
    assert kpis.tables[0].rows


def test_leader_report_shows_what_he_said_and_what_is_offered_not_the_playbook(demo: Organisation) -> None:
    ceo = Person.objects.get(organisation=demo, email="herve.legoff@mecanique-armor.example")
    _data, document = report_generate(organisation=demo, kind="leader", fmt="xlsx", language="fr", person=ceo)
    section = document.section("leader_objections")
    assert not section.empty
    assert section.tables[0].rows
    assert section.paragraphs  # what he said
    assert section.bullets  # the resources offered to him
    # UX review 2026-12, P4: no classifier confidence and no answers prepared against him
    assert [c.key for c in section.tables[0].columns] == ["entry", "kind"]
    assert not section.sources
    assert "réponses à y apporter" not in (section.message or "")
