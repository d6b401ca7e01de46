"""``portevoix assess score``: answers files scored from the terminal, never touching a database.

No test here is marked ``django_db``: pytest-django refuses any query, so the command is proven
to work without a database; one test also runs the real executable against a missing database.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command

ANSWERS = Path(__file__).resolve().parent.parent / "data" / "answers"
FRAMEWORK = str(ANSWERS / "scoring-framework.yaml")
HEADER = "respondent,s_choice,s_multi,s_scale,s_text,l_choice,v_scale,v_choice\n"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("assess", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def score_file(path: Path | str, *options: str) -> tuple[int, str, str]:
    return run("score", "--framework", FRAMEWORK, "--answers", str(path), *options)


def write_csv(tmp_path: Path, text: str, name: str = "answers.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def refused(tmp_path: Path, text: str) -> list[str]:
    """The problem lines printed for a refused file; nothing may reach stdout."""
    code, out, err = score_file(write_csv(tmp_path, text), "--lang", "en")
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith("✗ ")
    return [line.strip().replace(str(tmp_path) + "/", "") for line in lines[1:]]


# -- scoring -----------------------------------------------------------------------------------


def test_json_gives_every_score_level_and_coverage() -> None:
    code, out, err = score_file(ANSWERS / "valid.csv", "--json")
    assert (code, err) == (0, "")
    payload: list[dict[str, Any]] = json.loads(out)
    assert [card["respondent"] for card in payload] == ["alice", "bob", "carol"]
    alice = payload[0]
    assert alice["overall"] == {"organisation": pytest.approx(78.25), "person": pytest.approx(87.5)}
    assert alice["overall_level"] == {"organisation": "high", "person": "high"}
    assert alice["dimensions"]["strategy"] == {
        "score": pytest.approx(63.75),
        "level": "mid",
        "coverage": 1.0,
        "unanswered": [],
        "not_scored": [],
    }
    bob = payload[1]["dimensions"]["strategy"]  # "dk", blank, 2
    assert (bob["score"], bob["unanswered"], bob["not_scored"]) == (25.0, ["s_multi"], ["s_choice"])
    carol = payload[2]
    assert carol["dimensions"]["strategy"]["score"] == 100  # x|y|z capped at 100
    assert carol["dimensions"]["listening"] == {
        "score": None,
        "level": None,
        "coverage": 0.0,
        "unanswered": ["l_choice"],
        "not_scored": [],
    }


def test_text_table(tmp_path: Path) -> None:
    code, out, err = score_file(ANSWERS / "valid.csv", "--lang", "en")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Respondent: alice"
    assert lines[1].split() == ["Dimension", "Score", "Level", "Coverage"]
    assert lines[2].split() == ["Strategy", "63.8", "Middle", "100%"]
    assert lines[5].split() == ["Overall", "(organisation)", "78.3", "High"]
    assert lines[6].split() == ["Overall", "(person)", "87.5", "High"]
    assert "  Listening                   —  —" in out


def test_french_by_default() -> None:
    code, out, _err = score_file(ANSWERS / "valid.csv")
    assert code == 0
    assert out.startswith("Répondant: alice")
    assert "Stratégie" in out


def test_weights_follow_the_organisation_profile() -> None:
    _code, out, _err = score_file(ANSWERS / "valid.csv", "--json")
    _code, adapted, _err = score_file(
        ANSWERS / "valid.csv", "--json", "--org-profile", "industry,medium,b2b,brand"
    )
    assert json.loads(out)[0]["overall"]["organisation"] == pytest.approx(78.25)
    assert json.loads(adapted)[0]["overall"]["organisation"] == pytest.approx((63.75 + 100) / 2)
    code, _out, _err = score_file(ANSWERS / "valid.csv", "--org-profile", "industry,medium,b2b")
    assert code == 0


def test_a_cp1252_file_from_excel_in_french() -> None:
    code, out, err = score_file(ANSWERS / "excel-fr-cp1252.csv", "--json")
    assert (code, err) == (0, "")
    payload = json.loads(out)
    assert [card["respondent"] for card in payload] == ["Hélène Lefèvre", "Jérôme"]
    assert payload[0]["dimensions"]["strategy"]["score"] == pytest.approx((0 + 40 + 50) / 4)


def test_an_xlsx_file(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["respondent", "s_choice", "s_multi", "s_scale", "v_scale"])
    sheet.append(["alice", "c", "x | y", 5, 10.0])
    path = tmp_path / "forms.xlsx"
    workbook.save(path)
    code, out, err = score_file(path, "--json")
    assert (code, err) == (0, "")
    dimensions = json.loads(out)[0]["dimensions"]
    assert dimensions["strategy"]["score"] == pytest.approx((200 + 80 + 100) / 4)
    assert dimensions["voice"]["score"] == 100


def test_a_shipped_framework_by_its_key(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "respondent,sg_strategy_place,ps_last_update\nalice,integrated,\n")
    code, out, err = run(
        "score", "--framework", "codir-social-maturity", "--answers", str(path), "--json", "--lang", "en"
    )
    assert (code, err) == (0, "")
    card = json.loads(out)[0]
    assert card["dimensions"]["strategy_governance"]["score"] == 100
    assert "ps_last_update" in card["dimensions"]["profile_showcase"]["unanswered"]


def test_scale_cells_written_as_decimals(tmp_path: Path) -> None:
    path = write_csv(tmp_path, 'respondent,s_scale\nalice,4.0\nbob,"3,0"\n')
    code, out, _err = score_file(path, "--json")
    assert code == 0
    assert [c["dimensions"]["strategy"]["score"] for c in json.loads(out)] == [75, 50]


def test_multiple_choices_read_as_the_web_import_reads_them(tmp_path: Path) -> None:
    """One cell rule for the web import and the CLI: Google Forms' ", " and labels too (issue 15)."""
    path = write_csv(tmp_path, 'respondent,s_multi\nalice,"x, y"\nbob,x;y\ncarol,x|y\n')
    code, out, _err = score_file(path, "--json")
    assert code == 0, _err
    scores = [c["dimensions"]["strategy"]["score"] for c in json.loads(out)]
    assert scores[0] == scores[1] == scores[2]


