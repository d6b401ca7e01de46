"""The business case as an Excel workbook whose numbers are formulas a finance team can audit.

Sheet "Inputs": one row per input, its planned value (or, for a computed input that does not
change with the year, its formula), each cell named ``in_<id>``; the discount rate is named
``discount_rate``. Sheet "Flows": one column per period; computed inputs that change with the
year, each line's amounts (Excel formulas over the named inputs), the risk-adjusted amounts,
totals, discount factors and present values; then PV(benefits), PV(costs), NPV, ROI.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

from portevoix.core.cells import CellValue, SheetFormula, append_row, set_cell, sheet_title
from portevoix.core.i18n import pick
from portevoix.core.roi import BusinessCase
from portevoix.core.roi import formula as fx
from portevoix.core.roi.model import YEAR, Formula

BOLD = Font(bold=True)
FIRST_PERIOD_COLUMN = 4  # D


def _name(input_id: str) -> str:
    return f"in_{input_id}"


def _depends_on_year(case: BusinessCase, input_id: str, seen: set[str] | None = None) -> bool:
    item = case.inputs[input_id]
    if item.formula is None:
        return False
    seen = seen or set()
    for name in item.formula.names:
        if name == YEAR:
            return True
        if name in case.inputs and name not in seen and _depends_on_year(case, name, seen | {input_id}):
            return True
    return False


def _excel(node: fx.Node, refs: dict[str, str]) -> str:
    if isinstance(node, fx.Number):
        return format(node.value, "f")
    if isinstance(node, fx.Name):
        return refs[node.name]
    if isinstance(node, fx.Unary):
        return f"{node.op}{_excel(node.operand, refs)}"
    if isinstance(node, fx.Binary):
        return f"({_excel(node.left, refs)}{node.op}{_excel(node.right, refs)})"
    arguments = ",".join(_excel(argument, refs) for argument in node.arguments)
    return f"{node.function.upper()}({arguments})"


def case_workbook(case: BusinessCase, *, language: str, titles: dict[str, str]) -> bytes:
    """``titles``: translated headings (keys: inputs, flows, id, label, value, unit, source,
    discount_rate, period, initial, year, risk, adjusted, benefits, costs, net, factor, pv_benefits,
    pv_costs, npv, roi, kind_benefit, kind_cost)."""
    book = Workbook()
    inputs = book.active
    assert inputs is not None
    inputs.title = sheet_title(titles["inputs"])
    append_row(inputs, [titles["id"], titles["label"], titles["value"], titles["unit"], titles["source"]])
    for cell in inputs[1]:
        cell.font = BOLD
    append_row(inputs, ["discount_rate", titles["discount_rate"], float(case.rate), "fraction", ""])
    sheet_ref = f"'{inputs.title}'"
    book.defined_names["discount_rate"] = DefinedName("discount_rate", attr_text=f"{sheet_ref}!$C$2")
    row = 3
    static_refs = {name: _name(name) for name in case.inputs}
    yearly = [name for name in case.order if _depends_on_year(case, name)]
    for name, item in case.inputs.items():
        label = pick(item.spec.label.model_dump(), language)
        if item.formula is not None and name in yearly:
            value: CellValue = "→ " + titles["flows"]
        elif item.formula is not None:
            value = SheetFormula("=" + _excel(item.formula.node, static_refs))
        else:
            value = float(item.value) if item.value is not None else None
        append_row(inputs, [name, label, value, item.spec.unit, item.spec.source or ""])
        if name not in yearly:
            book.defined_names[_name(name)] = DefinedName(_name(name), attr_text=f"{sheet_ref}!$C${row}")
        row += 1
    inputs.column_dimensions["A"].width = 26
    inputs.column_dimensions["B"].width = 60
    inputs.column_dimensions["C"].width = 16
    inputs.column_dimensions["E"].width = 50

    flows = book.create_sheet(sheet_title(titles["flows"]))
    periods = list(case.periods)
    columns = [get_column_letter(FIRST_PERIOD_COLUMN + p) for p in periods]
    header: list[CellValue] = [titles["label"], "", titles["risk"]]
    append_row(flows, header + [titles["initial"] if p == 0 else titles["year"] % {"n": p} for p in periods])
    append_row(flows, [titles["period"], "", "", *periods])  # row 2: the period number (year)
    for cell in flows[1]:
        cell.font = BOLD
    current = 3
    yearly_rows: dict[str, int] = {}
    for name in yearly:
        yearly_rows[name] = current
        current += 1

    def refs_for(column: str) -> dict[str, str]:
        refs = dict(static_refs)
        refs[YEAR] = f"{column}$2"
        for name, at in yearly_rows.items():
            refs[name] = f"{column}{at}"
        return refs

    for name in yearly:
        item = case.inputs[name]
        assert item.formula is not None
        label = pick(item.spec.label.model_dump(), language)
        append_row(
            flows,
            [label, name, ""]
            + [SheetFormula("=" + _excel(item.formula.node, refs_for(column))) for column in columns],
        )
    adjusted_rows: dict[str, list[int]] = {"benefit": [], "cost": []}
    for line in case.lines:
        label = pick(line.spec.label.model_dump(), language)
        raw_row = flows.max_row + 1
        cells: list[CellValue] = []
        for period, column in zip(periods, columns, strict=True):
            amount = line.amounts[period]
            cells.append(
                SheetFormula("=" + _excel(amount.node, refs_for(column)))
                if isinstance(amount, Formula)
                else float(amount)
            )
        kind = titles["kind_benefit"] if line.kind == "benefit" else titles["kind_cost"]
        append_row(flows, [label, kind, float(line.risk), *cells])
        sign = "-" if line.kind == "benefit" else "+"
        append_row(
            flows,
            [f"{label} ({titles['adjusted']})", kind, ""]
            + [SheetFormula(f"={column}{raw_row}*(1{sign}$C${raw_row})") for column in columns],
        )
        adjusted_rows[line.kind].append(raw_row + 1)

    def total(kind: str, column: str) -> SheetFormula:
        rows = adjusted_rows[kind]
        return SheetFormula("=" + ("+".join(f"{column}{r}" for r in rows) if rows else "0"))

    def totals(label: str, formulas: list[SheetFormula]) -> None:
        append_row(flows, [label, "", "", *formulas])

    benefits_row = flows.max_row + 1
    totals(titles["benefits"], [total("benefit", c) for c in columns])
    totals(titles["costs"], [total("cost", c) for c in columns])
    totals(titles["net"], [SheetFormula(f"={c}{benefits_row}-{c}{benefits_row + 1}") for c in columns])
    factor_row = benefits_row + 3
    totals(titles["factor"], [SheetFormula(f"=1/(1+discount_rate)^{c}$2") for c in columns])
    totals(titles["pv_benefits"], [SheetFormula(f"={c}{benefits_row}*{c}{factor_row}") for c in columns])
    totals(titles["pv_costs"], [SheetFormula(f"={c}{benefits_row + 1}*{c}{factor_row}") for c in columns])
    first, last = columns[0], columns[-1]
    summary = flows.max_row + 2
    set_cell(flows, summary, 1, titles["pv_benefits"]).font = BOLD
    set_cell(flows, summary, 4, SheetFormula(f"=SUM({first}{factor_row + 1}:{last}{factor_row + 1})"))
    set_cell(flows, summary + 1, 1, titles["pv_costs"]).font = BOLD
    set_cell(flows, summary + 1, 4, SheetFormula(f"=SUM({first}{factor_row + 2}:{last}{factor_row + 2})"))
    set_cell(flows, summary + 2, 1, titles["npv"]).font = BOLD
    set_cell(flows, summary + 2, 4, SheetFormula(f"=D{summary}-D{summary + 1}"))
    set_cell(flows, summary + 3, 1, titles["roi"]).font = BOLD
    roi = SheetFormula(f'=IF(D{summary + 1}=0,"",D{summary + 2}/D{summary + 1})')
    set_cell(flows, summary + 3, 4, roi).number_format = "0.0%"
    flows.column_dimensions["A"].width = 50
    for column in columns:
        flows.column_dimensions[column].width = 14
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
