"""``portevoix objections classify|list|validate`` through call_command, and once as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("objections", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_classify_prints_the_json_of_the_issue() -> None:
    code, out, _err = run("classify", "Je n'ai pas le temps, je suis débordé.", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"language", "matches"}
    assert data["language"] == "fr"
    assert data["matches"][0]["id"] == "time"
    assert set(data["matches"][0]) == {"id", "kind", "confidence"}
    assert data["matches"][0]["kind"] == "objection"


def test_classify_with_a_given_language_and_a_neutral_text() -> None:
    _code, out, _err = run("classify", "We opened a new plant in Lyon last year.", "--lang", "en", "--json")
    assert json.loads(out) == {"language": "en", "matches": []}


def test_classify_a_file_prints_one_object_per_line(tmp_path: Path) -> None:
    path = tmp_path / "answers.txt"
    path.write_text(
        "Show me the ROI first.\n\nIch habe keine Zeit für soziale Netzwerke.\n🙂🙂\n"
        "Nous exportons en Asie.\n",
        encoding="utf-8",
    )
    _code, out, _err = run("classify", "--file", str(path), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 5
    assert rows[0]["matches"][0]["id"] == "roi"
    assert rows[1]["status"] == "empty"
    assert rows[2]["status"] == "unsupported_language"
    assert rows[2]["language"] is None
    assert "n’est ni en français ni en anglais" in rows[2]["message"]
    assert rows[3]["status"] == "no_words"
    assert rows[4] == {"language": "fr", "matches": []}


def test_a_long_text_is_truncated_and_said_so() -> None:
    _code, out, _err = run("classify", "Je n'ai pas le temps. " + "blabla " * 400, "--json")
    data = json.loads(out)
    assert data["truncated"] is True
    assert "1000" in data["message"]


def test_bad_files_and_arguments_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="introuvable"):
        run("classify", "--file", str(tmp_path / "missing.txt"))
    broken = tmp_path / "latin1.txt"
    broken.write_bytes("première ligne\ndeuxième ligne en latin-1 : é".encode("latin-1"))
    with pytest.raises(CommandError, match=r"latin1.txt:1 : le fichier n’est pas du texte UTF-8"):
        run("classify", "--file", str(broken))
    with pytest.raises(CommandError, match="pas les deux"):
        run("classify")


def test_list_gives_every_entry() -> None:
    _code, out, _err = run("list", "--json")
    data = json.loads(out)
    assert len(data["entries"]) == 20
    time = next(e for e in data["entries"] if e["id"] == "time")
    assert time["kind"] == "objection"
    assert time["examples"]["fr"] >= 8
    assert "time_routine" in time["actions"]


def test_validate_locates_the_problems(tmp_path: Path) -> None:
    text = (ROOT / "src/portevoix/data/objections/catalogue.yaml").read_text(encoding="utf-8")
    path = tmp_path / "catalogue.yaml"
    path.write_text(text.replace("{id: sme_lack_time,", "{id: nope,", 1), encoding="utf-8")
    code, _out, err = run("validate", str(path), "--lang", "en")
    assert code == 1
    assert "catalogue.yaml:" in err
    assert "unknown figure “nope”" in err
    code, out, _err = run("validate", str(ROOT / "src/portevoix/data/objections/catalogue.yaml"))
    assert code == 0
    assert "20" in out


def test_the_portevoix_command_classifies_in_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "PORTEVOIX_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "portevoix"),
            "objections",
            "classify",
            "I'm not looking for a job",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["matches"][0]["id"] == "job_seeking"
