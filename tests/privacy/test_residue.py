"""F6 (security review 2026-12): after an erasure, no stored file and no raw database file holds
the person's name or e-mail. A real SQLite database file in a fresh data folder, real reports
(PDF, XLSX, PPTX), a consent scan and an answer file waiting for its mapping step; every file of
the data folder is read as text (PDF through pdftotext, Office files member by member)."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import require

SCRIPT = Path(__file__).with_name("residue_script.py")
NEEDLES = ("Hervé Unique", "herve.unique@acme.example")


def texts(path: Path) -> list[str]:
    """The file's bytes as text, plus the text of each member (ZIP: XLSX, PPTX) or page (PDF)."""
    raw = path.read_bytes()
    found = [raw.decode("utf-8", "replace")]
    if raw.startswith(b"%PDF-"):
        result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=False)
        found.append(result.stdout.decode("utf-8", "replace"))
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            # XML members: "Hervé" may be written "Herv&#233;".
            found += [html.unescape(archive.read(n).decode("utf-8", "replace")) for n in archive.namelist()]
    return found


def holding(folder: Path) -> dict[str, list[str]]:
    hits: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = "\n".join(texts(path)).casefold()
        named = [n for n in NEEDLES if n.casefold() in text]
        if named:
            hits[str(path.relative_to(folder))] = named
    return hits


def test_erasure_leaves_the_name_in_no_stored_file_and_no_raw_database_file(tmp_path: Path) -> None:
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) reads the PDF reports")
    data = tmp_path / "data"
    env = {
        **os.environ,
        "PORTEVOIX_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'portevoix.sqlite3'}",
        "PORTEVOIX_REPORTS_DIR": str(data / "reports"),
    }
    snapshots = tmp_path / "raw"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(snapshots)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])

    # The test can fail: before the erasure the name is in the database files and in every file.
    before = holding(snapshots / "before")
    assert {"portevoix.sqlite3", "portevoix.sqlite3-wal"} & set(before)
    stored = [name for name in before if name.startswith("files/")]
    assert len([n for n in stored if n.startswith("files/reports/")]) == 4  # 3 board packs, 1 leader
    assert [n for n in stored if n.startswith("files/media/imports/")]
    assert [n for n in stored if n.startswith("files/media/privacy/consents/")]

    assert holding(snapshots / "after") == {}
    assert holding(data / "media") == {}
    assert holding(data / "reports") == {}
    # The board packs naming the person went with their files; the colleague's report stays.
    assert outcome["reports"] == [{"kind": "leader", "format": "xlsx", "person_id": outcome["person"] + 1}]
