"""CSV files: their text encoding, their delimiter, their rows.

Exports from Microsoft Forms, Google Forms and Excel come as UTF-8 (often with a byte-order
mark), UTF-16 with tabs ("Unicode text"), or Windows-1252 with semicolons (Excel set to French).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

DELIMITERS = (",", ";", "\t")
SNIFF_LINES = 20
SNIFF_CHARS = 64 * 1024

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


def decode(raw: bytes) -> tuple[str, str] | None:
    """The text and the encoding that read it, or ``None`` when no candidate fits.

    A byte-order mark decides; UTF-16 without one shows as zero bytes every other byte;
    otherwise UTF-8 if the whole file is valid UTF-8, else Windows-1252.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            codec = "utf-8" if encoding == "utf-8-sig" else encoding
            return _decoded(body, codec, encoding) or _decoded(body, "cp1252", "cp1252")
    if b"\x00" in raw[:4096]:
        return _decoded(raw, _utf16_without_bom(raw[:4096]), None)
    return _decoded(raw, "utf-8", "utf-8") or _decoded(raw, "cp1252", "cp1252")


def _decoded(raw: bytes, codec: str | None, name: str | None) -> tuple[str, str] | None:
    if codec is None:
        return None
    try:
        return raw.decode(codec), name or codec
    except UnicodeDecodeError:
        return None


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
