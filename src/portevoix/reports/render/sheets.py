"""Excel: every table of every section, one sheet per section, with units and sources."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from portevoix.core.cells import append_row, clean_text
from portevoix.core.reports import Document
from portevoix.core.reports.model import Cell

from .common import unit_label

INVALID = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, used: set[str]) -> str:
    base = INVALID.sub(" ", clean_text(title)).strip()[:28] or "Section"
    name, counter = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {counter}"
        counter += 1
    used.add(name.lower())
    return name


def _number_format(unit: str, digits: int) -> str:
    if digits < 0:  # as typed (core.numbers.AS_TYPED): the cell keeps its own decimals
        return "General"
    return "0" if digits == 0 else "0." + "0" * digits


def render_xlsx(document: Document, progress: Callable[[int], None] = lambda percent: None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    title_font = Font(bold=True, size=14, color="0B3A75")
    muted = Font(italic=True, color="5B6475")
    header_fill = PatternFill("solid", fgColor="E8EEF7")
    warn = Font(color="7A4500", bold=True)

    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    used: set[str] = set()
    summary.title = _sheet_title(_("Contents"), used)
    append_row(summary, [document.title])
    summary["A1"].font = title_font
    append_row(summary, [document.organisation])
    append_row(summary, [document.subtitle])
    append_row(summary, [document.generated_on])
    if document.scope:
        append_row(summary, [document.scope])
    if document.confidential:
        append_row(summary, [document.confidential])
    append_row(summary, [])
    append_row(summary, [_("Section"), _("Sheet"), _("Message"), _("Missing")])
    for cell in summary[summary.max_row]:
        cell.font, cell.fill = bold, header_fill

    for index, section in enumerate(document.sections):
        sheet = workbook.create_sheet(_sheet_title(section.title, used))
        append_row(
            summary, [section.title, sheet.title, section.message, " ".join(m.what for m in section.missing)]
        )
        append_row(sheet, [section.title])
        sheet["A1"].font = title_font
        if section.message:
            append_row(sheet, [section.message])
        for missing in section.missing:
            append_row(sheet, [missing.what, _("What to do:") + " " + missing.todo])
            sheet.cell(sheet.max_row, 1).font = warn
        if section.figures:
            append_row(sheet, [])
            append_row(sheet, [_("Key figures"), _("Value"), _("Unit"), _("Note")])
            for cell in sheet[sheet.max_row]:
                cell.font, cell.fill = bold, header_fill
            for figure in section.figures:
                append_row(sheet, [figure.label, figure.value, unit_label(figure.unit), figure.note])
                sheet.cell(sheet.max_row, 2).number_format = _number_format(figure.unit, figure.digits)
        for paragraph in [*section.paragraphs, *section.bullets]:
            append_row(sheet, [paragraph])
        for table in section.tables:
            append_row(sheet, [])
            append_row(sheet, [table.title])
            sheet.cell(sheet.max_row, 1).font = bold
            header = [
                c.label + (f" ({unit_label(c.unit)})" if unit_label(c.unit) else "") for c in table.columns
            ]
            append_row(sheet, header)
            for cell in sheet[sheet.max_row]:
                cell.font, cell.fill = bold, header_fill
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for row in table.rows:
                values: list[Cell] = list(row)
                append_row(sheet, values)
                for position, column in enumerate(table.columns, start=1):
                    if isinstance(row[position - 1], int | float):
                        sheet.cell(sheet.max_row, position).number_format = _number_format(
                            column.unit, column.digits
                        )
            if table.note:
                append_row(sheet, [table.note])
                sheet.cell(sheet.max_row, 1).font = muted
            if table.source:
                append_row(sheet, [_("Source:") + " " + table.source])
                sheet.cell(sheet.max_row, 1).font = muted
        if section.sources:
            append_row(sheet, [])
            append_row(sheet, [_("Sources:") + " " + " · ".join(section.sources)])
            sheet.cell(sheet.max_row, 1).font = muted
        sheet.column_dimensions["A"].width = 42
        for letter in "BCDEFGHIJKL":
            sheet.column_dimensions[letter].width = 16
        progress(round(95 * (index + 1) / max(len(document.sections), 1)))
    summary.column_dimensions["A"].width = 42
    summary.column_dimensions["B"].width = 24
    summary.column_dimensions["C"].width = 80
    summary.column_dimensions["D"].width = 60
    output = io.BytesIO()
    workbook.save(output)
    progress(100)
    return output.getvalue()
