"""Load and validate the action library: every problem, located by file, line and key path."""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import KeyPath, Problem
from ..framework.loader import _located, problem_from_pydantic
from ..usage import MESSAGES as GAP_MESSAGES
from ..vocabulary import PRIORITIES, SIGNALS
from ..yamlsource import YamlDocument, parse_yaml_bytes, read_yaml_file
from .schema import PHASE_ORDER, Library

GAP_KINDS: frozenset[str] = frozenset(GAP_MESSAGES)
SHIPPED_LIBRARY = Path(__file__).resolve().parents[2] / "data" / "roadmap" / "actions.yaml"


@dataclass
class LibraryResult:
    library: Library | None
    problems: list[Problem] = field(default_factory=list)
    source: str | None = None

    @property
    def ok(self) -> bool:
        return self.library is not None and not self.problems


def load_library_file(
    path: Path, *, display_name: str | None = None, dimensions: Collection[str] | None = None
) -> LibraryResult:
    document, problems = read_yaml_file(path, display_name=display_name)
    return _finish(document, problems, display_name or str(path), dimensions)


def load_library_bytes(
    raw: bytes, *, source: str, dimensions: Collection[str] | None = None
) -> LibraryResult:
    document, problems = parse_yaml_bytes(raw, source=source)
    return _finish(document, problems, source, dimensions)


@functools.cache
def shipped_library() -> Library:
    """The library shipped in ``data/roadmap/actions.yaml`` (a broken shipped file is a bug: it raises)."""
    result = load_library_file(SHIPPED_LIBRARY, display_name="actions.yaml")
    if result.library is None:
        raise ValueError("; ".join(str(p) for p in result.problems))
    return result.library


def _finish(
    document: YamlDocument | None, problems: list[Problem], source: str, dimensions: Collection[str] | None
) -> LibraryResult:
    if document is None:
        return LibraryResult(None, problems, source)
    result = validate_library(document, dimensions=dimensions)
    if problems:
        merged = sorted(problems + result.problems, key=lambda p: (p.line or 0, repr(p.path)))
        return LibraryResult(None, merged, source)
    return result


def validate_library(document: YamlDocument, *, dimensions: Collection[str] | None = None) -> LibraryResult:
    """The schema, then the rules that span parts of the file (on the raw data, so they still run
    when the structure has errors elsewhere). ``dimensions``: the known dimension ids, if checked."""
    data = document.data
    if not isinstance(data, dict):
        return LibraryResult(None, [Problem("not_a_mapping", file=document.source, line=1)], document.source)
    problems: list[Problem] = []
    library: Library | None = None
    try:
        library = Library.model_validate(data)
    except ValidationError as error:
        problems.extend(_problem(e) for e in error.errors(include_url=False))
    problems.extend(_rules(data, dimensions))
    located = _located(problems, document)
    return LibraryResult(None if located else library, located, document.source)


def _problem(error: Any) -> Problem:
    """The framework loader's mapping, with this file's bilingual fields (``title``, ``label``…)."""
    problem = problem_from_pydantic(error)
    path = problem.path
    if problem.code == "missing_key" and path and path[-1] in ("fr", "en"):
        return Problem("missing_translation", {"language": path[-1]}, path=path)
    if problem.code == "expected_mapping" and path and path[-1] in ("title", "description", "label"):
        return Problem("expected_translations", path=path)
    return problem


