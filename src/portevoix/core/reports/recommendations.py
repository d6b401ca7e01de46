"""Five personal recommendations for a leader, from data rules (``data/recommendations.yaml``).

A rule applies when its condition holds for the leader: one of their own dimension scores below a
threshold, an observed indicator below or above a value (or a flag such as the digital cemetery),
or always (the general advice that completes the list). Matching rules are ordered by priority,
then, for dimension rules, weakest score first; the first five distinct rules are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import Problem, ProblemsError
from ..framework.loader import problem_from_pydantic
from ..framework.schema import Identifier, Text
from ..yamlsource import YamlDocument, read_yaml_file

COUNT = 5


class When(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    dimension: Identifier | None = None
    indicator: Identifier | None = None
    below: float | None = None
    above: float | None = None
    flag: bool | None = Field(default=None, alias="is")
    always: bool = False

    @model_validator(mode="after")
    def _one_condition(self) -> When:
        subjects = sum(x is not None for x in (self.dimension, self.indicator)) + int(self.always)
        if subjects != 1:
            raise ValueError("exactly one of dimension, indicator or always")
        tests = sum(x is not None for x in (self.below, self.above, self.flag))
        if self.always and tests:
            raise ValueError("always takes no threshold")
        if self.dimension is not None and (
            self.below is None or self.above is not None or self.flag is not None
        ):
            raise ValueError("a dimension rule needs below and nothing else")
        if self.indicator is not None and tests != 1:
            raise ValueError("an indicator rule needs exactly one of below, above or is")
        return self


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    id: Identifier
    priority: Annotated[int, Field(ge=0, le=1000)]
    when: When
    title: Text
    action: Text


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    rules: list[Rule]

    @model_validator(mode="after")
    def _enough(self) -> Rules:
        ids = [rule.id for rule in self.rules]
        if len(set(ids)) != len(ids):
            raise ValueError("rule ids must be unique")
        if sum(rule.when.always for rule in self.rules) < COUNT:
            raise ValueError(f"at least {COUNT} rules must apply always, so five can always be given")
        return self


@dataclass(frozen=True)
class Recommendation:
    rule: Rule
    dimension: str | None = None
    score: float | None = None  # the leader's score on that dimension
    indicator: str | None = None
    value: float | bool | None = None  # the indicator's value

    def title(self, language: str) -> str:
        return getattr(self.rule.title, language if language in ("fr", "en") else "fr")  # type: ignore[no-any-return]

    def action(self, language: str) -> str:
        return getattr(self.rule.action, language if language in ("fr", "en") else "fr")  # type: ignore[no-any-return]


def _matches(
    rule: Rule, scores: Mapping[str, float | None], indicators: Mapping[str, Any]
) -> Recommendation | None:
    when = rule.when
    if when.always:
        return Recommendation(rule)
    if when.dimension is not None:
        score = scores.get(when.dimension)
        if score is not None and when.below is not None and score < when.below:
            return Recommendation(rule, dimension=when.dimension, score=score)
        return None
    assert when.indicator is not None
    if when.indicator not in indicators:
        return None
    value = indicators[when.indicator]
    if value is None:
        return None
    if when.flag is not None:
        return (
            Recommendation(rule, indicator=when.indicator, value=bool(value))
            if bool(value) is when.flag
            else None
        )
    number = float(value)
    if (when.below is not None and number < when.below) or (when.above is not None and number > when.above):
        return Recommendation(rule, indicator=when.indicator, value=number)
    return None


def recommend(
    rules: Rules,
    scores: Mapping[str, float | None],
    indicators: Mapping[str, Any],
    *,
    count: int = COUNT,
) -> list[Recommendation]:
    """The ``count`` recommendations for a leader: ``scores`` are their own dimension scores (0–100),
    ``indicators`` their observed values (``indicator_values`` plus flags such as ``digital_cemetery``
    and ``has_evidence``); unknown values never trigger a rule."""
    found = [r for r in (_matches(rule, scores, indicators) for rule in rules.rules) if r is not None]
    specific = [r for r in found if not r.rule.when.always]
    general = [r for r in found if r.rule.when.always]
    specific.sort(key=lambda r: (-r.rule.priority, r.score if r.score is not None else 101.0))
    general.sort(key=lambda r: -r.rule.priority)
    return (specific + general)[:count]


def load_rules(path: Path) -> Rules:
    """Read and validate a rules file; raise :class:`ProblemsError` with every located problem."""
    document, problems = read_yaml_file(path, display_name=path.name)
    if document is None or problems:
        raise ProblemsError(problems)
    try:
        return Rules.model_validate(document.data)
    except ValidationError as error:
        raise ProblemsError(_locate(error, document, path.name)) from None


def _locate(error: ValidationError, document: YamlDocument, name: str) -> list[Problem]:
    located = []
    for detail in error.errors(include_url=False):
        problem = problem_from_pydantic(detail)
        located.append(
            Problem(problem.code, problem.params, problem.path, name, document.line_of(problem.path))
        )
    return located


@cache
def shipped_rules() -> Rules:
    from portevoix.data import DATA_DIR

    return load_rules(DATA_DIR / "recommendations.yaml")
