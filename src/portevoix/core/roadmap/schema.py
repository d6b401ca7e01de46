"""The shape of the action library file, as pydantic models (structure only; cross-part rules in
:mod:`.loader`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..framework.schema import Identifier, Text

Phase = Literal["strategy", "federation", "enablement"]
PHASE_ORDER: tuple[Phase, ...] = ("strategy", "federation", "enablement")
KpiUnit = Literal["percent", "count", "score", "boolean", "days"]
Keyword = Annotated[str, StringConstraints(min_length=1, max_length=80)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Role(_Strict):
    """A role that owns actions, matched against codir members' titles (case-insensitive words)."""

    id: Identifier
    label: Text
    keywords: list[Keyword] = Field(default_factory=list)


class PhaseRule(_Strict):
    """A phase's exit criteria (actions that must be done) and its gate (phases that must exit first)."""

    id: Phase
    exit_criteria: list[Identifier] = Field(default_factory=list)
    gate: list[Phase] = Field(default_factory=list)
    requires_sponsor: bool = False


class Kpi(_Strict):
    id: Identifier
    label: Text
    unit: KpiUnit
    target: Annotated[float, Field(ge=0)]


class Answers(_Strict):
    """What makes the generator choose an action."""

    dimensions: list[Identifier] = Field(default_factory=list)
    gaps: list[Identifier] = Field(default_factory=list)
    signals: list[Identifier] = Field(default_factory=list)
    priorities: list[Identifier] = Field(default_factory=list)


class Action(_Strict):
    id: Identifier
    phase: Phase
    title: Text
    description: Text
    owner: Identifier
    always: bool = False
    effort_days: Annotated[float, Field(gt=0, le=1000)]
    duration_days: Annotated[int, Field(ge=1, le=730)]
    depends_on: list[Identifier] = Field(default_factory=list)
    kpi: Kpi
    answers: Answers = Field(default_factory=Answers)


class Library(_Strict):
    version: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+){0,2}$")]
    roles: list[Role]
    phases: list[PhaseRule]
    actions: Annotated[list[Action], Field(min_length=1)]

    def action(self, action_id: str) -> Action:
        return self.by_id[action_id]

    @property
    def by_id(self) -> dict[str, Action]:
        return {a.id: a for a in self.actions}

    def phase_rule(self, phase: str) -> PhaseRule:
        for rule in self.phases:
            if rule.id == phase:
                return rule
        return PhaseRule(id=phase)  # type: ignore[arg-type]

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)
