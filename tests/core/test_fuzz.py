"""Fuzzing the importers and the framework loader: arbitrary bytes and mutated real files.

Whatever comes in, the result is a located problem of the project's own kind (a known code,
with the file it concerns) or a clean result, never an unexpected exception. Bounded for CI:
``PORTEVOIX_FUZZ_EXAMPLES`` examples per target (80 by default), no deadline (a shared CI
machine is slow at times; speed is measured in ``benchmarks/``).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portevoix.core.answer_import import parse_table, suggest_mapping
from portevoix.core.backup import check_archive
from portevoix.core.errors import MESSAGES, Problem
from portevoix.core.evidence.archive import read_archive
from portevoix.core.evidence.linkedin import parse_linkedin_archive
from portevoix.core.evidence.linkedin_analytics import parse_creator_export, parse_page_export
from portevoix.core.evidence.mastodon import parse_mastodon_archive
from portevoix.core.evidence.records import Evidence
from portevoix.core.evidence.x import parse_x_archive
from portevoix.core.framework.loader import load_framework_bytes
from portevoix.core.tabular import read_table
from tests.conftest import DATA_DIR

EXAMPLES = int(os.environ.get("PORTEVOIX_FUZZ_EXAMPLES", "80"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=False,
)
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "portevoix" / "data" / "frameworks"


def _folder(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


LINKEDIN = _folder(DATA_DIR / "evidence" / "linkedin" / "archive-2026")
X = _folder(DATA_DIR / "evidence" / "x" / "archive")
MASTODON = _folder(DATA_DIR / "evidence" / "mastodon" / "archive")
FRAMEWORKS = [p.read_bytes() for p in sorted(SHIPPED.glob("*.yaml"))] + [
    (DATA_DIR / "frameworks" / "minimal.yaml").read_bytes()
]
ANSWERS = [(DATA_DIR / "answers" / name).read_bytes() for name in ("valid.csv", "excel-fr-cp1252.csv")]


def _xlsx_sample() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["respondent", "sg_written_strategy", "Commentaire"])
    sheet.append(["a@acme.example", "none", "é à œ « »"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX = _xlsx_sample()
SHIPPED_FRAMEWORK = load_framework_bytes(FRAMEWORKS[0], source="shipped.yaml").framework


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """A real file with a few bytes flipped, inserted or removed, perhaps cut short."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "dup"]))
        if action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 64))]
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


def _located(problems: list[Problem], file_hint: str | None = None) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.code in MESSAGES, problem.code
        assert problem.message()  # renders, placeholders filled
        if file_hint is not None:
            assert problem.file, problem


def _evidence(evidence: Evidence) -> None:
    assert isinstance(evidence, Evidence)
    _located(evidence.problems)
    for activity in evidence.activities:
        assert activity.at.tzinfo is not None


@st.composite
def archive_with_one_file_mutated(draw: st.DrawFn, files: dict[str, bytes]) -> dict[str, bytes]:
    name = draw(st.sampled_from(sorted(files)))
    return {**files, name: draw(mutated(files[name]))}


@FUZZ
@given(archive_with_one_file_mutated(LINKEDIN))
def test_linkedin_archive_with_a_mutated_file(files: dict[str, bytes]) -> None:
    _evidence(parse_linkedin_archive(files, source_name="a.zip"))


@FUZZ
@given(archive_with_one_file_mutated(X))
def test_x_archive_with_a_mutated_file(files: dict[str, bytes]) -> None:
    _evidence(parse_x_archive(files, source_name="x.zip"))


@FUZZ
@given(archive_with_one_file_mutated(MASTODON))
def test_mastodon_archive_with_a_mutated_file(files: dict[str, bytes]) -> None:
    _evidence(parse_mastodon_archive(files, source_name="m.zip"))


@FUZZ
@given(st.one_of(st.binary(max_size=4000), mutated(_zip(LINKEDIN)), mutated(_zip(X))))
def test_archive_reader_on_arbitrary_and_damaged_archives(raw: bytes) -> None:
    files, problems = read_archive(raw, filename="upload.zip")
    _located(problems, "upload.zip")
    if files is None:
        assert problems
    else:
        _evidence(parse_linkedin_archive(files, source_name="upload.zip"))


@FUZZ
@given(st.one_of(st.binary(max_size=3000), mutated(XLSX)), st.sampled_from(["page", "creator"]))
def test_linkedin_analytics_workbooks(raw: bytes, kind: str) -> None:
    parse = parse_page_export if kind == "page" else parse_creator_export
    evidence = parse(raw, filename="export.xlsx")
    _evidence(evidence)


@FUZZ
@given(st.one_of(st.binary(max_size=3000), *(mutated(a) for a in ANSWERS), mutated(XLSX)))
def test_tables_and_answer_import(raw: bytes) -> None:
    table, problems = read_table(raw, filename="answers.csv")
    _located(problems, "answers.csv")
    if table is None:
        assert problems
        return
    framework = SHIPPED_FRAMEWORK
    assert framework is not None
    mapping = suggest_mapping(table.headers, framework.questions)
    rows, row_problems = parse_table(
        framework,
        table,
        mapping,
        allowed={q.id for q in framework.questions},
        require_respondent=False,
        source="answers.csv",
    )
    _located(row_problems, "answers.csv")
    assert isinstance(rows, list)


@FUZZ
@given(st.one_of(st.binary(max_size=3000), *(mutated(f) for f in FRAMEWORKS)))
def test_framework_loader(raw: bytes) -> None:
    result = load_framework_bytes(raw, source="framework.yaml")
    _located(result.problems, "framework.yaml")
    assert (result.framework is None) == bool(result.problems)


def _backup_sample() -> bytes:
    import hashlib
    import json
    import tarfile

    db = b"SQLite format 3\x00" + bytes(200)
    manifest: dict[str, Any] = {
        "format": "portevoix-backup",
        "format_version": 1,
        "portevoix_version": "0.1.0",
        "created_at": "2026-12-01T00:00:00+00:00",
        "database_vendor": "sqlite",
        "migrations": [["tenancy", "0001_initial"]],
        "tables": {"t": 1},
        "members": {"database.sqlite3": {"size": len(db), "sha256": hashlib.sha256(db).hexdigest()}},
    }
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in (("database.sqlite3", db), ("manifest.json", json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


BACKUP = _backup_sample()


def test_the_backup_sample_is_sound() -> None:
    assert check_archive(io.BytesIO(BACKUP), filename="b.tar.gz").ok


@FUZZ
@given(st.one_of(st.binary(max_size=2000), mutated(BACKUP)))
def test_backup_archive_check(raw: bytes) -> None:
    check = check_archive(io.BytesIO(raw), filename="b.tar.gz")
    _located(check.problems, "b.tar.gz")
    assert check.ok == (check.manifest is not None and not check.problems)
