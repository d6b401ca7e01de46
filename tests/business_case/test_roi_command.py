"""``portevoix roi evaluate`` and ``portevoix roi templates``, without a database."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import DATA_DIR

FORRESTER = str(DATA_DIR / "roi" / "forrester.yaml")


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("roi", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_evaluate_json_has_the_keys_of_the_issue() -> None:
    code, out, _err = run("evaluate", FORRESTER, "--simulations", "2000", "--seed", "5", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["pv_benefits"] == 37302.78
    assert report["pv_costs"] == 22434.26
    assert report["npv"] == 14868.52
    assert round(report["roi"], 2) == 0.66
    assert report["payback_months"] == 12
    assert [p["net"] for p in report["periods"]] == [-10000, 10000, 10000, 10000]
    for key in ("npv_p10", "npv_p50", "npv_p90", "roi_p10", "roi_p50", "roi_p90", "probability_roi_positive"):
        assert key in report
    assert report["simulations"] == 2000
    assert report["seed"] == 5


def test_the_same_seed_gives_the_same_percentiles() -> None:
    first = json.loads(run("evaluate", "social_selling", "--simulations", "3000", "--seed", "9", "--json")[1])
    again = json.loads(run("evaluate", "social_selling", "--simulations", "3000", "--seed", "9", "--json")[1])
    assert first["npv_p50"] == again["npv_p50"]
    assert first["npv_p10"] < first["npv_p50"] < first["npv_p90"]


def test_without_simulations_there_are_no_percentiles() -> None:
    report = json.loads(run("evaluate", FORRESTER, "--json")[1])
    assert "npv_p10" not in report


def test_text_output_in_english() -> None:
    code, out, _err = run("evaluate", FORRESTER, "--lang", "en")
    assert code == 0
    assert "ROI: 66.3%" in out
    assert "Payback: 12 months" in out


def test_text_output_in_french() -> None:
    _code, out, _err = run("evaluate", FORRESTER)
    assert "Délai de récupération: 12 mois" in out


def test_bad_file_prints_every_located_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\nname: {fr: a, en: a}\ndiscount_rate: -0.1\n"
        'inputs:\n  - {id: a, label: {fr: a, en: a}, formula: "a + 1"}\n'
        "costs:\n  - {id: c, label: {fr: a, en: a}, years: [1, 2]}\n",
        encoding="utf-8",
    )
    code, out, err = run("evaluate", str(bad), "--lang", "en", "--json")
    assert code == 1
    assert out == ""
    assert f"{bad}:3: discount_rate: must be at least 0" in err


def test_semantic_problems_too(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\nname: {fr: a, en: a}\n"
        'inputs:\n  - {id: a, label: {fr: a, en: a}, formula: "a + 1"}\n'
        "costs:\n  - {id: c, label: {fr: a, en: a}, years: [1, 2]}\n",
        encoding="utf-8",
    )
    code, _out, err = run("evaluate", str(bad), "--lang", "en")
    assert code == 1
    assert "2 problems" in err
    assert f"{bad}:4: inputs[0].formula: these formulas depend on each other in a circle: a → a" in err
    assert f"{bad}:6: costs[0].years: 2 yearly amounts are given" in err


@pytest.mark.parametrize("draws", ["0", "2000000"])
def test_simulations_out_of_range(draws: str) -> None:
    code, _out, err = run("evaluate", FORRESTER, "--simulations", draws, "--lang", "en")
    assert code == 1
    assert "--simulations" in err


def test_a_missing_file() -> None:
    code, _out, err = run("evaluate", "nowhere.yaml", "--lang", "en")
    assert code == 1
    assert "nowhere.yaml: file not found" in err


def test_templates() -> None:
    code, out, _err = run("templates", "--json", "--lang", "en")
    rows = json.loads(out)
    assert code == 0
    assert [row["id"] for row in rows] == [
        "acculturation",
        "employer_brand",
        "executive_visibility",
        "social_selling",
    ]
    assert rows[3]["name"] == "Social selling for a B2B sales team"
    assert all(Path(row["file"]).is_file() for row in rows)
