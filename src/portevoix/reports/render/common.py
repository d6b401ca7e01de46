"""Helpers shared by the renderers: units in words, formatted cells."""

from __future__ import annotations

from django.utils.translation import gettext as _

from portevoix.core.reports import Column, Table
from portevoix.core.reports.model import Cell, format_value


def unit_label(unit: str) -> str:
    return {
        "score": _("score 0–100"),
        "percent": "%",
        "points": _("points"),
        "rating": _("rating out of 5"),
        "count": _("number"),
        "euros": "€",
        "days": _("days"),
        "ratio": _("ratio"),
    }.get(unit, "")


def cell_text(value: Cell, column: Column, language: str) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        unit = column.unit if column.unit in ("percent", "points", "euros") else ""
        return format_value(value, unit, column.digits, language)
    return "—" if value is None or (value == "" and column.unit) else str(value)


def table_rows(table: Table, language: str) -> list[list[str]]:
    return [
        [cell_text(value, column, language) for value, column in zip(row, table.columns, strict=True)]
        for row in table.rows
    ]
