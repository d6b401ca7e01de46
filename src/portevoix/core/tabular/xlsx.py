"""Excel workbooks (.xlsx): a ZIP archive checked before openpyxl opens it, the first sheet's rows.

A small archive can unpack into gigabytes (a "zip bomb"): the sizes its directory declares are
checked first by :func:`portevoix.core.ziplimits.check_zip`, and Python's zipfile never reads
past a member's declared size.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Generator
from typing import Any

import openpyxl

from ..errors import Problem
from ..ziplimits import ZIP_MAGIC as ZIP_MAGIC  # re-exported: the readers sniff with it
from ..ziplimits import Limits, check_zip

UNPACKED_FACTOR = 10  # the archive may unpack to this many times the size limit of a file
XLSX = "Excel (.xlsx)"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def xlsx_limits(max_bytes: int) -> Limits:
    """What a workbook of at most ``max_bytes`` may unpack to (openpyxl streams its sheets, but
    still reads the shared strings and styles whole)."""
    unpacked = UNPACKED_FACTOR * max_bytes
    return Limits(max_entries=10_000, max_total_bytes=unpacked, max_entry_bytes=unpacked)


def check_archive(raw: bytes, *, max_bytes: int, filename: str) -> list[Problem]:
    """Problems of the ZIP container of a workbook, before anything is unpacked."""
    problems = check_zip(raw, filename=filename, format=XLSX, limits=xlsx_limits(max_bytes))
    if problems:
        return problems
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            odf = "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError, NotImplementedError):
        return [Problem("file_corrupt", {"format": XLSX}, file=filename)]
    if odf:
        return [Problem("unsupported_format", {"format": "OpenDocument (.ods)"}, file=filename)]
    if "xl/workbook.xml" not in names:
        return [Problem("unsupported_format", {"format": "ZIP"}, file=filename)]
    return []


def xlsx_rows(raw: bytes) -> Generator[tuple[int, list[str]], None, None]:
    """The first worksheet's rows as text, numbered as Excel numbers them.

    Raises whatever openpyxl raises on a damaged workbook; the caller reports it. openpyxl warns
    about styles and extensions it ignores, which the caller may silence while reading.
    """
    workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the stored dimensions may be wrong: read every row there is
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(value) for value in values]
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """A cell as people read it: 4 rather than 4.0, dates in ISO form, TRUE/FALSE."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
