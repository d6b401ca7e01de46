"""``read_table``: a CSV or XLSX file → a :class:`Table`, with every problem located.

The format is recognised by content: an XLSX workbook is a ZIP archive, a legacy ``.xls`` an OLE
compound file (refused: it must be saved again as .xlsx or .csv), anything else is read as CSV.
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass

from ..errors import Problem
from .table import Row, Table
from .text import FieldTooLarge, csv_rows, decode, sniff_delimiter
from .xlsx import OLE_MAGIC, XLSX, ZIP_MAGIC, check_archive, xlsx_rows

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_CELL_CHARS = 10_000
# A form export has one column per question (a few dozen); the mapping page draws a menu per
# column, so a file with 100,000 columns would tie up a web worker for minutes.
MAX_COLUMNS = 500

RawRows = Iterator[tuple[int, list[str]]]


@dataclass(frozen=True)
class _Limits:
    filename: str
    max_rows: int
    max_cell_chars: int
    max_columns: int = MAX_COLUMNS


def read_table(
    raw: bytes,
    *,
    filename: str,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    max_cell_chars: int = MAX_CELL_CHARS,
    max_columns: int = MAX_COLUMNS,
) -> tuple[Table | None, list[Problem]]:
    """The table in ``raw`` and every problem found, each with ``file=filename`` and its row.

    The table is ``None`` only when the file cannot be read as a table at all. Problems of some
    cells or rows (duplicate columns, rows or cells too long) come with the table, so that a
    caller can report them together with its own; it must still refuse an import with problems.
    """
    if len(raw) > max_bytes:
        return None, [Problem("file_too_large", {"size": len(raw), "limit": max_bytes}, file=filename)]
    if not raw.strip():
        return None, [Problem("file_empty", file=filename)]
    limits = _Limits(filename, max_rows, max_cell_chars, max_columns)
    if raw.startswith(ZIP_MAGIC):
        return _read_xlsx(raw, max_bytes, limits)
    if raw.startswith(OLE_MAGIC):
        return None, [Problem("unsupported_format", {"format": "Excel 97–2003 (.xls)"}, file=filename)]
    return _read_csv(raw, limits)


def _read_xlsx(raw: bytes, max_bytes: int, limits: _Limits) -> tuple[Table | None, list[Problem]]:
    problems = check_archive(raw, max_bytes=max_bytes, filename=limits.filename)
    if problems:
        return None, problems
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores: nothing a user can act on.
            warnings.simplefilter("ignore")
            with closing(xlsx_rows(raw)) as rows:
                return _table(rows, limits, format="xlsx")
    except Exception:  # noqa: BLE001 — openpyxl and the XML parser raise many types on damaged files
        return None, [Problem("file_corrupt", {"format": XLSX}, file=limits.filename)]


def _read_csv(raw: bytes, limits: _Limits) -> tuple[Table | None, list[Problem]]:
    decoded = decode(raw)
    if decoded is None:
        code = "not_a_table" if b"\x00" in raw else "unknown_encoding"
        return None, [Problem(code, file=limits.filename)]
    text, encoding = decoded.text, decoded.encoding
    if not text.strip():
        return None, [Problem("file_empty", file=limits.filename)]
    delimiter = sniff_delimiter(text)
    try:
        table, problems = _table(
            csv_rows(text, delimiter), limits, format="csv", encoding=encoding, delimiter=delimiter
        )
        # A NUL removed, lines that were not UTF-8: said, so that nobody imports them unawares.
        return table, [*decoded.problems(limits.filename), *problems]
    except FieldTooLarge as error:
        problem = Problem(
            "cell_too_long", {"limit": limits.max_cell_chars}, file=limits.filename, line=error.record
        )
        return None, [problem]
    except csv.Error:
        return None, [Problem("file_corrupt", {"format": "CSV"}, file=limits.filename)]


def _table(
    rows: RawRows,
    limits: _Limits,
    *,
    format: str,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> tuple[Table | None, list[Problem]]:
    """Header and rows from raw cells, checking names, row lengths, cell lengths and the count."""
    first = next(rows, None)
    if first is None:
        return None, [Problem("file_empty", file=limits.filename)]
    columns = len(_without_trailing_blanks(first[1]))
    if columns > limits.max_columns:
        params = {"found": columns, "limit": limits.max_columns}
        return None, [Problem("too_many_columns", params, file=limits.filename, line=first[0])]
    headers, problems = _headers(first[1], limits)
    if not headers:
        return None, [Problem("no_header", file=limits.filename, line=first[0])]
    table = Table(headers, [], format=format, encoding=encoding, delimiter=delimiter)
    for number, cells in rows:
        cells = _without_trailing_blanks(cells)
        if not cells:
            continue
        if len(table.rows) >= limits.max_rows:
            problem = Problem("too_many_rows", {"limit": limits.max_rows}, file=limits.filename, line=number)
            return None, [*problems, problem]
        table.rows.append(_row(number, cells, headers, limits, problems))
    return table, problems


def _headers(cells: list[str], limits: _Limits) -> tuple[list[str], list[Problem]]:
    """Column names: stripped, ``column_N`` for an empty one; duplicates are problems."""
    names = _without_trailing_blanks([cell.strip() for cell in cells])
    headers = [name or f"column_{index}" for index, name in enumerate(names, start=1)]
    problems: list[Problem] = []
    seen: set[str] = set()
    for header in headers:
        if len(header) > limits.max_cell_chars:
            problems.append(_located("cell_too_long", {"limit": limits.max_cell_chars}, header, 1, limits))
        elif header in seen:
            problems.append(_located("duplicate_column", {"column": header}, header, 1, limits))
        seen.add(header)
    return headers, problems


def _row(number: int, cells: list[str], headers: list[str], limits: _Limits, problems: list[Problem]) -> Row:
    if len(cells) > len(headers):
        params = {"expected": len(headers), "found": len(cells)}
        problems.append(Problem("row_too_long", params, file=limits.filename, line=number))
    values: dict[str, str] = {}
    for header, cell in zip(headers, cells, strict=False):
        text = cell.strip()
        if len(text) > limits.max_cell_chars:
            problems.append(
                _located("cell_too_long", {"limit": limits.max_cell_chars}, header, number, limits)
            )
        values.setdefault(header, text)  # a duplicated column keeps its first cell
    for header in headers[len(cells) :]:
        values.setdefault(header, "")
    return Row(number, values)


def _located(code: str, params: dict[str, object], column: str, line: int, limits: _Limits) -> Problem:
    return Problem(code, params, path=(column,), file=limits.filename, line=line)


def _without_trailing_blanks(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]
