"""CSV files: their text encoding, their delimiter, their rows.

Exports from Microsoft Forms, Google Forms and Excel come as UTF-8 (often with a byte-order
mark), UTF-16 with tabs ("Unicode text"), or Windows-1252 with semicolons (Excel set to French).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import Problem

DELIMITERS = (",", ";", "\t")
SNIFF_LINES = 20
SNIFF_CHARS = 64 * 1024
MAX_STRAY_NUL = 64  # beyond this (and 1 % of the bytes), zero bytes mean a binary file
MAX_LISTED = 10  # line numbers named in a problem

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


class FieldTooLarge(Exception):
    """A cell beyond the csv module's own limit (131,072 characters)."""

    def __init__(self, record: int) -> None:
        super().__init__(f"field too large in record {record}")
        self.record = record


@dataclass(frozen=True)
class Decoded:
    """A file's text, how it was read, and what had to be changed to read it.

    ``nul_lines``: lines whose NUL characters were removed (a NUL is never text: PostgreSQL refuses
    it, spreadsheets cut the cell there). ``cp1252_lines``: in a UTF-8 file, the lines that were not
    UTF-8 and were read as Windows-1252 (a file pasted together from two sources).
    """

    text: str
    encoding: str
    nul_lines: tuple[int, ...] = ()
    cp1252_lines: tuple[int, ...] = ()

    def problems(self, file: str) -> list[Problem]:
        """The changes as located problems (first line, and which lines)."""
        problems = []
        if self.nul_lines:
            params = {"count": len(self.nul_lines), "lines": _listed(self.nul_lines)}
            problems.append(Problem("nul_removed", params, file=file, line=self.nul_lines[0]))
        if self.cp1252_lines:
            params = {"count": len(self.cp1252_lines), "lines": _listed(self.cp1252_lines)}
            problems.append(Problem("mixed_encoding", params, file=file, line=self.cp1252_lines[0]))
        return problems


def decode(raw: bytes) -> Decoded | None:
    """The text of ``raw``, or ``None`` when no candidate fits (or it is binary, not text).

    A byte-order mark decides; UTF-16 without one shows as zero bytes every other byte;
    otherwise UTF-8 if the whole file is valid UTF-8, else line by line: a file whose lines are all
    Windows-1252 is read as such, a file mixing UTF-8 lines and Windows-1252 lines is read line by
    line, each in its own encoding, and says which lines were Windows-1252. NUL characters are
    removed wherever they are (the whole file), and the lines that held one are listed.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            if encoding == "utf-8-sig":
                return _utf8_or_lines(body, encoding)
            text = _decoded(body, encoding)
            if text is not None:
                return _without_nul(text, encoding)
            text = _decoded(body, "cp1252")
            return None if text is None else _without_nul(text, "cp1252")
    if b"\x00" in raw[:4096]:
        utf16 = _utf16_without_bom(raw[:4096])
        if utf16 is not None:
            text = _decoded(raw, utf16)
            return None if text is None else _without_nul(text, utf16)
        if b"\x00\x00" in raw[:4096]:
            return None  # runs of zero bytes at the start: a binary file (an image, a PDF…)
    if raw.count(b"\x00") > max(MAX_STRAY_NUL, len(raw) // 100):
        return None  # zero bytes everywhere: a binary file, not text with a stray NUL
    return _utf8_or_lines(raw, "utf-8")


def _decoded(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def _utf8_or_lines(raw: bytes, name: str) -> Decoded | None:
    text = _decoded(raw, "utf-8")
    if text is not None:
        return _without_nul(text, name)
    parts: list[str] = []
    utf8_seen = False
    cp1252_lines: list[int] = []
    for number, line in enumerate(raw.splitlines(keepends=True), start=1):
        try:
            parts.append(line.decode("utf-8"))
            utf8_seen = utf8_seen or not line.isascii()
        except UnicodeDecodeError:
            try:
                parts.append(line.decode("cp1252"))
            except UnicodeDecodeError:
                return None
            cp1252_lines.append(number)
    if not utf8_seen:
        # Not one line needs UTF-8: the file is plain Windows-1252 (Excel set to French).
        return _without_nul("".join(parts), "cp1252")
    decoded = _without_nul("".join(parts), name)
    return Decoded(decoded.text, decoded.encoding, decoded.nul_lines, tuple(cp1252_lines))


def _without_nul(text: str, encoding: str) -> Decoded:
    if "\x00" not in text:
        return Decoded(text, encoding)
    return Decoded(text.replace("\x00", ""), encoding, nul_lines(text))


def nul_lines(text: str, markers: tuple[str, ...] = ("\x00",)) -> tuple[int, ...]:
    """The lines (from 1) where one of ``markers`` occurs (a NUL; in JSON also its ``\\u0000``)."""
    found: set[int] = set()
    for marker in markers:
        line, counted = 1, 0
        position = text.find(marker)
        while position >= 0:
            line += text.count("\n", counted, position)
            counted = position
            found.add(line)
            position = text.find(marker, position + 1)
    return tuple(sorted(found))


def _listed(lines: tuple[int, ...]) -> str:
    shown = ", ".join(str(line) for line in lines[:MAX_LISTED])
    return shown + (f" (+{len(lines) - MAX_LISTED})" if len(lines) > MAX_LISTED else "")


def _utf16_without_bom(sample: bytes) -> str | None:
    """Text in UTF-16 has its zero bytes on one side of each pair; anything else is binary."""
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd > len(sample) // 4 and even == 0:
        return "utf-16-le"
    if even > len(sample) // 4 and odd == 0:
        return "utf-16-be"
    return None


def sniff_delimiter(text: str) -> str:
    """``csv.Sniffer`` on the first lines, else the most frequent delimiter of the header line."""
    lines = text[:SNIFF_CHARS].splitlines()[:SNIFF_LINES]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        header = lines[0] if lines else ""
        counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
        return max(DELIMITERS, key=lambda d: counts[d])  # the first one on ties: a comma


def csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with its number (a record may span several lines inside quotes)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise FieldTooLarge(number + 1) from None
            raise
        number += 1
        yield number, cells