# -- refusals: exit 1, every problem located, nothing on stdout --------------------------------


def test_unknown_columns(tmp_path: Path) -> None:
    expected = "expected “respondent” or a question id of the framework"
    assert refused(tmp_path, "respondent,s_choice,Email,Start time\nalice,a,a@b.c,9:00\n") == [
        f"answers.csv:1: Email: unknown column “Email”: {expected}",
        f"answers.csv:1: Start time: unknown column “Start time”: {expected}",
    ]


def test_missing_respondent_column(tmp_path: Path) -> None:
    assert refused(tmp_path, "name,s_choice\nalice,a\nbob,b\n") == [
        "answers.csv:1: name: unknown column “name”: expected “respondent” or a question id of the framework",
        "answers.csv:1: the column “respondent” is missing",
    ]


def test_bad_options_and_scales_with_their_row_and_column(tmp_path: Path) -> None:
    text = HEADER + "alice,zz,x;w,6,,yes,5,often\nbob,a,x,abc,,no,-1,never\n"
    assert refused(tmp_path, text) == [
        "answers.csv:2: s_choice: “zz” is not an option of question “s_choice”",
        "answers.csv:2: s_multi[1]: “w” is not an option of question “s_multi”",
        "answers.csv:2: s_scale: 6 is outside the scale, which runs from 1 to 5",
        "answers.csv:3: s_scale: expected a whole number, not “abc”",
        "answers.csv:3: v_scale: -1 is outside the scale, which runs from 0 to 10",
    ]


def test_respondents_must_be_named_once(tmp_path: Path) -> None:
    assert refused(tmp_path, "respondent,s_choice\nalice,a\n,b\nalice,zz\n,c\n") == [
        "answers.csv:3: respondent: the respondent is missing",
        "answers.csv:4: s_choice: “zz” is not an option of question “s_choice”",
        "answers.csv:4: respondent: the respondent “alice” already appears on row 2",
        "answers.csv:5: respondent: the respondent is missing",
    ]


def test_a_long_file_is_checked_quickly(tmp_path: Path) -> None:
    body = "".join(f"r{i},b,x;y,{1 + i % 5},,yes,{i % 11},often\n" for i in range(3000))
    path = write_csv(tmp_path, HEADER + body + "r3000,zz,,,,,,\n")
    code, out, err = score_file(path, "--lang", "en")
    assert (code, out) == (1, "")
    assert "answers.csv:3002: s_choice: “zz” is not an option" in err
    code, out, _err = score_file(write_csv(tmp_path, HEADER + body), "--json")
    assert code == 0
    assert len(json.loads(out)) == 3000


def test_a_corrupt_xlsx(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "broken.xlsx"
    path.write_bytes(buffer.getvalue()[:300])
    code, out, err = score_file(path, "--lang", "en")
    assert (code, out) == (1, "")
    assert f"{path}: the file is damaged or is not a real Excel (.xlsx) file" in err


def test_a_missing_answers_file_and_an_invalid_profile(tmp_path: Path) -> None:
    code, out, err = score_file(tmp_path / "none.csv", "--org-profile", "industry,huge", "--lang", "en")
    assert (code, out) == (1, "")
    assert f"{tmp_path}/none.csv: file not found" in err
    assert "--org-profile: expected SECTOR,SIZE,MARKET or SECTOR,SIZE,MARKET,PRIORITY+PRIORITY" in err
    code, _out, err = score_file(
        ANSWERS / "valid.csv", "--org-profile", "industry,huge,b2b,fun", "--lang", "en"
    )
    assert code == 1
    assert "--org-profile.size_band: “huge” is not one of: micro, small" in err
    assert "--org-profile.priorities: “fun” is not one of:" in err


def test_unknown_or_invalid_frameworks() -> None:
    code, out, err = run(
        "score", "--framework", "nope", "--answers", str(ANSWERS / "valid.csv"), "--lang", "en"
    )
    assert (code, out) == (1, "")
    assert "--framework: no framework “nope”: give a YAML file or one of: codir-social-maturity" in err
    broken = str(ANSWERS.parent / "frameworks" / "broken.yaml")
    code, out, err = run(
        "score", "--framework", broken, "--answers", str(ANSWERS / "valid.csv"), "--lang", "en"
    )
    assert (code, out) == (1, "")
    assert "18 problems" in err
    code, _out, err = run("score", "--framework", "/none.yaml", "--answers", str(ANSWERS / "valid.csv"))
    assert code == 1
    assert "/none.yaml: fichier introuvable" in err


def test_problems_in_french(tmp_path: Path) -> None:
    code, out, err = score_file(write_csv(tmp_path, "respondent,s_choice\nalice,a\n,b\n"))
    assert (code, out) == (1, "")
    assert "1 problème" in err


def test_console_script_runs_without_a_database(tmp_path: Path) -> None:
    """The real ``portevoix`` executable scores a file with no database set up at all."""
    env = {
        **os.environ,
        "PORTEVOIX_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/none.sqlite3",
    }
    script = Path(sys.executable).with_name("portevoix")
    command = [str(script), "assess", "score", "--framework", FRAMEWORK, "--answers"]
    result = subprocess.run(
        [*command, str(ANSWERS / "valid.csv"), "--json"], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["respondent"] == "alice"
    assert not (tmp_path / "none.sqlite3").exists()