def _items(data: dict[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    value = data.get(key)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _ids(value: Any) -> list[tuple[int, str]]:
    return [(i, v) for i, v in enumerate(value)] if isinstance(value, list) else []


def _unique(data: dict[str, Any], key: str) -> tuple[dict[str, KeyPath], list[Problem]]:
    seen: dict[str, KeyPath] = {}
    problems: list[Problem] = []
    for index, item in _items(data, key):
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue
        path: KeyPath = (key, index, "id")
        if item_id in seen:
            other = seen[item_id]
            problems.append(
                Problem("duplicate_id", {"id": item_id, "other": f"{other[0]}[{other[1]}]"}, path=path)
            )
        else:
            seen[item_id] = path
    return seen, problems


def _rules(data: dict[str, Any], dimensions: Collection[str] | None) -> list[Problem]:
    actions, problems = _unique(data, "actions")
    roles, more = _unique(data, "roles")
    problems += more
    _phases, more = _unique(data, "phases")
    problems += more
    phase_of = {
        item["id"]: item.get("phase")
        for _i, item in _items(data, "actions")
        if isinstance(item.get("id"), str)
    }
    rank: dict[str, int] = {phase: i for i, phase in enumerate(PHASE_ORDER)}
    graph: dict[str, list[str]] = {}
    for index, item in _items(data, "actions"):
        here: KeyPath = ("actions", index)
        action_id = item.get("id")
        owner = item.get("owner")
        if isinstance(owner, str) and roles and owner not in roles:
            problems.append(
                Problem("unknown_reference", {"kind": "role", "id": owner}, path=(*here, "owner"))
            )
        deps = []
        for d, dep in _ids(item.get("depends_on")):
            path = (*here, "depends_on", d)
            if dep == action_id:
                problems.append(Problem("depends_on_itself", path=path))
            elif dep not in actions:
                problems.append(Problem("unknown_reference", {"kind": "action", "id": dep}, path=path))
            else:
                deps.append(dep)
                mine, theirs = rank.get(item.get("phase")), rank.get(phase_of.get(dep))  # type: ignore[arg-type]
                if mine is not None and theirs is not None and theirs > mine:
                    problems.append(
                        Problem("phase_after", {"action": dep, "phase": phase_of.get(dep)}, path=path)
                    )
        if isinstance(action_id, str) and action_id not in graph:  # a duplicate id is reported above
            graph[action_id] = deps
        answers = item.get("answers")
        if isinstance(answers, dict):
            checks: list[tuple[str, str, Collection[str] | None]] = [
                ("signals", "signal", SIGNALS),
                ("gaps", "gap", GAP_KINDS),
                ("priorities", "priorities", PRIORITIES),
                ("dimensions", "dimension", dimensions),
            ]
            for key, kind, known in checks:
                if known is None:
                    continue
                for i, value in _ids(answers.get(key)):
                    if isinstance(value, str) and value not in known:
                        problems.append(
                            Problem(
                                "unknown_reference",
                                {"kind": kind, "id": value},
                                path=(*here, "answers", key, i),
                            )
                        )
    for index, item in _items(data, "phases"):
        for i, action_id in _ids(item.get("exit_criteria")):
            path = ("phases", index, "exit_criteria", i)
            if action_id not in actions:
                problems.append(Problem("unknown_reference", {"kind": "action", "id": action_id}, path=path))
            elif phase_of.get(action_id) != item.get("id"):
                problems.append(
                    Problem("exit_criterion_phase", {"action": action_id, "phase": item.get("id")}, path=path)
                )
        mine = rank.get(item.get("id"))  # type: ignore[arg-type]
        for i, gated in _ids(item.get("gate")):
            theirs = rank.get(gated)
            if mine is not None and theirs is not None and theirs >= mine:
                problems.append(Problem("gate_order", {"phase": gated}, path=("phases", index, "gate", i)))
    for cycle in find_cycles(graph):
        start = cycle[0]
        index_path = actions[start]
        problems.append(
            Problem(
                "dependency_cycle",
                {"cycle": " → ".join([*cycle, start])},
                path=(*index_path[:2], "depends_on"),
            )
        )
    return problems


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each elementary cycle found by a depth-first walk (one per strongly connected knot), in a
    stable order. ``graph``: node → the nodes it depends on."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    cycles: list[list[str]] = []
    seen_nodes: set[str] = set()

    for root in graph:
        if colour[root] != white:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(graph.get(root, ())))]
        path = [root]
        colour[root] = grey
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                colour[node] = black
                continue
            if child not in colour:
                continue
            if colour[child] == grey:
                cycle = path[path.index(child) :]
                if not seen_nodes.intersection(cycle):
                    cycles.append(cycle)
                    seen_nodes.update(cycle)
            elif colour[child] == white:
                colour[child] = grey
                path.append(child)
                stack.append((child, iter(graph.get(child, ()))))
    return cycles
