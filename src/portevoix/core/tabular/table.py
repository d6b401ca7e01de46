"""A table read from a file: the header's column names and one row per line below it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    """One row under the header. ``number`` is the row as a spreadsheet shows it (header: 1)."""

    number: int
    values: dict[str, str]  # column name → cell text, stripped ("" when empty)


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    format: str = "csv"  # "csv" or "xlsx"
    encoding: str | None = None  # of a CSV file: utf-8, utf-8-sig, utf-16-le, utf-16-be or cp1252
    delimiter: str | None = None  # of a CSV file: ",", ";" or a tab
