"""Reading CSV and XLSX exports: encodings, delimiters, row numbers, and every refusal."""

from __future__ import annotations

import datetime
import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from portevoix.core.errors import Problem
from portevoix.core.tabular import Table, read_table

ANSWERS = Path(__file__).resolve().parent.parent / "data" / "answers"


def read(raw: bytes, name: str = "answers.csv", **limits: int) -> tuple[Table | None, list[Problem]]:
    return read_table(raw, filename=name, **limits)


def ok(raw: bytes, name: str = "answers.csv") -> Table:
    table, problems = read(raw, name)
    assert problems == []
    assert table is not None
    return table


def values(table: Table) -> list[tuple[int, dict[str, str]]]:
    return [(row.number, row.values) for row in table.rows]


def found(problems: list[Problem]) -> list[tuple[str, int | None, tuple[object, ...]]]:
    return [(p.code, p.line, p.path) for p in problems]


def workbook_bytes(*rows: list[object]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- CSV encodings and delimiters --------------------------------------------------------------


def test_utf8_with_bom_and_commas(tmp_path: Path) -> None:
    path = tmp_path / "forms.csv"
    path.write_bytes("\ufeffrespondent,q1,q2\r\nÉlodie,a,3\r\n".encode())
    table = ok(path.read_bytes())
    assert table.headers == ["respondent", "q1", "q2"]
    assert values(table) == [(2, {"respondent": "Élodie", "q1": "a", "q2": "3"})]
    assert (table.format, table.encoding, table.delimiter) == ("csv", "utf-8-sig", ",")


def test_utf16_with_tabs_as_excel_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes('"respondent"\t"q1"\t"q2"\r\n"Zoë"\t"a;b"\t"4"\r\n'.encode("utf-16"))  # BOM + LE
    table = ok(path.read_bytes())
    assert values(table) == [(2, {"respondent": "Zoë", "q1": "a;b", "q2": "4"})]
    assert (table.encoding, table.delimiter) == ("utf-16-le", "\t")


def test_utf16_big_endian_and_without_bom() -> None:
    text = "respondent\tq1\nAnna\tb\n"
    assert ok(b"\xfe\xff" + text.encode("utf-16-be")).encoding == "utf-16-be"
    table = ok(text.encode("utf-16-le"))
    assert table.encoding == "utf-16-le"
    assert values(table) == [(2, {"respondent": "Anna", "q1": "b"})]


def test_cp1252_with_semicolons_as_excel_in_french(tmp_path: Path) -> None:
    path = tmp_path / "excel-fr.csv"
    path.write_bytes("respondent;q1;commentaire\nHélène;a,b;« déjà vu » – 5 €\n".encode("cp1252"))
    table = ok(path.read_bytes())
    assert values(table) == [(2, {"respondent": "Hélène", "q1": "a,b", "commentaire": "« déjà vu » – 5 €"})]
    assert (table.encoding, table.delimiter) == ("cp1252", ";")


def test_a_windows_1252_file_is_read_as_such() -> None:
    raw = b"respondent,q1\n" + "Noël,a\n".encode("cp1252") + "René,b\n".encode("cp1252")
    table = ok(raw)
    assert table.encoding == "cp1252"
    assert [row.values["respondent"] for row in table.rows] == ["Noël", "René"]


def test_a_file_mixing_utf8_and_windows_1252_is_read_line_by_line_and_says_which_lines() -> None:
    """F17: the UTF-8 rows used to become mojibake ("cafÃ©"), silently."""
    raw = (
        "respondent,vc_topics\nalice,café\n".encode()
        + "bob,café\n".encode("cp1252")
        + "carol,thé\n".encode()
        + "dan,crème\n".encode("cp1252")
    )
    table, problems = read(raw)
    assert table is not None
    assert [row.values["vc_topics"] for row in table.rows] == ["café", "café", "thé", "crème"]
    assert found(problems) == [("mixed_encoding", 3, ())]
    assert problems[0].params == {"count": 2, "lines": "3, 5"}
    assert "read as Windows-1252 (lines 3, 5)" in problems[0].render()


def test_a_nul_anywhere_in_the_file_is_removed_and_located() -> None:
    """F8: a NUL after the first 4 KiB used to stay in the text (PostgreSQL refuses it)."""
    filler = "".join(f"r{n},a\n" for n in range(1000)).encode()
    raw = b"respondent,q1\n" + filler + b"Bonjour\x00monde,b\n" + b"x\x00y\x00,c\n"
    assert raw.index(b"\x00") > 4096
    table, problems = read(raw)
    assert table is not None
    assert table.rows[-2].values["respondent"] == "Bonjourmonde"
    assert table.rows[-1].values["respondent"] == "xy"
    assert found(problems) == [("nul_removed", 1002, ())]
    assert problems[0].params == {"count": 2, "lines": "1002, 1003"}
    small, problems = read(b"respondent,q1\nal\x00ice,a\n")  # in the first 4 KiB as well
    assert small is not None
    assert small.rows[0].values["respondent"] == "alice"
    assert found(problems) == [("nul_removed", 2, ())]


def test_delimiter_falls_back_on_the_header_line() -> None:
    table = ok(b"respondent;q1;q2\n")  # one line: nothing to compare
    assert (table.delimiter, table.headers) == (";", ["respondent", "q1", "q2"])
    assert ok(b"respondent\nalice\n").headers == ["respondent"]


def test_quoted_cells_keep_delimiters_and_line_breaks() -> None:
    table = ok(b'respondent,comment,q1\nalice,"one, two\nthree",a\nbob,,b\n')
    assert values(table) == [
        (2, {"respondent": "alice", "comment": "one, two\nthree", "q1": "a"}),
        (3, {"respondent": "bob", "comment": "", "q1": "b"}),
    ]


def test_static_fixtures() -> None:
    table = ok((ANSWERS / "valid.csv").read_bytes(), "valid.csv")
    assert table.headers[0] == "respondent"
    table = ok((ANSWERS / "excel-fr-cp1252.csv").read_bytes(), "excel-fr-cp1252.csv")
    assert table.encoding == "cp1252"
    assert table.rows[0].values["respondent"] == "Hélène Lefèvre"


# -- rows and cells ----------------------------------------------------------------------------


def test_rows_are_numbered_as_a_spreadsheet_shows_them() -> None:
    table = ok(b"respondent,q1\n\nalice,a\n  ,  \nbob,b\n")
    assert [row.number for row in table.rows] == [3, 5]


def test_cells_are_stripped_and_short_rows_filled() -> None:
    table = ok(b"respondent , q1 ,q2\n  alice ,\n")
    assert values(table) == [(2, {"respondent": "alice", "q1": "", "q2": ""})]


def test_empty_header_cells_are_named_and_trailing_ones_dropped() -> None:
    table = ok(b"respondent,,q2,,\nalice,x,3,,\n")
    assert table.headers == ["respondent", "column_2", "q2"]
    assert values(table) == [(2, {"respondent": "alice", "column_2": "x", "q2": "3"})]


def test_duplicate_columns_keep_the_first_cell() -> None:
    table, problems = read(b"respondent,q1,q1\nalice,a,b\n")
    assert found(problems) == [("duplicate_column", 1, ("q1",))]
    assert problems[0].render() == "answers.csv:1: q1: the column “q1” appears more than once"
    assert table is not None
    assert table.rows[0].values == {"respondent": "alice", "q1": "a"}


def test_a_row_longer_than_the_header() -> None:
    table, problems = read(b"respondent,q1\nalice,a\nbob,b,extra\n")
    assert found(problems) == [("row_too_long", 3, ())]
    assert problems[0].params == {"expected": 2, "found": 3}
    assert table is not None
    assert len(table.rows) == 2


def test_a_cell_too_long() -> None:
    _table, problems = read(b"respondent,q1\nalice," + b"x" * 101 + b"\n", max_cell_chars=100)
    assert found(problems) == [("cell_too_long", 2, ("q1",))]
    assert problems[0].params == {"limit": 100}
    _table, problems = read(b'respondent,q1\nalice,"' + b"x" * 200_000 + b'"\n')
    assert found(problems) == [("cell_too_long", 2, ())]


def test_too_many_rows() -> None:
    raw = b"respondent\n" + b"".join(b"r%d\n" % i for i in range(4))
    assert ok(raw)
    table, problems = read(raw, max_rows=3)
    assert table is None
    assert found(problems) == [("too_many_rows", 5, ())]
    assert problems[0].params == {"limit": 3}


# -- refused files -----------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [b"", b"  \n\r\n", "\ufeff".encode(), "\n\n".encode("utf-16")])
def test_an_empty_file(raw: bytes) -> None:
    assert found(read(raw)[1]) == [("file_empty", None, ())]


def test_no_header() -> None:
    assert found(read(b" , ,\nalice,a\n")[1]) == [("no_header", 1, ())]


def test_a_file_too_large() -> None:
    table, problems = read(b"respondent\nalice\n", max_bytes=10)
    assert table is None
    assert found(problems) == [("file_too_large", None, ())]
    assert problems[0].params == {"size": 17, "limit": 10}


def test_binary_files_are_not_tables() -> None:
    assert found(read(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))[1]) == [
        ("not_a_table", None, ())
    ]
    assert found(read(b"respondent\n\x81\x8d\x8f\x90\x9d\xff\n")[1]) == [("unknown_encoding", None, ())]


