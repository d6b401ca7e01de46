"""An organisation with nothing yet (no campaign, no evidence) gets a report that says what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from portevoix.reports.services import ReportError, report_generate
from portevoix.tenancy.models import Organisation, Person

from .helpers import pdf_pages_not_blank, pdf_text, sheet_values, slides


def test_empty_organisation_board_pack_says_what_is_missing(
    organisation: Organisation, tmp_path: Path
) -> None:
    data, document = report_generate(organisation=organisation, kind="board", fmt="pdf", language="fr")
    text = pdf_text(data, tmp_path)
    assert "Aucune réponse au diagnostic pour l’instant dans cette organisation." in text
    assert "Que faire" in text
    assert "La carte des usages est vide dans cette organisation." in text
    assert {s.id for s, _m in document.missing} >= {"summary", "maturity", "gaps", "usage", "employer_brand"}
    pdf_pages_not_blank(data, tmp_path, first=1, last=3)
    shown = slides(report_generate(organisation=organisation, kind="board", fmt="pptx", language="en")[0])
    assert any("No diagnostic answers yet in this organisation." in t for t, _n, _p in shown)
    sheets = sheet_values(
        report_generate(organisation=organisation, kind="board", fmt="xlsx", language="en")[0]
    )
    assert any(
        "No diagnostic answers yet" in str(c) for rows in sheets.values() for r in rows for c in r if c
    )


def test_leader_without_answers_or_activity(person: Person, tmp_path: Path) -> None:
    data, document = report_generate(
        organisation=person.organisation, kind="leader", fmt="pdf", language="en", person=person
    )
    text = pdf_text(data, tmp_path)
    assert "No activity data imported yet in this organisation." in text
    assert "No diagnostic answers yet in this organisation." in text
    assert len(document.section("leader_recommendations").bullets) == 5
    assert "Measure what you do" in text  # the rule for a leader without evidence


def test_bad_requests_are_refused_with_a_reason(organisation: Organisation, person: Person) -> None:
    translation.activate("en")
    with pytest.raises(ReportError, match="--person"):
        report_generate(organisation=organisation, kind="leader", fmt="pdf", language="en")
    with pytest.raises(ReportError, match="docx"):
        report_generate(organisation=organisation, kind="board", fmt="docx", language="en")


def test_cli_writes_the_file_and_the_progress_report_says_what_is_missing(
    organisation: Organisation, tmp_path: Path
) -> None:
    output = tmp_path / "board.xlsx"
    call_command(
        "report", "board", "--org", organisation.slug, "--format", "xlsx", "--lang", "en", "-o", str(output)
    )
    assert output.read_bytes().startswith(b"PK")
    assert not (tmp_path / "board.xlsx.part").exists()
    # without a roadmap, the progress report is made and says what is missing
    progress = tmp_path / "progress.xlsx"
    call_command(
        "report",
        "progress",
        "--org",
        organisation.slug,
        "--format",
        "xlsx",
        "--lang",
        "en",
        "-o",
        str(progress),
    )
    sheets = sheet_values(progress.read_bytes())
    assert any(
        "No roadmap in this organisation yet." in str(c) for v in sheets.values() for r in v for c in r
    )
    with pytest.raises(CommandError, match="nowhere"):
        call_command("report", "board", "--org", "nowhere", "-o", str(tmp_path / "x.pdf"))
