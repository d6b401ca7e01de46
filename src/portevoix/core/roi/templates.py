"""The business-case templates shipped in ``portevoix/data/roi/``."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ProblemsError
from .model import BusinessCase, load_case_file

ROI_DIR = Path(__file__).resolve().parents[2] / "data" / "roi"


def template_path(template_id: str) -> Path:
    """The file of a shipped template; KeyError for an unknown id."""
    path = ROI_DIR / f"{template_id}.yaml"
    if template_id not in template_ids() or not path.is_file():
        raise KeyError(template_id)
    return path


def template_ids() -> list[str]:
    return sorted(path.stem for path in ROI_DIR.glob("*.yaml"))


@cache
def shipped_templates() -> dict[str, BusinessCase]:
    """Every shipped template, validated; raises :class:`ProblemsError` if one is broken."""
    found: dict[str, BusinessCase] = {}
    for path in sorted(ROI_DIR.glob("*.yaml")):
        result = load_case_file(path, display_name=f"roi/{path.name}")
        if result.case is None:
            raise ProblemsError(result.problems)
        found[result.case.spec.id] = result.case
    return found


def for_size(content: dict[str, Any], size_band: str) -> dict[str, Any]:
    """A template's data with each size-dependent default (``by_size``) set for ``size_band``."""
    data = copy.deepcopy(content)
    for item in data.get("inputs") or []:
        if isinstance(item, dict) and isinstance(item.get("by_size"), dict) and size_band in item["by_size"]:
            item["value"] = item["by_size"][size_band]
    return data
