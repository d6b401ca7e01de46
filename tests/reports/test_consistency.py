"""Issue 15: every figure has one definition, one computation and one explicit scope.

The demo organisation after somebody creates a second, nearly empty campaign (a test, or the next
wave): the board pack (PDF text, PPTX text, XLSX cells), the results page and the API must give
the same figures for the same scope, and the default scope must still be the demo campaign.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from portevoix.assessments.demo import CAMPAIGN_NAME
from portevoix.assessments.models import Campaign
from portevoix.assessments.read_model import default_campaign, results_read
from portevoix.core.numbers import format_number, rounded
from portevoix.core.results import Results
from portevoix.objections.tasks import detect_demo
from portevoix.reports.models import Report
from portevoix.reports.services import report_generate
from portevoix.reports.tasks import run_report
from portevoix.tenancy.models import Organisation, Person
from portevoix.testing.campaigns import make_campaign, submit
from portevoix.web.demo import demo_password, demo_populate

from .helpers import pdf_text, sheet_values, slides

TEST_CAMPAIGN = "Diagnostic express — test UX"


@pytest.fixture
def demo(db: None) -> tuple[Organisation, Campaign, Campaign]:
    demo_populate()
    organisation = Organisation.objects.get(slug="demo")
    detect_demo.call(organisation.pk)
    real = Campaign.objects.get(organisation=organisation, name=CAMPAIGN_NAME)
    # The UX review's step: a second campaign, one codir member invited, who answers.
    second = make_campaign(organisation, name=TEST_CAMPAIGN)
    isabelle = Person.objects.filter(organisation=organisation, is_codir=True).order_by("pk").last()
    assert isabelle is not None
    submit(second, "self", email=isabelle.email or "isabelle@example.com", respondent=isabelle, level=0.6)
    return organisation, real, second


def _client(language: str = "fr") -> Client:
    client = Client()
    client.login(username="claire.dubois@mecanique-armor.example", password=demo_password())
    client.cookies["portevoix_language"] = language
    return client


def _key_figure(rows: list[list[object]], label: str) -> object:
    """The value beside ``label`` (an English source text) in a French section's sheet."""
    with translation.override("fr"):
        label = gettext(label)
    found = [r[1] for r in rows if r and r[0] == label]
    assert found, label
    return found[0]


def test_a_second_nearly_empty_campaign_does_not_replace_the_real_one(
    demo: tuple[Organisation, Campaign, Campaign], tmp_path: Path
) -> None:
    organisation, real, second = demo
    chosen = default_campaign(organisation)
    assert chosen.campaign == real
    assert chosen.enough
    # the overview's diagnostic card stays on the real campaign and says its scope
    overview = _client().get("/o/demo/").content.decode()
    assert CAMPAIGN_NAME in overview
    assert f"/diagnostic/{real.pk}/results/" in overview
    assert 'data-testid="scope"' in overview
    # the reports form proposes the real campaign and says why; the test one is listed too
    form = _client().get("/o/demo/reports/").context["form"]
    assert form.fields["campaign"].initial == real.pk
    assert "la campagne close" in form.fields["campaign"].help_text or "ouverte" in str(
        form.fields["campaign"].help_text
    )
    assert set(form.fields["campaign"].queryset) == {real, second}
    # the board pack, generated without choosing, reads the real campaign and says so
    data, document = report_generate(organisation=organisation, kind="board", fmt="pdf", language="fr")
    text = pdf_text(data, tmp_path)
    assert CAMPAIGN_NAME in document.scope
    assert "6 autoévaluations sur 8" in text
    assert "Aucune donnée d’activité importée" not in text
    assert not document.section("maturity").empty


def test_a_report_on_the_test_campaign_records_its_scope_and_never_says_nothing_was_imported(
    demo: tuple[Organisation, Campaign, Campaign], tmp_path: Path
) -> None:
    _organisation, _real, second = demo
    response = _client().post(
        "/o/demo/reports/",
        {"kind": "board", "format": "pdf", "language": "fr", "campaign": second.pk},
    )
    assert response.status_code == 302
    record = Report.objects.latest("pk")
    assert record.campaign == second
    assert run_report.call(record.pk) == "done"
    record.refresh_from_db()
    assert record.status == Report.Status.DONE, record.error
    assert TEST_CAMPAIGN in record.scope
    assert "diagnostic-express-test-ux" in record.filename
    # activity *is* imported for the codir: the pack says what is missing, not "nothing imported"
    assert not any("Aucune donnée d’activité importée" in m for m in record.missing)
    assert any("Des données d’activité sont importées" in m for m in record.missing), record.missing


def _api(campaign: Campaign) -> dict[str, object]:
    response = _client().get(f"/api/organisations/demo/campaigns/{campaign.pk}/figures")
    assert response.status_code == 200
    return json.loads(response.content)  # type: ignore[no-any-return]


