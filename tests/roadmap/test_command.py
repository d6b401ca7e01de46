"""``portevoix roadmap generate|export|library``."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import icalendar
import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .conftest import Setup

DATA = Path(__file__).resolve().parent.parent / "data" / "roadmap"


def _run(*args: str) -> str:
    out = StringIO()
    call_command("roadmap", *args, stdout=out)
    return out.getvalue()


def test_generate_and_export(setup: Setup, tmp_path: Path) -> None:
    data = json.loads(_run("generate", "--org", "acme", "--start", "2027-01-04", "--json"))
    assert data["start_date"] == "2027-01-04"
    assert data["generation"]["created"] == len(data["actions"])
    text = _run("generate", "--org", "acme", "--lang", "en")
    assert "Codir workshop on social levers" in text
    for kind in ("ics", "xlsx", "json"):
        target = tmp_path / f"r.{kind}"
        _run("export", "--org", "acme", "--format", kind, "-o", str(target))
        assert target.stat().st_size > 0
    assert icalendar.Calendar.from_ical((tmp_path / "r.ics").read_text()).walk("VEVENT")
    assert openpyxl.load_workbook(tmp_path / "r.xlsx")["Actions"].max_row == len(data["actions"]) + 1
    assert json.loads((tmp_path / "r.json").read_text())["organisation"] == "acme"


def test_errors(setup: Setup, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Aucune organisation « nowhere »"):
        _run("generate", "--org", "nowhere")
    with pytest.raises(CommandError, match="n’a pas encore de feuille de route"):
        _run("export", "--org", "acme", "--format", "ics", "-o", str(tmp_path / "x.ics"))
    with pytest.raises(CommandError, match="n’est pas une date"):
        _run("generate", "--org", "acme", "--start", "04/01/2027")
    _run("generate", "--org", "acme")
    with pytest.raises(CommandError, match="Impossible d’écrire"):
        _run("export", "--org", "acme", "--format", "ics", "-o", str(tmp_path / "missing" / "x.ics"))
    assert not (tmp_path / "missing").exists()


def test_library_check(db: None) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _run("library", str(DATA / "broken.yaml"), "--lang", "en")
    assert exit_info.value.code == 1
    from portevoix.core.roadmap.loader import SHIPPED_LIBRARY

    assert "valid" in _run("library", str(SHIPPED_LIBRARY), "--lang", "en")
