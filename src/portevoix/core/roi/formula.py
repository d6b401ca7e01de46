"""A small, safe formula language for business-case drivers (never ``eval``).

Grammar (recursive descent)::

    expression := term (("+" | "-") term)*
    term       := factor (("*" | "×" | "/" | "÷") factor)*
    factor     := ("-" | "+") factor | atom
    atom       := NUMBER | NAME | NAME "(" expression ("," expression)* ")" | "(" expression ")"

Numbers are written with a dot (``0.25``) and may use ``_`` between digits (``10_000``). Names are
input ids (lowercase letters, digits, underscores). The only functions are ``min``, ``max`` and
``abs``. A formula is parsed once into a tree, then evaluated on Decimals (the plan) or on NumPy
arrays (Monte Carlo draws) by the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

FUNCTIONS = ("min", "max", "abs")
MAX_LENGTH = 2000
MAX_DEPTH = 60
# A literal beyond 10^±100 is a typo or an attack (1e999999999 overflows the first product); no
# business figure comes near it.
MAX_EXPONENT = 100


class FormulaError(Exception):
    """A formula that cannot be read: ``reason`` is a code of :data:`REASONS`, ``position`` 1-based."""

    def __init__(self, reason: str, position: int, token: str = "") -> None:
        super().__init__(f"{reason} at {position}")
        self.reason = reason
        self.position = position
        self.token = token


class DivisionByZero(Exception):
    pass


@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    function: str
    arguments: tuple[Node, ...]


Node = Number | Name | Unary | Binary | Call

_ALIASES = {"×": "*", "÷": "/", "−": "-"}


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """``(kind, text, position)`` with kind one of num, name, op, end."""
    tokens: list[tuple[str, str, int]] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
            continue
        start = i
        if char.isdigit() or (char == "." and i + 1 < len(text) and text[i + 1].isdigit()):
            while i < len(text) and (text[i].isdigit() or text[i] in "._"):
                i += 1
            if i < len(text) and text[i] in "eE":
                j = i + 1
                if j < len(text) and text[j] in "+-":
                    j += 1
                if j < len(text) and text[j].isdigit():
                    i = j
                    while i < len(text) and text[i].isdigit():
                        i += 1
            raw = text[start:i]
            if raw.count(".") > 1 or raw.endswith("_") or "_." in raw or "._" in raw:
                raise FormulaError("bad_number", start + 1, raw)
            tokens.append(("num", raw.replace("_", ""), start + 1))
            continue
        if char.isascii() and (char.isalpha() or char == "_"):
            while i < len(text) and text[i].isascii() and (text[i].isalnum() or text[i] == "_"):
                i += 1
            tokens.append(("name", text[start:i], start + 1))
            continue
        symbol = _ALIASES.get(char, char)
        if symbol in "+-*/(),":
            tokens.append(("op", symbol, start + 1))
            i += 1
            continue
        raise FormulaError("unexpected_character", start + 1, char)
    tokens.append(("end", "", len(text) + 1))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.index = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.index]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, symbol: str) -> None:
        kind, text, position = self.take()
        if kind != "op" or text != symbol:
            raise FormulaError("expected_symbol" if kind != "end" else "unexpected_end", position, symbol)

    def expression(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError("too_deep", self.peek()[2])
        node = self.term()
        while self.peek()[0] == "op" and self.peek()[1] in "+-":
            op = self.take()[1]
            node = Binary(op, node, self.term())
        self.depth -= 1
        return node

    def term(self) -> Node:
        node = self.factor()
        while self.peek()[0] == "op" and self.peek()[1] in "*/":
            op = self.take()[1]
            node = Binary(op, node, self.factor())
        return node

    def factor(self) -> Node:
        kind, text, _position = self.peek()
        if kind == "op" and text in "+-":
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise FormulaError("too_deep", self.peek()[2])
            operand = self.factor()
            self.depth -= 1
            return Unary(text, operand)
        return self.atom()

    def atom(self) -> Node:
        kind, text, position = self.take()
        if kind == "num":
            try:
                value = Decimal(text)
            except ArithmeticError:
                raise FormulaError("bad_number", position, text) from None
            if value and abs(value.adjusted()) > MAX_EXPONENT:
                raise FormulaError("number_out_of_range", position, text)
            return Number(value)
        if kind == "name":
            if self.peek()[0] == "op" and self.peek()[1] == "(":
                if text not in FUNCTIONS:
                    raise FormulaError("unknown_function", position, text)
                self.take()
                arguments = [self.expression()]
                while self.peek()[0] == "op" and self.peek()[1] == ",":
                    self.take()
                    arguments.append(self.expression())
                self.expect(")")
                if text == "abs" and len(arguments) != 1:
                    raise FormulaError("wrong_arguments", position, text)
                if text in ("min", "max") and len(arguments) < 2:
                    raise FormulaError("wrong_arguments", position, text)
                return Call(text, tuple(arguments))
            return Name(text)
        if kind == "op" and text == "(":
            node = self.expression()
            self.expect(")")
            return node
        if kind == "end":
            raise FormulaError("unexpected_end", position)
        raise FormulaError("unexpected_token", position, text)


def parse(text: str) -> Node:
    """The tree of ``text``, or :class:`FormulaError` saying what and where (1-based column)."""
    if len(text) > MAX_LENGTH:
        raise FormulaError("too_long", MAX_LENGTH)
    if not text.strip():
        raise FormulaError("empty", 1)
    parser = _Parser(text)
    node = parser.expression()
    kind, token, position = parser.peek()
    if kind != "end":
        raise FormulaError("unexpected_token", position, token)
    return node


def names(node: Node) -> set[str]:
    """Every name a formula refers to."""
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Unary):
        return names(node.operand)
    if isinstance(node, Binary):
        return names(node.left) | names(node.right)
    if isinstance(node, Call):
        found: set[str] = set()
        for argument in node.arguments:
            found |= names(argument)
        return found
    return set()


def _is_zero(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return bool(np.any(value == 0))
    return bool(value == 0)


def _minimum(values: list[Any]) -> Any:
    if any(isinstance(v, np.ndarray) for v in values):
        result = values[0]
        for value in values[1:]:
            result = np.minimum(result, value)
        return result
    return min(values)


def _maximum(values: list[Any]) -> Any:
    if any(isinstance(v, np.ndarray) for v in values):
        result = values[0]
        for value in values[1:]:
            result = np.maximum(result, value)
        return result
    return max(values)


def evaluate(node: Node, env: Mapping[str, Any], const: Callable[[Decimal], Any] = lambda d: d) -> Any:
    """The value of ``node`` with names from ``env`` (Decimals, floats or arrays of draws).

    ``const`` turns literal numbers into the type of the values (``float`` for simulations).
    Raises :class:`DivisionByZero` (for arrays: when any draw divides by zero) and ``KeyError``
    for a name missing from ``env``.
    """
    if isinstance(node, Number):
        return const(node.value)
    if isinstance(node, Name):
        return env[node.name]
    if isinstance(node, Unary):
        value = evaluate(node.operand, env, const)
        return -value if node.op == "-" else value
    if isinstance(node, Binary):
        left = evaluate(node.left, env, const)
        right = evaluate(node.right, env, const)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        if _is_zero(right):
            raise DivisionByZero
        return left / right
    arguments = [evaluate(argument, env, const) for argument in node.arguments]
    if node.function == "abs":
        return abs(arguments[0])
    if node.function == "min":
        return _minimum(arguments)
    return _maximum(arguments)
