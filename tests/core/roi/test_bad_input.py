"""Every bad input of the issue gets a clear error located by file, line and key path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from portevoix.core.errors import Problem
from portevoix.core.roi import load_case_file, load_case_text, simulate
from portevoix.core.roi.model import CaseError

HEAD = """\
id: broken
name: {fr: "Cas", en: "Case"}
"""


def problems(body: str) -> list[Problem]:
    result = load_case_text(HEAD + textwrap.dedent(body), source="case.yaml")
    assert result.case is None
    assert result.problems
    return result.problems


def only(body: str) -> Problem:
    found = problems(body)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_division_by_zero() -> None:
    problem = only(
        """\
        inputs:
          - {id: hires, label: {fr: a, en: a}, value: 0}
        costs:
          - id: fee
            label: {fr: a, en: a}
            formula: "1000 / hires"
        """
    )
    assert problem.code == "division_by_zero"
    assert problem.location == "case.yaml:8: costs[0].formula"
    assert "1000 / hires" in problem.message()


def _case_dividing_by(distribution: str) -> str:
    return (
        HEAD
        + f"inputs:\n  - {{id: x, label: {{fr: a, en: a}}, value: 1.5, distribution: {distribution}}}\n"
        + 'costs:\n  - {id: c, label: {fr: a, en: a}, formula: "1 / max(x - 1, 0)"}\n'
    )


def test_division_by_zero_in_simulated_draws() -> None:
    # the plan (x = 1.5) is fine; about half of the draws below 1 divide by zero
    case = load_case_text(
        _case_dividing_by("{kind: triangular, min: 0, mode: 1.5, max: 2}"), source="c.yaml"
    ).case
    assert case is not None
    with pytest.raises(CaseError) as error:
        simulate(case, draws=1000, seed=1)
    assert error.value.problem.code == "division_by_zero_draw"
    assert error.value.problem.location == "c.yaml: costs[0].formula"
    # draws that never reach 1 never divide by zero
    safe = load_case_text(_case_dividing_by("{kind: uniform, min: 1.1, max: 2}"), source="c.yaml").case
    assert safe is not None
    assert simulate(safe, draws=1000, seed=1).draws == 1000


def test_negative_discount_rate() -> None:
    problem = only(
        """\
        discount_rate: -0.05
        costs:
          - {id: c, label: {fr: a, en: a}, years: [1, 1, 1]}
        """
    )
    assert problem.location == "case.yaml:3: discount_rate"
    assert problem.message() == "must be at least 0"


def test_negative_risk_adjustment() -> None:
    problem = only(
        """\
        costs:
          - {id: c, label: {fr: a, en: a}, years: [1, 1, 1], risk: -0.2}
        """
    )
    assert problem.path == ("costs", 0, "risk")


def test_unknown_input_names_are_named() -> None:
    found = problems(
        """\
        inputs:
          - {id: leads, label: {fr: a, en: a}, value: 10}
          - {id: deals, label: {fr: a, en: a}, formula: "leads * conversoin"}
        benefits:
          - {id: b, label: {fr: a, en: a}, formula: "deals * margn"}
        costs:
          - {id: c, label: {fr: a, en: a}, years: [1, 1, 1]}
        """
    )
    assert [(p.code, p.params["name"], p.location) for p in found] == [
        ("unknown_name", "conversoin", "case.yaml:5: inputs[1].formula"),
        ("unknown_name", "margn", "case.yaml:7: benefits[0].formula"),
    ]
    assert "“conversoin”" in found[0].message()
    assert "known: deals, leads" in found[0].message()


def test_circular_formulas_report_the_cycle() -> None:
    problem = only(
        """\
        inputs:
          - {id: a, label: {fr: a, en: a}, formula: "b + 1"}
          - {id: b, label: {fr: a, en: a}, formula: "c * 2"}
          - {id: c, label: {fr: a, en: a}, formula: "a / 3"}
          - {id: d, label: {fr: a, en: a}, value: 1}
        costs:
          - {id: cost, label: {fr: a, en: a}, formula: "a + d"}
        """
    )
    assert problem.code == "formula_cycle"
    assert problem.params["cycle"] == "a → b → c → a"
    assert problem.location == "case.yaml:4: inputs[0].formula"


def test_a_formula_that_uses_itself_is_a_cycle() -> None:
    problem = only(
        """\
        inputs:
          - {id: a, label: {fr: a, en: a}, formula: "a + 1"}
        costs:
          - {id: cost, label: {fr: a, en: a}, formula: "a"}
        """
    )
    assert problem.params["cycle"] == "a → a"


def test_distribution_min_above_max() -> None:
    problem = only(
        """\
        inputs:
          - id: uplift
            label: {fr: a, en: a}
            value: 0.2
            distribution: {kind: triangular, min: 0.5, mode: 0.2, max: 0.1}
        costs:
          - {id: c, label: {fr: a, en: a}, formula: "uplift"}
        """
    )
    assert problem.code == "distribution_min_above_max"
    assert problem.location == "case.yaml:7: inputs[0].distribution.min"
    assert problem.message() == "the minimum (0.5) is above the maximum (0.1)"


@pytest.mark.parametrize(
    ("distribution", "code"),
    [
        ("{kind: triangular, min: 1, max: 3}", "distribution_parameter_missing"),
        ("{kind: uniform, min: 1, mode: 2, max: 3}", "distribution_parameter_unused"),
        ("{kind: pert, min: 1, mode: 5, max: 3}", "distribution_mode_outside"),
        ("{kind: uniform, min: 2, max: 2}", "distribution_empty"),
        ("{kind: normal, mean: 2, sd: 0}", "value_not_positive"),
        ("{kind: uniform, min: 5, max: 9}", "value_outside_distribution"),
        ("{kind: lognormal, min: 1, max: 3}", "invalid_choice"),
    ],
)
def test_other_bad_distributions(distribution: str, code: str) -> None:
    problem = only(
        f"""\
        inputs:
          - {{id: x, label: {{fr: a, en: a}}, value: 2, distribution: {distribution}}}
        costs:
          - {{id: c, label: {{fr: a, en: a}}, formula: "x"}}
        """
    )
    assert problem.code == code
    assert problem.line == 4


def test_horizon_that_does_not_match_the_amounts() -> None:
    problem = only(
        """\
        horizon_years: 3
        benefits:
          - id: b
            label: {fr: a, en: a}
            years: [1000, 2000]
        costs:
          - {id: c, label: {fr: a, en: a}, years: [1, 1, 1]}
        """
    )
    assert problem.code == "horizon_mismatch"
    assert problem.location == "case.yaml:7: benefits[0].years"
    assert (
        problem.message()
        == "2 yearly amounts are given, but the horizon is 3 years: give one amount per year"
    )


def test_formula_syntax_is_located_and_explained() -> None:
    problem = only(
        """\
        costs:
          - {id: c, label: {fr: a, en: a}, formula: "2 * (3 + 4"}
        """
    )
    assert problem.code == "formula_syntax"
    assert problem.location == "case.yaml:4: costs[0].formula"
    assert (
        problem.message()
        == "the formula “2 * (3 + 4” cannot be read at character 11 (the formula ends too early)"
    )


def test_no_python_is_ever_evaluated(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    problem = only(
        f"""\
        costs:
          - {{id: c, label: {{fr: a, en: a}}, formula: "__import__('pathlib').Path('{marker}').touch()"}}
        """
    )
    assert problem.code == "formula_syntax"
    assert not marker.exists()


def test_structure_errors_are_all_reported_with_lines() -> None:
    found = problems(
        """\
        currency: EURO
        horizon_years: 0
        inputs:
          - {id: x, label: {fr: a}, value: 1, colour: red}
        costs: []
        """
    )
    codes = {(p.code, p.line) for p in found}
    assert ("invalid_choice", 3) in codes
    assert ("value_too_small", 4) in codes
    assert ("missing_translation", 6) in codes
    assert ("unknown_key", 6) in codes
    assert ("list_too_short", 7) in codes


def test_value_and_formula_are_exclusive_and_years_and_formula_too() -> None:
    found = problems(
        """\
        inputs:
          - {id: x, label: {fr: a, en: a}, value: 1, formula: "2"}
          - {id: y, label: {fr: a, en: a}}
        costs:
          - {id: c, label: {fr: a, en: a}, years: [1, 1, 1], formula: "1"}
          - {id: c, label: {fr: a, en: a}, years: [1, 1, 1]}
        """
    )
    assert [p.code for p in found] == [
        "input_value_or_formula",
        "input_value_or_formula",
        "line_years_or_formula",
        "duplicate_line",
    ]


def test_a_missing_file_and_bad_yaml() -> None:
    missing = load_case_file(Path("/nonexistent/case.yaml"), display_name="case.yaml")
    assert missing.problems[0].code == "file_not_found"
    broken = load_case_text("id: [unclosed\n", source="case.yaml")
    assert broken.problems[0].code == "yaml_syntax"
    assert broken.problems[0].file == "case.yaml"


def test_a_bad_standalone_key_does_not_hide_the_other_problems() -> None:
    found = problems(
        """\
        discount_rate: -0.1
        inputs:
          - {id: a, label: {fr: a, en: a}, formula: "b + 1"}
        costs:
          - {id: c, label: {fr: a, en: a}, years: [1, 2]}
        """
    )
    assert [p.code for p in found] == ["value_too_small", "unknown_name", "horizon_mismatch"]


def test_infinite_numbers_are_refused() -> None:
    problem = only(
        """\
        costs:
          - {id: c, label: {fr: a, en: a}, years: [1, 1, 1]}
        discount_rate: .nan
        """
    )
    assert problem.location == "case.yaml:5: discount_rate"
    assert problem.message() == "expected a finite number"


def test_an_amount_that_is_neither_a_number_nor_a_formula() -> None:
    found = problems(
        """\
        costs:
          - {id: c, label: {fr: a, en: a}, years: [true, 1, .inf]}
        """
    )
    assert [p.render() for p in found] == [
        "case.yaml:4: costs[0].years[0]: expected a number or a formula in quotes",
        "case.yaml:4: costs[0].years[2]: expected a number or a formula in quotes",
    ]
