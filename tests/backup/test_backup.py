"""Backup and restore round-trips on the suite's database (SQLite or PostgreSQL), and refusals.

The round-trip compares every table row by row and every data file byte by byte. On the
PostgreSQL pass the archive is restored into a fresh database beside the test database.
"""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from portevoix.backup.services import backup_create, restore
from portevoix.core.backup import MANIFEST
from portevoix.core.errors import ProblemsError
from portevoix.web.demo import demo_populate
from tests.backup.conftest import _pg_connect

pytestmark = pytest.mark.django_db(transaction=True)


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def _rows(cursor: Any, table: str) -> list[Any]:
    name = connection.ops.quote_name(table)
    if connection.vendor == "postgresql":
        # Each row as PostgreSQL's own JSON text: the same whichever driver settings read it.
        cursor.execute(f"SELECT row_to_json(t)::text FROM {name} AS t")
        return sorted(row[0] for row in cursor.fetchall())
    cursor.execute(f"SELECT * FROM {name}")
    return sorted((tuple(row) for row in cursor.fetchall()), key=repr)


def _source_content() -> dict[str, list[Any]]:
    with connection.cursor() as cursor:
        return {table: _rows(cursor, table) for table in _tables()}


@pytest.fixture
def content(tmp_path: Path, settings: Any) -> tuple[Path, Path]:
    """The demo organisations, plus an upload waiting in the media folder and a generated report."""
    demo_populate()
    data_dir = tmp_path / "data"
    media = data_dir / "media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "0f3a").write_bytes(bytes(range(256)) * 40)
    settings.PORTEVOIX_REPORTS_DIR = data_dir / "reports"
    (data_dir / "reports").mkdir()
    (data_dir / "reports" / "9b1e").write_bytes(b"%PDF-1.7 board pack")
    (data_dir / "secret_key").write_text("kept-secret", encoding="utf-8")
    return data_dir, media


