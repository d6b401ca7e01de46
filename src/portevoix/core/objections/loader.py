"""Load and validate the objections catalogue: every problem located by file, line and key path.

Besides its structure, the catalogue must reference things that exist: figures (of
``data/figures.yaml`` or of the catalogue's own ``figures`` list), framework dimensions, and
the domain's signal identifiers with the right kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Problem, ProblemsError
from ..figures import Figure, claim_problems, figure_problems, shipped_figures
from ..framework.loader import problem_from_pydantic
from ..vocabulary import BARRIERS, OBJECTIONS, TRIGGERS
from ..yamlsource import YamlDocument, parse_yaml_bytes, read_yaml_file
from .schema import Catalogue

DOMAIN_KINDS: dict[str, str] = {
    **dict.fromkeys(OBJECTIONS, "objection"),
    **dict.fromkeys(BARRIERS, "barrier"),
    **dict.fromkeys(TRIGGERS, "trigger"),
}


def _rules(data: Any, known_figures: set[str], dimensions: set[str] | None) -> Iterator[Problem]:
    """Cross-references, on the raw data so they run even when the structure has errors."""
    if not isinstance(data, dict):
        return
    local = data.get("figures")
    figure_ids = set(known_figures)
    if isinstance(local, list):
        for index, figure in enumerate(local):
            if isinstance(figure, dict) and isinstance(figure.get("id"), str):
                if figure["id"] in figure_ids:
                    yield Problem(
                        "duplicate_id",
                        {"id": figure["id"], "other": "figures"},
                        path=("figures", index, "id"),
                    )
                figure_ids.add(figure["id"])
    entries = data.get("entries")
    if not isinstance(entries, list):
        return
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        entry_id = entry.get("id")
        if isinstance(entry_id, str):
            if entry_id in seen:
                yield Problem(
                    "duplicate_id",
                    {"id": entry_id, "other": f"entries[{seen[entry_id]}]"},
                    path=("entries", index, "id"),
                )
            seen.setdefault(entry_id, index)
            expected_kind = DOMAIN_KINDS.get(entry_id)
            kind = entry.get("kind")
            if expected_kind is not None and isinstance(kind, str) and kind != expected_kind:
                yield Problem(
                    "invalid_choice",
                    {"value": kind, "choices": expected_kind},
                    path=("entries", index, "kind"),
                )
        for c_index, argument in enumerate(entry.get("counter_arguments") or []):
            if not isinstance(argument, dict):
                continue
            for f_index, reference in enumerate(argument.get("figures") or []):
                figure_id = reference.get("id") if isinstance(reference, dict) else None
                if isinstance(figure_id, str) and figure_id not in figure_ids:
                    yield Problem(
                        "unknown_reference",
                        {"kind": "figure", "id": figure_id},
                        path=("entries", index, "counter_arguments", c_index, "figures", f_index, "id"),
                    )
        if dimensions is not None:
            for d_index, dimension_id in enumerate(entry.get("dimensions") or []):
                if isinstance(dimension_id, str) and dimension_id not in dimensions:
                    yield Problem(
                        "unknown_reference",
                        {"kind": "dimension", "id": dimension_id},
                        path=("entries", index, "dimensions", d_index),
                    )


def _claim_rules(catalogue: Catalogue, known: set[str], *, today: date | None) -> Iterator[Problem]:
    """Every figure dated and labelled when old; every cited figure able to support its claim."""
    figures: dict[str, Figure] = {f.id: f for f in shipped_figures().figures if f.id in known}
    for index, figure in enumerate(catalogue.figures):
        figures[figure.id] = figure
        for problem in figure_problems(figure, today=today):
            yield Problem(problem.code, problem.params, ("figures", index, *problem.path))
    for e_index, entry in enumerate(catalogue.entries):
        for c_index, argument in enumerate(entry.counter_arguments):
            for f_index, reference in enumerate(argument.figures):
                found = figures.get(reference.id)
                if found is None:
                    continue  # reported as an unknown reference
                base = ("entries", e_index, "counter_arguments", c_index, "figures", f_index)
                for problem in claim_problems(found, reference.claim):
                    yield Problem(problem.code, problem.params, (*base, *problem.path))


def validate_catalogue(
    document: YamlDocument,
    *,
    known_figures: Iterable[str] = (),
    dimensions: Iterable[str] | None = None,
    require_all_signals: bool = True,
    today: date | None = None,
) -> tuple[Catalogue | None, list[Problem]]:
    data = document.data
    if not isinstance(data, dict):
        return None, [Problem("not_a_mapping", file=document.source, line=1)]
    problems: list[Problem] = []
    catalogue: Catalogue | None = None
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as error:
        problems.extend(problem_from_pydantic(e) for e in error.errors(include_url=False))
    known = set(known_figures)
    problems.extend(_rules(data, known, set(dimensions) if dimensions is not None else None))
    if catalogue is not None:
        problems.extend(_claim_rules(catalogue, known, today=today))
    if catalogue is not None and require_all_signals:
        present = {entry.id for entry in catalogue.entries}
        for missing in sorted(set(DOMAIN_KINDS) - present):
            problems.append(
                Problem("unknown_reference", {"kind": "signal", "id": missing}, path=("entries",))
            )
    located = [
        Problem(p.code, p.params, p.path, document.source, p.line or document.line_of(p.path))
        for p in problems
    ]
    located.sort(key=lambda p: (p.line or 0, repr(p.path)))
    return (None if located else catalogue), located


def _shipped_dimensions() -> set[str]:
    from portevoix.data import DATA_DIR

    from ..framework.loader import load_framework_file

    result = load_framework_file(DATA_DIR / "frameworks" / "codir-social-maturity.yaml")
    if result.framework is None:
        raise ProblemsError(result.problems)
    return {d.id for d in result.framework.dimensions}


def load_catalogue_bytes(
    raw: bytes, *, source: str, dimensions: Iterable[str] | None = None, require_all_signals: bool = True
) -> tuple[Catalogue | None, list[Problem]]:
    document, problems = parse_yaml_bytes(raw, source=source)
    if document is None or problems:
        return None, problems
    known = {f.id for f in shipped_figures().figures}
    return validate_catalogue(
        document,
        known_figures=known,
        dimensions=_shipped_dimensions() if dimensions is None else dimensions,
        require_all_signals=require_all_signals,
    )


def load_catalogue_file(path: Path) -> Catalogue:
    """Read and validate a catalogue file; raise :class:`ProblemsError` with every located problem."""
    document, problems = read_yaml_file(path, display_name=path.name)
    if document is None or problems:
        raise ProblemsError(problems)
    known = {f.id for f in shipped_figures().figures}
    catalogue, problems = validate_catalogue(document, known_figures=known, dimensions=_shipped_dimensions())
    if catalogue is None:
        raise ProblemsError(problems)
    return catalogue


@cache
def shipped_catalogue() -> Catalogue:
    from portevoix.data import DATA_DIR

    return load_catalogue_file(DATA_DIR / "objections" / "catalogue.yaml")


def figure_of(catalogue: Catalogue, figure_id: str) -> Figure:
    """A figure of the catalogue's own list, else of the shipped figures."""
    for figure in catalogue.figures:
        if figure.id == figure_id:
            return figure
    return shipped_figures().get(figure_id)
