"""Rules that span several parts of a framework file.

They read the raw parsed data defensively (anything of the wrong type is skipped: the schema
already reports it), so they run even when the structure has errors, and every problem of a file
is reported in one go. Each rule is a generator named after what it checks.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import KeyPath, Problem, format_path
from ..vocabulary import MARKETS, PRIORITIES, SECTORS, SIGNALS, SIZE_BANDS

CHOICE_TYPES = {"single_choice", "multiple_choice"}


def _items(data: Any, key: str) -> list[tuple[int, Mapping[str, Any]]]:
    value = data.get(key) if isinstance(data, Mapping) else None
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, Mapping)]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _unique_ids(entries: list[tuple[KeyPath, Mapping[str, Any]]]) -> Iterator[Problem]:
    seen: dict[str, KeyPath] = {}
    for path, entry in entries:
        entry_id = entry.get("id")
        if not isinstance(entry_id, str):
            continue
        if entry_id in seen:
            other = format_path(seen[entry_id])
            yield Problem("duplicate_id", {"id": entry_id, "other": other}, path=(*path, "id"))
        else:
            seen[entry_id] = path


def unique_ids(data: Any) -> Iterator[Problem]:
    for key in ("levels", "dimensions", "adjustments"):
        yield from _unique_ids([((key, i), item) for i, item in _items(data, key)])
    questions: list[tuple[KeyPath, Mapping[str, Any]]] = []
    for d, dimension in _items(data, "dimensions"):
        for q, question in _items(dimension, "questions"):
            path: KeyPath = ("dimensions", d, "questions", q)
            questions.append((path, question))
            yield from _unique_ids([((*path, "options", o), opt) for o, opt in _items(question, "options")])
    yield from _unique_ids(questions)


def weights_sum(data: Any) -> Iterator[Problem]:
    if not isinstance(data, Mapping):
        return
    declared = _number(data.get("weights_total", 100))
    if declared is None:
        return
    totals: dict[str, float] = {}
    for _index, dimension in _items(data, "dimensions"):
        level = dimension.get("level_of_analysis")
        weight = _number(dimension.get("weight"))
        if not isinstance(level, str) or weight is None:
            return  # the schema reports the bad weight; a partial sum would mislead
        totals[level] = totals.get(level, 0.0) + weight
    for level, total in totals.items():
        if not math.isclose(total, declared, abs_tol=1e-6):
            params = {"level": level, "total": round(total, 6), "declared": declared}
            yield Problem("weights_sum", params, path=("weights_total",))


def level_bands(data: Any) -> Iterator[Problem]:
    levels = _items(data, "levels")
    bands = [(i, _number(level.get("min")), _number(level.get("max"))) for i, level in levels]
    if not bands or any(low is None or high is None for _i, low, high in bands):
        return
    previous_end: float | None = None
    for index, low, high in bands:
        assert low is not None
        assert high is not None
        if low >= high:
            yield Problem("level_empty", {"min": low, "max": high}, path=("levels", index))
        if previous_end is None:
            if low != 0:
                yield Problem("levels_bounds", {"low": 0, "high": 100}, path=("levels", index, "min"))
        elif not math.isclose(low, previous_end):
            params = {"start": low, "previous_end": previous_end}
            yield Problem("levels_not_contiguous", params, path=("levels", index, "min"))
        previous_end = high
    if previous_end is not None and previous_end != 100:
        yield Problem("levels_bounds", {"low": 0, "high": 100}, path=("levels", bands[-1][0], "max"))


def question_shapes(data: Any) -> Iterator[Problem]:
    for d, dimension in _items(data, "dimensions"):
        scored = 0
        questions = _items(dimension, "questions")
        for q, question in questions:
            path: KeyPath = ("dimensions", d, "questions", q)
            kind = question.get("type")
            options = question.get("options")
            has_options = isinstance(options, list) and len(options) > 0
            weight = _number(question.get("weight", 1))
            if kind in CHOICE_TYPES:
                if not isinstance(options, list) or len(options) < 2:
                    yield Problem("options_required", {"type": kind}, path=(*path, "options"))
                elif not any(_number(o.get("score")) is not None for _i, o in _items(question, "options")):
                    yield Problem("no_scored_option", path=(*path, "options"))
                elif weight:
                    scored += 1
            elif kind in {"scale", "free_text"} and has_options:
                yield Problem("options_not_allowed", {"type": kind}, path=(*path, "options"))
            scale = question.get("scale")
            if kind == "scale":
                if not isinstance(scale, Mapping):
                    yield Problem("scale_required", path=path)
                else:
                    low, high = _number(scale.get("min")), _number(scale.get("max"))
                    if low is not None and high is not None and high <= low:
                        yield Problem("scale_bounds", {"min": low, "max": high}, path=(*path, "scale", "max"))
                    elif weight:
                        scored += 1
            elif scale is not None and kind in CHOICE_TYPES | {"free_text"}:
                yield Problem("scale_not_allowed", path=(*path, "scale"))
            if kind == "free_text" and "weight" in question and weight:
                yield Problem("free_text_scored", path=(*path, "weight"))
        if questions and scored == 0:
            yield Problem("no_scored_question", path=("dimensions", d, "questions"))


def _references(values: Any, known: Any, kind: str, path: KeyPath) -> Iterator[Problem]:
    if not isinstance(values, list):
        return
    for index, value in enumerate(values):
        if isinstance(value, str) and value not in known:
            yield Problem("unknown_reference", {"kind": kind, "id": value}, path=(*path, index))


def signal_references(data: Any) -> Iterator[Problem]:
    for d, dimension in _items(data, "dimensions"):
        for q, question in _items(dimension, "questions"):
            path: KeyPath = ("dimensions", d, "questions", q)
            yield from _references(question.get("signals"), SIGNALS, "signal", (*path, "signals"))
            for o, option in _items(question, "options"):
                signals_path = (*path, "options", o, "signals")
                yield from _references(option.get("signals"), SIGNALS, "signal", signals_path)


CRITERIA = {"sector": SECTORS, "size_band": SIZE_BANDS, "market": MARKETS, "priorities": PRIORITIES}


def adjustment_references(data: Any) -> Iterator[Problem]:
    dimension_ids = {d.get("id") for _i, d in _items(data, "dimensions")}
    for a, adjustment in _items(data, "adjustments"):
        path: KeyPath = ("adjustments", a)
        when = adjustment.get("when")
        if isinstance(when, Mapping):
            if not any(isinstance(when.get(k), list) and when.get(k) for k in CRITERIA):
                yield Problem("adjustment_no_condition", path=(*path, "when"))
            for criterion, known in CRITERIA.items():
                yield from _references(when.get(criterion), known, criterion, (*path, "when", criterion))
        multiply = adjustment.get("multiply")
        if isinstance(multiply, Mapping):
            if not multiply:
                yield Problem("adjustment_no_effect", path=(*path, "multiply"))
            for dimension_id in multiply:
                if dimension_id not in dimension_ids:
                    params = {"kind": "dimension", "id": dimension_id}
                    yield Problem("unknown_reference", params, path=(*path, "multiply", dimension_id))


RULES = (unique_ids, weights_sum, level_bands, question_shapes, signal_references, adjustment_references)


def check_rules(data: Any) -> Iterator[Problem]:
    for rule in RULES:
        yield from rule(data)