def test_every_board_pack_figure_equals_the_results_page_and_the_api(
    demo: tuple[Organisation, Campaign, Campaign], tmp_path: Path
) -> None:
    organisation, real, _second = demo
    page = _client().get(f"/o/demo/diagnostic/{real.pk}/results/").context
    read: Results = page["read"]
    api = _api(real)
    assert read.scope.campaign_id == api["scope"]["campaign_id"] == real.pk  # type: ignore[index]
    assert read.codir is not None
    org = read.codir.mean.overall["organisation"]
    person = read.codir.mean.overall["person"]
    assert api["codir"]["organisation"] == org  # type: ignore[index]
    assert api["codir"]["person"] == person  # type: ignore[index]
    assert api["say_do"]["gap"] == read.say_do_gap == page["say_do_gap"]  # type: ignore[index]
    assert api["say_do"]["cemetery"] == len(read.cemetery) == len(page["cemetery"])  # type: ignore[index]
    assert api["linkedin"]["active_percent"] == read.linkedin.active_percent  # type: ignore[index]
    assert page["linkedin"].active_percent == read.linkedin.active_percent
    answered = read.scope.codir_answered
    objections = {o["id"]: o["leaders"] for o in api["objections"]}  # type: ignore[union-attr,index]
    assert objections == {o.id: o.leaders for o in read.objections}
    assert all(o["out_of"] == answered for o in api["objections"])  # type: ignore[union-attr,index]
    assert read.say_do_gap is not None
    assert read.linkedin.members
    assert read.monthly_posting.members

    scope_words = f"{read.scope.self_submitted} autoévaluations sur {read.scope.self_invited}"
    shown = {
        "org": f"{format_number(org)}/100",
        "person": f"{format_number(person)}/100",
        "say_do": f"{format_number(read.say_do_gap)} points",
        # like with like (issue 17): observed monthly posting, the benchmark's own measure
        "posting": f"{format_number(read.monthly_posting.percent)} % des membres du codir",
        "scope": scope_words,
    }
    pdf, _document = report_generate(organisation=organisation, kind="board", fmt="pdf", language="fr")
    text = pdf_text(pdf, tmp_path)
    deck, _document = report_generate(organisation=organisation, kind="board", fmt="pptx", language="fr")
    deck_text = " ".join(" ".join(f"{t} {n}".split()) for t, n, _p in slides(deck))
    for name, words in shown.items():
        assert words.replace("\u202f", " ") in text.replace("\u202f", " "), ("pdf", name, words)
        assert words in deck_text or words.replace("\u202f", " ") in deck_text, ("pptx", name, words)

    book, document = report_generate(organisation=organisation, kind="board", fmt="xlsx", language="fr")
    sheets = sheet_values(book)
    contents = sheets["Sommaire"]
    assert any(scope_words in str(r[0]) for r in contents if r and r[0])
    maturity = next(v for k, v in sheets.items() if k.startswith("Maturité"))
    assert _key_figure(maturity, "The company, as the codir sees it") == rounded(org)
    assert _key_figure(maturity, "The leaders, on average") == rounded(person)
    assert _key_figure(maturity, "Self-assessments") == read.scope.self_submitted
    gaps = next(v for k, v in sheets.items() if k.startswith("Ce que dit le codir"))
    assert _key_figure(gaps, "Say–do gap (codir mean)") == rounded(read.say_do_gap)
    assert _key_figure(gaps, "Profiles in the digital cemetery") == len(read.cemetery)
    # objections: in leaders, out of the leaders who answered the same campaign
    section = document.section("objections")
    table = section.tables[0]
    keys = [c.key for c in table.columns]
    by_label = {o.label: o for o in read.objections}
    for row in table.rows:
        entry = by_label[str(row[0])]
        assert row[keys.index("leaders")] == entry.leaders
        assert row[keys.index("of")] == answered
    assert f"dirigeants sur {answered})" in section.message
    sheet = next(v for k, v in sheets.items() if k.startswith("Objections"))
    for objection in read.objections:
        cells = next(r for r in sheet if r and r[0] == objection.label)
        assert cells[2] == objection.leaders, cells
        assert cells[3] == answered, cells
        assert cells[3] == answered, cells


def test_the_same_objection_has_the_same_count_everywhere(
    demo: tuple[Organisation, Campaign, Campaign],
) -> None:
    organisation, real, _second = demo
    read = results_read(real)
    page = _client().get("/o/demo/objections/").content.decode()
    for objection in read.objections:
        assert f"{objection.leaders} sur {read.scope.codir_answered}" in page, objection.label
    # the roadmap's reasons count the same unit (leaders), never answers
    from portevoix.roadmap.inputs import organisation_signals

    signals = organisation_signals(organisation)
    assert max(signals.values()) <= read.scope.codir_answered
    for objection in read.objections:
        assert signals[objection.id] >= objection.leaders


def test_board_sections_read_the_read_model_not_other_apps_models() -> None:
    """No ORM model imported into the board pack's sections, and no page context read by key."""
    import ast

    import portevoix.reports.sections.board as board

    source = Path(board.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    modules = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [m for m in modules if m.endswith(".models")], modules
    assert "dashboard[" not in source
    assert ".objects." not in source


def test_qualitative_indicators_keep_their_decimals_in_every_format(
    demo: tuple[Organisation, Campaign, Campaign],
) -> None:
    """The web shows 3,1 → 3,8 /5; the deck used to print 3 → 4 (issue 15, item 4)."""
    from portevoix.reports.render.common import table_rows

    organisation, _real, _second = demo
    deck, document = report_generate(organisation=organisation, kind="board", fmt="pptx", language="fr")
    table = next(t for t in document.section("business_case").tables if t.title.startswith("Indicateurs"))
    row = next(r for r in table_rows(table, "fr") if r[0] == "Expertise perçue par les clients")
    assert row[2:4] == ["3,1", "3,8"]
    from pptx import Presentation

    rows = [
        [cell.text for cell in table_row.cells]
        for slide in Presentation(io.BytesIO(deck)).slides
        for shape in slide.shapes
        if shape.has_table
        for table_row in shape.table.rows
    ]
    shown = next(r for r in rows if r and r[0] == "Expertise perçue par les clients")
    assert "3,1" in shown
    assert "3,8" in shown
    book, _document = report_generate(organisation=organisation, kind="board", fmt="xlsx", language="fr")
    sheet = next(v for k, v in sheet_values(book).items() if k.startswith("Business case"))
    cells = next(r for r in sheet if r and r[0] == "Expertise perçue par les clients")
    assert cells[2:4] == [3.1, 3.8]