def test_legacy_xls_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    table, problems = read(path.read_bytes(), "export.xls")
    assert table is None
    assert [p.render() for p in problems] == [
        "export.xls: Excel 97–2003 (.xls) files cannot be read: save the file as .xlsx or .csv"
    ]


# -- XLSX --------------------------------------------------------------------------------------


def test_xlsx_values_as_text(tmp_path: Path) -> None:
    path = tmp_path / "forms.xlsx"
    path.write_bytes(
        workbook_bytes(
            ["respondent", "q1", "q2", "when", "flag", None],
            ["Élodie", "a;b", 4, datetime.datetime(2026, 11, 2), True],
            [],
            ["Marc", None, 4.0, datetime.datetime(2026, 11, 2, 9, 30), False],
            ["Zoé", "c", 2.5],
        )
    )
    table = ok(path.read_bytes(), "forms.xlsx")
    assert table.headers == ["respondent", "q1", "q2", "when", "flag"]
    assert values(table) == [
        (2, {"respondent": "Élodie", "q1": "a;b", "q2": "4", "when": "2026-11-02", "flag": "TRUE"}),
        (4, {"respondent": "Marc", "q1": "", "q2": "4", "when": "2026-11-02 09:30:00", "flag": "FALSE"}),
        (5, {"respondent": "Zoé", "q1": "c", "q2": "2.5", "when": "", "flag": ""}),
    ]
    assert (table.format, table.encoding, table.delimiter) == ("xlsx", None, None)


