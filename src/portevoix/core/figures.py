"""Sourced figures: each one carries its source and year, and is never shown without them."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import ProblemsError
from .framework.loader import problem_from_pydantic
from .framework.schema import Identifier, Text
from .yamlsource import read_yaml_file


class Figure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    id: Identifier
    value: float
    unit: Literal["percent", "ratio", "count", "euros"]
    label: Text
    source: Annotated[str, Field(min_length=3, max_length=300)]
    year: int | None
    second_hand: bool = False

    def citation(self) -> str:
        return f"{self.source}, {self.year}" if self.year else self.source


class Figures(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    figures: list[Figure]

    def get(self, figure_id: str) -> Figure:
        for figure in self.figures:
            if figure.id == figure_id:
                return figure
        raise KeyError(figure_id)


def load_figures(path: Path) -> Figures:
    """Read and validate a figures file; raise :class:`ProblemsError` with every located problem."""
    from pydantic import ValidationError

    document, problems = read_yaml_file(path, display_name=path.name)
    if document is None or problems:
        raise ProblemsError(problems)
    try:
        return Figures.model_validate(document.data)
    except ValidationError as error:
        located = []
        for detail in error.errors(include_url=False):
            problem = problem_from_pydantic(detail)
            located.append(
                type(problem)(
                    problem.code, problem.params, problem.path, path.name, document.line_of(problem.path)
                )
            )
        raise ProblemsError(located) from None


@cache
def shipped_figures() -> Figures:
    from portevoix.data import DATA_DIR

    return load_figures(DATA_DIR / "figures.yaml")
