"""A business case compiled from its file: formulas parsed, names resolved, every problem located.

:func:`load_case_file` / :func:`load_case_text` / :func:`load_case_data` return a
:class:`LoadResult` whose ``case`` is None when any problem was found; the problems carry file,
line and key path, like the framework loader's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import KeyPath, Problem
from ..framework.loader import problem_from_pydantic
from ..yamlsource import YamlDocument, parse_yaml, read_yaml_file
from . import formula as fx
from .schema import BusinessCaseSpec, DistributionSpec, IndicatorSpec, InputSpec, LineSpec

YEAR = "year"  # the period (0 = initial) inside line formulas


def dec(value: float | int | Decimal) -> Decimal:
    """A YAML number as the Decimal a person wrote (0.1 → Decimal("0.1"))."""
    return (
        value
        if isinstance(value, Decimal)
        else Decimal(repr(value))
        if isinstance(value, float)
        else Decimal(value)
    )


@dataclass(frozen=True)
class Formula:
    text: str
    node: fx.Node
    path: KeyPath

    @property
    def names(self) -> set[str]:
        return fx.names(self.node)


@dataclass(frozen=True)
class Distribution:
    kind: str
    low: float  # the range drawn from (normal: its bounds, else mean ± 3 sd)
    high: float
    mode: float | None = None
    mean: float | None = None
    sd: float | None = None
    bounded: bool = True  # False for a normal without both bounds


@dataclass(frozen=True)
class Input:
    id: str
    spec: InputSpec
    value: Decimal | None
    formula: Formula | None
    distribution: Distribution | None
    path: KeyPath

    @property
    def uncertain(self) -> bool:
        return self.distribution is not None


@dataclass(frozen=True)
class Line:
    id: str
    kind: str  # "benefit" or "cost"
    spec: LineSpec
    risk: Decimal
    amounts: tuple[Decimal | Formula, ...]  # index 0 = initial period
    path: KeyPath

    def adjustment(self) -> Decimal:
        """Benefits are lowered by the risk, costs raised."""
        return (1 - self.risk) if self.kind == "benefit" else (1 + self.risk)


@dataclass(frozen=True)
class BusinessCase:
    spec: BusinessCaseSpec
    inputs: dict[str, Input]
    order: tuple[str, ...]  # computed inputs, each after the inputs it uses
    lines: tuple[Line, ...]
    source: str | None = None

    @property
    def horizon(self) -> int:
        return self.spec.horizon_years

    @property
    def rate(self) -> Decimal:
        return dec(self.spec.discount_rate)

    @property
    def periods(self) -> range:
        return range(self.horizon + 1)

    @property
    def uncertain_inputs(self) -> list[Input]:
        return [i for i in self.inputs.values() if i.uncertain]

    @property
    def indicators(self) -> list[IndicatorSpec]:
        return list(self.spec.indicators)

    def benefits(self) -> list[Line]:
        return [line for line in self.lines if line.kind == "benefit"]

    def costs(self) -> list[Line]:
        return [line for line in self.lines if line.kind == "cost"]


@dataclass
class LoadResult:
    case: BusinessCase | None
    problems: list[Problem] = field(default_factory=list)
    source: str | None = None

    @property
    def ok(self) -> bool:
        return self.case is not None and not self.problems


def _formula(text: str, path: KeyPath, problems: list[Problem]) -> Formula | None:
    try:
        return Formula(text, fx.parse(text), path)
    except fx.FormulaError as error:
        problems.append(
            Problem(
                "formula_syntax",
                {"formula": text, "position": error.position, "reason": error.reason, "token": error.token},
                path=path,
            )
        )
        return None


def _distribution(
    spec: DistributionSpec, value: float | None, path: KeyPath
) -> Iterator[Problem | Distribution]:
    kind = spec.kind
    needed = {"triangular": ("min", "mode", "max"), "pert": ("min", "mode", "max"), "uniform": ("min", "max")}
    needed_normal = ("mean", "sd")
    required = needed.get(kind, needed_normal)
    allowed = set(required) | ({"min", "max"} if kind == "normal" else set())
    missing = False
    for name in ("min", "mode", "max", "mean", "sd"):
        given = getattr(spec, name) is not None
        if name in required and not given:
            missing = True
            yield Problem("distribution_parameter_missing", {"kind": kind, "name": name}, path=path)
        elif given and name not in allowed:
            yield Problem("distribution_parameter_unused", {"kind": kind, "name": name}, path=(*path, name))
    if missing:
        return
    low, high = spec.min, spec.max
    if low is not None and high is not None and low > high:
        yield Problem("distribution_min_above_max", {"min": low, "max": high}, path=(*path, "min"))
        return
    if low is not None and high is not None and low == high:
        yield Problem("distribution_empty", {"min": low, "max": high}, path=(*path, "max"))
        return
    if spec.mode is not None and low is not None and high is not None and not low <= spec.mode <= high:
        yield Problem(
            "distribution_mode_outside", {"mode": spec.mode, "min": low, "max": high}, path=(*path, "mode")
        )
        return
    if kind == "normal":
        assert spec.mean is not None
        assert spec.sd is not None
        if spec.sd <= 0:
            yield Problem("value_not_positive", {"limit": 0}, path=(*path, "sd"))
            return
        lo = low if low is not None else spec.mean - 3 * spec.sd
        hi = high if high is not None else spec.mean + 3 * spec.sd
        if not lo <= spec.mean <= hi:
            yield Problem(
                "distribution_mode_outside", {"mode": spec.mean, "min": lo, "max": hi}, path=(*path, "mean")
            )
            return
        distribution = Distribution(
            kind, lo, hi, mean=spec.mean, sd=spec.sd, bounded=low is not None and high is not None
        )
    else:
        assert low is not None
        assert high is not None
        distribution = Distribution(kind, low, high, mode=spec.mode)
    if value is not None and not distribution.low <= value <= distribution.high:
        yield Problem(
            "value_outside_distribution",
            {"value": value, "min": distribution.low, "max": distribution.high},
            path=(*path[:-1], "value"),
        )
        return
    yield distribution


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the dependency graph (``a → b → a``), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def _topological(graph: dict[str, set[str]]) -> list[str]:
    order: list[str] = []
    seen: set[str] = set()

    def visit(node: str) -> None:
        if node in seen:
            return
        seen.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt in graph:
                visit(nxt)
        order.append(node)

    for node in sorted(graph):
        visit(node)
    return order


def compile_spec(
    spec: BusinessCaseSpec, *, source: str | None = None
) -> tuple[BusinessCase | None, list[Problem]]:
    """Check the rules between parts and build the case; problems carry key paths (no lines)."""
    problems: list[Problem] = []
    inputs: dict[str, Input] = {}
    seen: dict[str, KeyPath] = {}
    for index, item in enumerate(spec.inputs):
        path: KeyPath = ("inputs", index)
        if item.id == YEAR:
            problems.append(Problem("reserved_name", {"name": YEAR}, path=(*path, "id")))
            continue
        if item.id in seen:
            problems.append(Problem("duplicate_input", {"id": item.id}, path=(*path, "id")))
            continue
        seen[item.id] = path
        if (item.value is None) == (item.formula is None):
            problems.append(Problem("input_value_or_formula", path=path))
            continue
        compiled = _formula(item.formula, (*path, "formula"), problems) if item.formula is not None else None
        distribution: Distribution | None = None
        if item.distribution is not None:
            if item.formula is not None:
                problems.append(Problem("distribution_on_formula", path=(*path, "distribution")))
                continue
            found = list(_distribution(item.distribution, item.value, (*path, "distribution")))
            bad = [p for p in found if isinstance(p, Problem)]
            problems.extend(bad)
            if bad:
                continue
            distribution = next(d for d in found if isinstance(d, Distribution))
        if item.formula is not None and compiled is None:
            continue
        value = dec(item.value) if item.value is not None else None
        inputs[item.id] = Input(item.id, item, value, compiled, distribution, path)

    known = set(seen) | {YEAR}
    graph: dict[str, set[str]] = {}
    for entry in inputs.values():
        if entry.formula is None:
            continue
        unknown = sorted(entry.formula.names - known)
        for name in unknown:
            problems.append(_unknown_name(name, entry.formula, set(seen)))
        graph[entry.id] = entry.formula.names & set(seen)
    cycle = _find_cycle(graph)
    if cycle is not None:
        first = inputs[cycle[0]]
        problems.append(Problem("formula_cycle", {"cycle": " → ".join(cycle)}, path=(*first.path, "formula")))

    lines: list[Line] = []
    line_ids: dict[str, KeyPath] = {}
    for kind, group in (("benefit", spec.benefits), ("cost", spec.costs)):
        key = "benefits" if kind == "benefit" else "costs"
        for index, line_spec in enumerate(group):
            path = (key, index)
            if line_spec.id in line_ids:
                problems.append(Problem("duplicate_line", {"id": line_spec.id}, path=(*path, "id")))
                continue
            line_ids[line_spec.id] = path
            if kind == "benefit" and _is_earned_media(line_spec):
                # EMV is not cash, and avoided spending only if the reach would have been bought:
                # a finance director strikes it out of the NPV. It is shown beside it (ADR 0008).
                problems.append(Problem("earned_media_in_npv", {"id": line_spec.id}, path=(*path, "id")))
                continue
            if (line_spec.years is None) == (line_spec.formula is None):
                problems.append(Problem("line_years_or_formula", path=path))
                continue
            if line_spec.years is not None and len(line_spec.years) != spec.horizon_years:
                problems.append(
                    Problem(
                        "horizon_mismatch",
                        {"found": len(line_spec.years), "expected": spec.horizon_years},
                        path=(*path, "years"),
                    )
                )
                continue
            raw: list[float | str] = [line_spec.initial]
            if line_spec.years is not None:
                raw.extend(line_spec.years)
            else:
                assert line_spec.formula is not None
                raw.extend([line_spec.formula] * spec.horizon_years)
            amounts: list[Decimal | Formula] = []
            broken = False
            for period, amount in enumerate(raw):
                if isinstance(amount, str):
                    where = (
                        (*path, "initial")
                        if period == 0
                        else (*path, "years", period - 1)
                        if line_spec.years is not None
                        else (*path, "formula")
                    )
                    if line_spec.years is None and period > 1:
                        if broken:
                            break
                        amounts.append(amounts[-1])  # the same formula: parsed (and reported) once
                        continue
                    parsed = _formula(amount, where, problems)
                    if parsed is None:
                        broken = True
                        continue
                    for name in sorted(parsed.names - known):
                        problems.append(_unknown_name(name, parsed, set(seen)))
                        broken = True
                    amounts.append(parsed)
                else:
                    amounts.append(dec(amount))
            if not broken:
                lines.append(Line(line_spec.id, kind, line_spec, dec(line_spec.risk), tuple(amounts), path))

    indicator_ids: set[str] = set()
    for index, indicator in enumerate(spec.indicators):
        if indicator.id in indicator_ids:
            problems.append(
                Problem("duplicate_indicator", {"id": indicator.id}, path=("indicators", index, "id"))
            )
        indicator_ids.add(indicator.id)

    if problems:
        return None, problems
    order = tuple(name for name in _topological(graph))
    case = BusinessCase(spec, inputs, order, tuple(lines), source)
    # A division by zero with the planned values is a located error of the file.
    from .engine import evaluate_plan

    try:
        evaluation = evaluate_plan(case)
    except CaseError as error:
        return None, [error.problem]
    # Amounts past 10^15 are no business case, and Decimal cannot round them to the cent (28 digits).
    too_large = [
        Problem("amount_too_large", {"limit": "10^15"}, path=line.path, file=source)
        for line, flow in zip(case.lines, evaluation.lines, strict=True)
        if any(abs(amount) >= MAX_AMOUNT for amount in flow.amounts)
    ]
    if too_large:
        return None, too_large
    return case, []


def _unknown_name(name: str, formula: Formula, known: set[str]) -> Problem:
    return Problem(
        "unknown_name",
        {"name": name, "formula": formula.text, "known": ", ".join(sorted(known)) or "—"},
        path=formula.path,
    )


MAX_AMOUNT = Decimal(10) ** 15


class CaseError(Exception):
    """An error met while evaluating a case (division by zero): one located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _located(problems: Iterable[Problem], document: YamlDocument | None, source: str | None) -> list[Problem]:
    located = [
        Problem(
            p.code,
            p.params,
            path=p.path,
            file=p.file or source,
            line=p.line or (document.line_of(p.path) if document is not None else None),
        )
        for p in problems
    ]
    return sorted(located, key=lambda p: (p.line or 0, repr(p.path)))


