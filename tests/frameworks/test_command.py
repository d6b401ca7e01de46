"""``portevoix framework …`` through Django's call_command, and once as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portevoix.data import shipped_framework_files
from portevoix.frameworks.models import FrameworkVersion
from portevoix.tenancy.models import Organisation

DATA = Path(__file__).resolve().parent.parent / "data" / "frameworks"
DEFAULT = str(shipped_framework_files()[0])


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("framework", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_validate_accepts_the_default_framework() -> None:
    code, out, _err = run("validate", DEFAULT, "--lang", "en")
    assert code == 0
    assert "is valid" in out
    assert "dimensions: 11" in out


def test_validate_rejects_a_broken_file_listing_every_error() -> None:
    code, _out, err = run("validate", str(DATA / "broken.yaml"), "--lang", "en")
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0].endswith("18 problems")
    assert len(lines) == 19
    assert all("broken.yaml:" in line for line in lines[1:])


def test_validate_speaks_french_by_default() -> None:
    code, _out, err = run("validate", str(DATA / "broken.yaml"))
    assert code == 1
    assert "18 problèmes" in err
    assert "clé inconnue « colour »" in err


def test_validate_json() -> None:
    code, out, _err = run("validate", DEFAULT, str(DATA / "broken.yaml"), "--json", "--lang", "en")
    assert code == 1
    payload = json.loads(out)
    assert payload["valid"] is False
    good, bad = payload["files"]
    assert good["valid"]
    assert good["framework"]["questions"] >= 40
    assert not bad["valid"]
    assert len(bad["problems"]) == 18
    assert {"file", "line", "path", "code", "params", "message"} <= set(bad["problems"][0])


def test_validate_missing_file() -> None:
    code, _out, err = run("validate", "/nonexistent/framework.yaml", "--lang", "en")
    assert code == 1
    assert "/nonexistent/framework.yaml: file not found" in err


@pytest.mark.django_db
def test_show_json_with_adapted_weights() -> None:
    Organisation.objects.create(
        slug="rh", name="RH", sector="industry", size_band="medium", market="b2b", priorities=["recruitment"]
    )
    code, out, _err = run("show", "codir-social-maturity", "--json", "--org", "rh")
    assert code == 0
    payload: dict[str, Any] = json.loads(out)
    assert payload["key"] == "codir-social-maturity"
    assert len(payload["content"]["dimensions"]) >= 10
    assert "recruitment_priority" in payload["adapted"]["applied"]
    assert sum(payload["adapted"]["weights"].values()) == pytest.approx(200)


@pytest.mark.django_db
def test_show_text_and_unknown_name() -> None:
    code, out, _err = run("show", "codir-social-maturity", "--lang", "en")
    assert code == 0
    assert "Dimensions:" in out
    with pytest.raises(CommandError, match="No framework “nope”"):
        call_command("framework", "show", "nope", "--lang", "en")


@pytest.mark.django_db
def test_load_stores_once_then_refuses_changed_content(tmp_path: Path) -> None:
    code, out, _err = run("load", str(DATA / "minimal.yaml"), "--json")
    assert code == 0
    assert json.loads(out)["created"] is True
    code, out, _err = run("load", str(DATA / "minimal.yaml"), "--json")
    assert code == 0
    assert json.loads(out)["created"] is False
    changed = tmp_path / "changed.yaml"
    changed.write_text((DATA / "minimal.yaml").read_text().replace("Un test", "Changé"), encoding="utf-8")
    code, _out, err = run("load", str(changed), "--lang", "en")
    assert code == 1
    assert "raise the version number" in err
    code, _out, _err = run("load", str(DATA / "broken.yaml"))
    assert code == 1
    assert FrameworkVersion.objects.filter(key="mini").count() == 1


@pytest.mark.django_db
def test_list_json() -> None:
    code, out, _err = run("list", "--json")
    assert code == 0
    assert any(v["key"] == "codir-social-maturity" for v in json.loads(out))


def test_console_script_runs_without_a_database(tmp_path: Path) -> None:
    """The real ``portevoix`` executable validates a file with no database set up at all."""
    env = {
        **os.environ,
        "PORTEVOIX_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/none.sqlite3",
    }
    script = Path(sys.executable).with_name("portevoix")
    result = subprocess.run(
        [str(script), "framework", "validate", str(DATA / "broken.yaml"), "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "unknown key “colour”" in result.stderr
    assert not (tmp_path / "none.sqlite3").exists()
