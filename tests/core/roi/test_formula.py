"""The formula language: precedence, functions, located syntax errors, nothing but arithmetic."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portevoix.core.roi import formula as fx


def value(text: str, **env: Decimal) -> Decimal:
    result: Decimal = fx.evaluate(fx.parse(text), env)
    return result


def test_precedence_parentheses_and_unary_minus() -> None:
    assert value("1 + 2 * 3") == 7
    assert value("(1 + 2) * 3") == 9
    assert value("-2 * -3") == 6
    assert value("10 - 4 - 3") == 3  # left to right
    assert value("12 / 4 / 3") == 1
    assert value("- (2 + 3)") == -5


def test_names_functions_and_french_symbols() -> None:
    env = {"leads": Decimal(120), "conversion": Decimal("0.25"), "margin": Decimal(8000)}
    assert value("leads × conversion × margin", **env) == 240_000
    assert value("leads ÷ 4", **env) == 30
    assert value("min(leads, 100) + max(1, 2, 3) + abs(-4)", **env) == 107
    assert value("10_000 * 1.5e2") == 1_500_000


def test_it_evaluates_arrays_of_draws() -> None:
    node = fx.parse("max(a, 2) * 3 - min(a, 1)")
    result = fx.evaluate(node, {"a": np.array([0.0, 5.0])}, float)
    assert result.tolist() == [6.0, 14.0]


def test_division_by_zero_is_reported() -> None:
    with pytest.raises(fx.DivisionByZero):
        value("1 / (a - a)", a=Decimal(3))
    with pytest.raises(fx.DivisionByZero):
        fx.evaluate(fx.parse("1 / a"), {"a": np.array([1.0, 0.0])}, float)


@pytest.mark.parametrize(
    ("text", "reason", "position"),
    [
        ("1 +", "unexpected_end", 4),
        ("(1 + 2", "unexpected_end", 7),
        ("2 ** 3", "unexpected_token", 4),
        ("a b", "unexpected_token", 3),
        ("1.2.3", "bad_number", 1),
        ("a.b", "unexpected_character", 2),
        ("__import__('os')", "unexpected_character", 12),
        ("__import__(os)", "unknown_function", 1),
        ("open(1)", "unknown_function", 1),
        ("x[0]", "unexpected_character", 2),
        ("abs(1, 2)", "wrong_arguments", 1),
        ("min(1)", "wrong_arguments", 1),
        ("lambda: 1", "unexpected_character", 7),
        ("", "empty", 1),
        ("2 ^ 3", "unexpected_character", 3),
    ],
)
def test_syntax_errors_say_what_and_where(text: str, reason: str, position: int) -> None:
    with pytest.raises(fx.FormulaError) as error:
        fx.parse(text)
    assert error.value.reason == reason
    assert error.value.position == position


def test_nesting_is_bounded() -> None:
    with pytest.raises(fx.FormulaError) as error:
        fx.parse("(" * 500 + "1" + ")" * 500)
    assert error.value.reason == "too_deep"
    with pytest.raises(fx.FormulaError):
        fx.parse("-" * 500 + "1")


def test_names_lists_every_name_once() -> None:
    assert fx.names(fx.parse("a * b + min(a, c) / 2")) == {"a", "b", "c"}


# Property: any expression tree, printed with parentheses, parses back to the same value.
Tree = int | tuple[str, "Tree", "Tree"]
leaves = st.integers(min_value=0, max_value=1000)
trees = st.recursive(
    leaves, lambda children: st.tuples(st.sampled_from("+-*/"), children, children), max_leaves=12
)


def _render(tree: Tree) -> str:
    if isinstance(tree, int):
        return str(tree)
    op, left, right = tree
    return f"({_render(left)} {op} {_render(right)})"


def _exact(tree: Tree) -> Fraction | None:
    if isinstance(tree, int):
        return Fraction(tree)
    op, left, right = tree
    a, b = _exact(left), _exact(right)
    if a is None or b is None:
        return None
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return None if b == 0 else a / b


@given(trees)
def test_printed_trees_parse_back_to_their_value(tree: Tree) -> None:
    expected = _exact(tree)
    node = fx.parse(_render(tree))
    if expected is None:
        with pytest.raises(fx.DivisionByZero):
            fx.evaluate(node, {})
        return
    result = fx.evaluate(node, {})
    assert abs(Fraction(result) - expected) <= abs(expected) * Fraction(1, 10**20) + Fraction(1, 10**20)
