"""Load and validate framework files: every problem, located by file, line and key path."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..errors import KeyPath, Problem
from ..yamlsource import YamlDocument, parse_yaml_bytes, read_yaml_file
from .rules import check_rules
from .schema import Framework

TEXT_FIELDS = {"name", "description", "text", "help", "label", "reason", "min_label", "max_label"}

_EXPECTED = {
    "string_type": "expected_text",
    "int_type": "expected_integer",
    "int_from_float": "expected_integer",
    "float_type": "expected_number",
    "bool_type": "expected_boolean",
    "list_type": "expected_list",
    "tuple_type": "expected_list",
    "dict_type": "expected_mapping",
    "model_type": "expected_mapping",
    "model_attributes_type": "expected_mapping",
}
_BOUNDS = {
    "greater_than_equal": ("value_too_small", "ge"),
    "greater_than": ("value_not_positive", "gt"),
    "less_than_equal": ("value_too_large", "le"),
    "less_than": ("value_too_large", "lt"),
    "string_too_long": ("text_too_long", "max_length"),
    "too_long": ("text_too_long", "max_length"),
    "too_short": ("list_too_short", "min_length"),
    "string_too_short": ("list_too_short", "min_length"),
}


@dataclass
class LoadResult:
    """A validated framework, or ``None`` with the problems that prevented it."""

    framework: Framework | None
    problems: list[Problem] = field(default_factory=list)
    source: str | None = None

    @property
    def ok(self) -> bool:
        return self.framework is not None and not self.problems


def problem_from_pydantic(error: ErrorDetails) -> Problem:
    """Map one pydantic error to a stable code, so library wording never reaches users."""
    path: KeyPath = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    last = path[-1] if path else None
    parent = path[-2] if len(path) >= 2 else None
    if kind == "missing":
        if last in ("fr", "en") and parent in TEXT_FIELDS:
            return Problem("missing_translation", {"language": last}, path=path)
        return Problem("missing_key", path=path)
    if kind == "extra_forbidden":
        return Problem("unknown_key", {"key": last}, path=path)
    if kind == "missing_translation":
        return Problem("missing_translation", {"language": ctx.get("language", last)}, path=path)
    if kind in ("model_type", "model_attributes_type") and last in TEXT_FIELDS:
        return Problem("expected_translations", path=path)
    if last == "version" and kind == "string_type":
        return Problem("invalid_version", {"value": str(error.get("input"))}, path=path)
    if kind in _EXPECTED:
        return Problem(_EXPECTED[kind], path=path)
    if kind == "literal_error":
        choices = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return Problem("invalid_choice", {"value": error.get("input"), "choices": choices}, path=path)
    if kind in _BOUNDS:
        code, bound = _BOUNDS[kind]
        return Problem(code, {"limit": ctx.get(bound)}, path=path)
    if kind == "string_pattern_mismatch":
        code = {"version": "invalid_version", "key": "invalid_framework_key"}.get(str(last), "invalid_id")
        if path and isinstance(last, int):
            code = "invalid_id"
        return Problem(code, {"value": error.get("input")}, path=path)
    return Problem("invalid_value", {"detail": error.get("msg", kind)}, path=path)


def _located(problems: Iterable[Problem], document: YamlDocument) -> list[Problem]:
    located = [
        Problem(p.code, p.params, path=p.path, file=document.source, line=p.line or document.line_of(p.path))
        for p in problems
    ]
    return sorted(located, key=lambda p: (p.line or 0, repr(p.path)))


def validate_document(document: YamlDocument) -> LoadResult:
    """Validate parsed data: the schema and the cross-part rules, every problem reported."""
    data = document.data
    if not isinstance(data, dict):
        return LoadResult(None, [Problem("not_a_mapping", file=document.source, line=1)], document.source)
    problems: list[Problem] = []
    framework: Framework | None = None
    try:
        framework = Framework.model_validate(data)
    except ValidationError as error:
        problems.extend(problem_from_pydantic(e) for e in error.errors(include_url=False))
    problems.extend(check_rules(data))
    located = _located(problems, document)
    return LoadResult(None if located else framework, located, document.source)


def load_framework_file(path: Path, *, display_name: str | None = None) -> LoadResult:
    document, problems = read_yaml_file(path, display_name=display_name)
    return _finish(document, problems, display_name or str(path))


def load_framework_bytes(raw: bytes, *, source: str) -> LoadResult:
    document, problems = parse_yaml_bytes(raw, source=source)
    return _finish(document, problems, source)


def _finish(document: YamlDocument | None, problems: list[Problem], source: str) -> LoadResult:
    if document is None:
        return LoadResult(None, problems, source)
    result = validate_document(document)
    if problems:  # YAML-level problems (duplicate keys) join the others, in line order
        merged = sorted(problems + result.problems, key=lambda p: (p.line or 0, repr(p.path)))
        result = LoadResult(None, merged, source)
    return result


def framework_content(framework: Framework) -> dict[str, Any]:
    """Canonical plain-data form, as stored with a framework version."""
    return framework.model_dump(mode="json")


def framework_checksum(framework: Framework) -> str:
    canonical = json.dumps(
        framework_content(framework), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
