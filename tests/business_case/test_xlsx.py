"""The Excel export recomputes what the core computes: its formulas are evaluated here by a small
interpreter of the few Excel functions the export writes (no spreadsheet program needed)."""

from __future__ import annotations

import io
import math
import re
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from portevoix.business_case.views import xlsx_titles
from portevoix.business_case.xlsx import case_workbook
from portevoix.core.roi import evaluate_plan, load_case_file, shipped_templates
from tests.conftest import DATA_DIR

TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<ref>(?:'[^']+'!)?\$?[A-Z]{1,2}\$?\d+(?::\$?[A-Z]{1,2}\$?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<str>\"[^\"]*\")|(?P<op>[-+*/^(),=]))"
)


class Sheets:
    def __init__(self, book: Any) -> None:
        self.book = book
        self.names = {name: value.attr_text for name, value in book.defined_names.items()}
        self.cache: dict[tuple[str, str], float] = {}

    def cell(self, sheet: str, ref: str) -> float:
        key = (sheet, ref.replace("$", ""))
        if key not in self.cache:
            value = self.book[sheet][key[1]].value
            self.cache[key] = (
                self.formula(value[1:], sheet)
                if isinstance(value, str) and value.startswith("=")
                else float(value or 0)
            )
        return self.cache[key]

    def formula(self, text: str, sheet: str) -> float:
        tokens = [(m.lastgroup, m.group(m.lastgroup or "")) for m in TOKEN.finditer(text)]
        assert "".join(t for _k, t in tokens).replace(" ", "") == text.replace(" ", "")
        position = 0

        def peek() -> tuple[str | None, str]:
            return tokens[position] if position < len(tokens) else (None, "")

        def take() -> tuple[str | None, str]:
            nonlocal position
            position += 1
            return tokens[position - 1]

        def compare() -> Any:
            left = expression()
            if peek()[1] == "=":
                take()
                return left == expression()
            return left

        def expression() -> Any:
            value = term()
            while peek()[1] in ("+", "-"):
                value = value + term() if take()[1] == "+" else value - term()
            return value

        def term() -> Any:
            value = power()
            while peek()[1] in ("*", "/"):
                value = value * power() if take()[1] == "*" else value / power()
            return value

        def power() -> Any:
            value = unary()
            while peek()[1] == "^":
                take()
                value = value ** unary()
            return value

        def unary() -> Any:
            if peek()[1] == "-":
                take()
                return -unary()
            return atom()

        def reference(ref: str) -> Any:
            where = sheet
            if "!" in ref:
                where, ref = ref.split("!")
                where = where.strip("'")
            if ":" in ref:
                start, end = (r.replace("$", "") for r in ref.split(":"))
                return [self.cell(where, c.coordinate) for row in self.book[where][start:end] for c in row]
            return self.cell(where, ref)

        def atom() -> Any:
            kind, text_ = take()
            if kind == "num":
                return float(text_)
            if kind == "str":
                return text_.strip('"')
            if kind == "ref":
                return reference(text_)
            if kind == "name" and peek()[1] == "(":
                take()
                args = [compare()]
                while peek()[1] == ",":
                    take()
                    args.append(compare())
                take()
                flat = [x for a in args for x in (a if isinstance(a, list) else [a])]
                return {
                    "MIN": lambda: min(flat),
                    "MAX": lambda: max(flat),
                    "ABS": lambda: abs(flat[0]),
                    "SUM": lambda: sum(flat),
                    "IF": lambda: args[1] if args[0] else args[2],
                }[text_]()
            if kind == "name":
                return reference(self.names[text_])
            assert kind == "op", text_
            assert text_ == "(", text_
            value = compare()
            take()
            return value

        result = compare()
        assert position == len(tokens)
        return float(result)


def _summary(book: Any, label: str) -> float:
    flows = book.worksheets[1]
    row = [r for r in flows.iter_rows() if r[0].value == label][-1]  # the summary, under the flows
    return Sheets(book).cell(flows.title, row[3].coordinate)


@pytest.mark.parametrize(
    "name", ["forrester", "social_selling", "employer_brand", "executive_visibility", "acculturation"]
)
def test_excel_formulas_give_the_same_npv_and_roi(name: str) -> None:
    if name == "forrester":
        case = load_case_file(DATA_DIR / "roi" / "forrester.yaml").case
    else:
        case = shipped_templates()[name]
    assert case is not None
    titles = {key: str(value) for key, value in xlsx_titles().items()}
    book = load_workbook(io.BytesIO(case_workbook(case, language="fr", titles=titles)))
    evaluation = evaluate_plan(case)
    assert _summary(book, titles["npv"]) == pytest.approx(float(evaluation.npv), abs=0.01)
    assert _summary(book, titles["pv_costs"]) == pytest.approx(float(evaluation.pv_costs), abs=0.01)
    roi = _summary(book, titles["roi"])
    assert evaluation.roi is not None
    assert math.isclose(roi, float(evaluation.roi), abs_tol=1e-9)
    if name == "forrester":
        assert round(Decimal(roi) * 100) == 66