def _target_content(target: dict[str, Any], tables: list[str]) -> dict[str, list[Any]]:
    if connection.vendor == "sqlite":
        # The same type converters as Django's connection, so dates compare as dates.
        db = sqlite3.connect(target["NAME"], detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
        try:
            return {t: _rows(db.cursor(), t) for t in tables}
        finally:
            db.close()
    with _pg_connect(target) as pg, pg.cursor() as cursor:
        return {t: _rows(cursor, t) for t in tables}


def _target_tables(target: dict[str, Any]) -> list[str]:
    if connection.vendor == "sqlite":
        if not Path(target["NAME"]).exists():
            return []
        db = sqlite3.connect(target["NAME"])
        try:
            rows = db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
            return sorted(r[0] for r in rows)
        finally:
            db.close()
    with _pg_connect(target) as pg:
        rows = pg.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        return sorted(r[0] for r in rows)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_round_trip_keeps_every_row_of_every_table_and_every_file(
    content: tuple[Path, Path], target: dict[str, Any], tmp_path: Path
) -> None:
    data_dir, media = content
    archive = tmp_path / "backup.tar.gz"
    manifest = backup_create(archive, data_dir=data_dir, media_root=media)
    assert manifest.database_vendor == connection.vendor
    source = _source_content()
    assert sum(len(rows) for rows in source.values()) > 1000  # the demo really is in there
    assert {t: len(r) for t, r in source.items()} == manifest.tables

    assert set(manifest.members) >= {"files/media/evidence/0f3a", "files/reports/9b1e"}
    assert manifest.storage == "local"
    restored_dir = tmp_path / "restored"
    into = {"media_root": restored_dir / "media", "reports_dir": restored_dir / "reports"}
    report = restore(archive, database=target, data_dir=restored_dir, **into)

    assert report.tables == len(source)
    assert report.files == 3
    assert report.pending_migrations == []
    assert _target_tables(target) == sorted(source)
    assert _target_content(target, sorted(source)) == source
    assert _files(restored_dir / "media") == _files(media)
    assert _files(restored_dir / "reports") == {"9b1e": b"%PDF-1.7 board pack"}  # F9: reports too
    assert (restored_dir / "secret_key").read_text(encoding="utf-8") == "kept-secret"

    # Restoring again over a database that holds data needs --force, then replaces it whole.
    with pytest.raises(ProblemsError) as refused:
        restore(archive, database=target, data_dir=restored_dir, **into)
    assert refused.value.problems[0].code == "backup_target_not_empty"
    (restored_dir / "media" / "stray").write_text("left from before", encoding="utf-8")
    (restored_dir / "reports" / "stray").write_text("left from before", encoding="utf-8")
    restore(archive, database=target, data_dir=restored_dir, force=True, **into)
    assert _target_content(target, sorted(source)) == source
    assert _files(restored_dir / "media") == _files(media)
    assert _files(restored_dir / "reports") == {"9b1e": b"%PDF-1.7 board pack"}


def _rewrite(archive: Path, out: Path, change: Any) -> None:
    """Copy an archive, letting ``change(name, data)`` alter (or drop, with None) each member."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(out, "w:gz") as copy:
        for info in source:
            extracted = source.extractfile(info)
            assert extracted is not None
            data = change(info.name, extracted.read())
            if data is None:
                continue
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))


def _tamper_counts(name: str, data: bytes) -> bytes:
    if name != MANIFEST:
        return data
    manifest = json.loads(data)
    manifest["tables"]["tenancy_person"] += 1  # checksums stay right: only the load itself can tell
    return json.dumps(manifest).encode()


def test_a_restore_that_fails_at_the_end_leaves_the_previous_database_untouched(
    content: tuple[Path, Path], target: dict[str, Any], tmp_path: Path
) -> None:
    data_dir, media = content
    archive = tmp_path / "backup.tar.gz"
    backup_create(archive, data_dir=data_dir, media_root=media)
    restored_dir = tmp_path / "restored"
    restore(archive, database=target, data_dir=restored_dir, media_root=restored_dir / "media")
    before = _target_content(target, _tables())
    (restored_dir / "media" / "mine").write_text("newer upload", encoding="utf-8")

    bad = tmp_path / "bad.tar.gz"
    _rewrite(archive, bad, _tamper_counts)
    with pytest.raises(ProblemsError):
        restore(bad, database=target, data_dir=restored_dir, media_root=restored_dir / "media", force=True)

    assert _target_content(target, _tables()) == before
    assert (restored_dir / "media" / "mine").read_text(encoding="utf-8") == "newer upload"
    assert not list(restored_dir.glob(".restore-*"))  # no staging folder left behind


def _corrupt_byte(name: str, data: bytes) -> bytes:
    if name.startswith("files/media/"):
        return data[:10] + bytes([data[10] ^ 0xFF]) + data[11:]
    return data


DAMAGES: list[tuple[str, Any, str]] = [
    ("truncated", lambda a, o: o.write_bytes(a.read_bytes()[: a.stat().st_size // 2]), "backup_corrupt"),
    ("not-gzip", lambda a, o: o.write_bytes(b"PK\x03\x04 not a backup at all"), "backup_corrupt"),
    ("bit-flip", lambda a, o: _rewrite(a, o, _corrupt_byte), "backup_checksum"),
    (
        "no-manifest",
        lambda a, o: _rewrite(a, o, lambda n, d: None if n == MANIFEST else d),
        "backup_manifest_missing",
    ),
    (
        "no-database",
        lambda a, o: _rewrite(a, o, lambda n, d: None if n.startswith("database.") else d),
        "backup_member_missing",
    ),
    (
        "foreign",
        lambda a, o: _rewrite(
            a, o, lambda n, d: json.dumps({"format": "other"}).encode() if n == MANIFEST else d
        ),
        "backup_foreign",
    ),
    (
        "format",
        lambda a, o: _rewrite(
            a,
            o,
            lambda n, d: d.replace(b'"format_version": 2', b'"format_version": 9') if n == MANIFEST else d,
        ),
        "backup_format_version",
    ),
    (
        "newer",
        lambda a, o: _rewrite(
            a,
            o,
            lambda n, d: (
                d.replace(b'"migrations": [', b'"migrations": [["tenancy", "9999_future"], ')
                if n == MANIFEST
                else d
            ),
        ),
        "backup_newer",
    ),
    (
        "traversal",
        lambda a, o: _rewrite(
            a,
            o,
            lambda n, d: (
                d.replace(b'"files/media/evidence/0f3a"', b'"files/../../etc/x"') if n == MANIFEST else d
            ),
        ),
        "backup_member_unsafe",
    ),
]


def test_a_damaged_or_foreign_archive_is_refused_before_anything_is_written(
    target: dict[str, Any], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "media" / "evidence").mkdir(parents=True)
    (data_dir / "media" / "evidence" / "0f3a").write_bytes(bytes(range(256)) * 40)
    archive = tmp_path / "backup.tar.gz"
    backup_create(archive, data_dir=data_dir, media_root=data_dir / "media")
    restored_dir = tmp_path / "restored"
    for name, make, code in DAMAGES:
        bad = tmp_path / f"{name}.tar.gz"
        make(archive, bad)
        with pytest.raises(ProblemsError) as refused:
            restore(bad, database=target, data_dir=restored_dir, media_root=restored_dir / "media")
        assert code in [p.code for p in refused.value.problems], name
        assert _target_tables(target) == [], name  # nothing was created
        assert not (restored_dir / "media").exists(), name


def test_the_restore_command_explains_a_refusal_in_french_and_in_english(tmp_path: Path) -> None:
    bad = tmp_path / "old.tar.gz"
    bad.write_bytes(b"\x1f\x8b garbage")
    with pytest.raises(CommandError) as french:
        call_command("restore", str(bad))
    assert "n’a pas été restauré" in str(french.value)
    assert "old.tar.gz" in str(french.value)
    with pytest.raises(CommandError) as english:
        call_command("restore", str(bad), "--lang", "en")
    assert "was not restored; nothing was changed" in str(english.value)
    assert "damaged" in str(english.value)


def test_the_backup_command_writes_a_checked_archive(tmp_path: Path, settings: Any) -> None:
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "out" / "b.tar.gz"
    out = io.StringIO()
    call_command("backup", "-o", str(archive), "--json", stdout=out)
    assert json.loads(out.getvalue())["database_vendor"] == connection.vendor
    assert archive.stat().st_mode & 0o077 == 0  # personal data: only the owner reads it
    checked = io.StringIO()
    call_command("restore", str(archive), "--check", "--json", stdout=checked)
    assert json.loads(checked.getvalue())["ok"] is True