def test_xlsx_content_wins_over_the_extension() -> None:
    table = ok(workbook_bytes(["respondent"], ["alice"]), "answers.csv")
    assert table.format == "xlsx"
    assert ok(b"respondent\nalice\n", "answers.xlsx").format == "csv"


def test_xlsx_problems_are_located_like_csv_ones() -> None:
    table, problems = read(workbook_bytes(["respondent", "q1", "q1"], ["alice", "a", "b", "c"]), "f.xlsx")
    assert table is not None
    assert found(problems) == [("duplicate_column", 1, ("q1",)), ("row_too_long", 2, ())]
    assert found(read(workbook_bytes([]), "f.xlsx")[1]) == [("file_empty", None, ())]


def test_a_truncated_xlsx_is_corrupt(tmp_path: Path) -> None:
    raw = workbook_bytes(["respondent"], ["alice"])
    path = tmp_path / "cut.xlsx"
    path.write_bytes(raw[: len(raw) // 2])
    table, problems = read(path.read_bytes(), "cut.xlsx")
    assert table is None
    assert [p.render() for p in problems] == [
        "cut.xlsx: the file is damaged or is not a real Excel (.xlsx) file"
    ]


def test_a_damaged_sheet_is_corrupt() -> None:
    buffer = io.BytesIO()
    original = io.BytesIO(workbook_bytes(["respondent"], ["alice"]))
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    assert found(read(buffer.getvalue(), "f.xlsx")[1]) == [("file_corrupt", None, ())]


def _archive(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(
        _archive({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": bytes(30 << 20)})
    )
    assert path.stat().st_size < 100_000
    table, problems = read(path.read_bytes(), "bomb.xlsx")
    assert table is None
    assert found(problems) == [("archive_bomb", None, ())]  # compressed a thousand times


def test_an_archive_unpacking_beyond_ten_times_the_limit_is_too_large() -> None:
    # 2 MB compressed about 60 times: not a bomb, but more than 10 × 100 kB once unpacked
    sheet = os.urandom(10_000) * 200
    raw = _archive({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": sheet})
    assert len(raw) < 100_000
    table, problems = read(raw, "big.xlsx", max_bytes=100_000)
    assert table is None
    assert found(problems) == [("archive_member_too_large", None, ())]
    assert problems[0].params == {"name": "xl/worksheets/sheet1.xml", "limit": 1_000_000}


def test_other_zip_files_are_not_workbooks() -> None:
    ods = _archive({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})
    assert [p.message() for p in read(ods, "f.ods")[1]] == [
        "OpenDocument (.ods) files cannot be read: save the file as .xlsx or .csv"
    ]
    assert found(read(_archive({"word/document.xml": b"<x/>"}), "f.docx")[1]) == [
        ("unsupported_format", None, ())
    ]
    assert found(read(b"PK\x03\x04 not really a zip", "f.xlsx")[1]) == [("file_corrupt", None, ())]


def test_a_nul_in_json_text_is_removed_and_located_like_in_a_csv() -> None:
    from portevoix.core.evidence.x import decode_text

    text, problems = decode_text(b'{"a": "x\x00y",\n "b": "z\\u0000"}', "outbox.json")
    assert text == '{"a": "xy",\n "b": "z\\u0000"}'
    assert [(p.code, p.file, p.line, p.params["lines"]) for p in problems] == [
        ("nul_removed", "outbox.json", 1, "1, 2")
    ]