def validate_document(document: YamlDocument) -> LoadResult:
    data = document.data
    if not isinstance(data, dict):
        return LoadResult(None, [Problem("not_a_mapping", file=document.source, line=1)], document.source)
    return _validate(data, document, document.source)


# Top-level keys whose bad value does not prevent checking the rest of the file.
_STANDALONE = {
    "id": "case",
    "name": {"fr": "-", "en": "-"},
    "description": None,
    "currency": "EUR",
    "discount_rate": 0.1,
}


_UNION_TAGS = ("float", "str", "constrained-str")


def _pydantic_problems(error: ValidationError) -> list[Problem]:
    """Pydantic's errors as problems; an amount (a number or a formula) that is neither gives one
    problem, not one per alternative."""
    problems: list[Problem] = []
    seen: set[KeyPath] = set()
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        if loc and loc[-1] in _UNION_TAGS:
            path = loc[:-1]
            if path not in seen:
                seen.add(path)
                problems.append(Problem("expected_amount", path=path))
            continue
        if detail["type"] == "finite_number":
            problems.append(Problem("expected_finite", path=loc))
            continue
        problems.append(problem_from_pydantic(detail))
    return problems


def _validate(data: Any, document: YamlDocument | None, source: str | None) -> LoadResult:
    try:
        spec = BusinessCaseSpec.model_validate(data)
    except ValidationError as error:
        problems = _pydantic_problems(error)
        keys = {p.path[0] if p.path else None for p in problems}
        if keys <= set(_STANDALONE):
            # Only standalone keys are wrong: check the formulas, names and lines all the same.
            patched = {**data, **{str(key): _STANDALONE[str(key)] for key in keys}}
            try:
                _case, more = compile_spec(BusinessCaseSpec.model_validate(patched), source=source)
                problems += more
            except ValidationError:
                pass
        return LoadResult(None, _located(problems, document, source), source)
    case, problems = compile_spec(spec, source=source)
    return LoadResult(case, _located(problems, document, source), source)


def load_case_data(data: Any, *, source: str | None = None) -> LoadResult:
    """Validate plain data (e.g. stored JSON); problems have key paths but no lines."""
    if not isinstance(data, dict):
        return LoadResult(None, [Problem("not_a_mapping", file=source)], source)
    return _validate(data, None, source)


def load_case_text(text: str, *, source: str | None = None) -> LoadResult:
    document, problems = parse_yaml(text, source=source)
    return _finish(document, problems, source)


def load_case_file(path: Path, *, display_name: str | None = None) -> LoadResult:
    name = display_name or str(path)
    document, problems = read_yaml_file(path, display_name=name)
    return _finish(document, problems, name)


def _finish(document: YamlDocument | None, problems: list[Problem], source: str | None) -> LoadResult:
    if document is None or problems:
        return LoadResult(None, problems, source)
    return validate_document(document)


_EARNED_MEDIA = re.compile(r"earned_media|\bemv\b|\bcpm\b", re.IGNORECASE)


def _is_earned_media(line: LineSpec) -> bool:
    """A benefit valued as earned media: named so, or priced with a CPM."""
    texts = [line.id, line.formula or "", *(str(a) for a in (line.years or [])), str(line.initial)]
    return any(_EARNED_MEDIA.search(text) for text in texts)
