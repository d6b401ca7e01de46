"""The shape of a maturity framework file, as pydantic models.

Structure (types, required keys, unknown keys, translations) is checked here, field by field, so
pydantic reports every structural error at once. Rules that span several parts of the file
(unique ids, weight sums, level bands, references) live in :mod:`.rules`, which works on the raw
data and therefore still runs when the structure has errors elsewhere.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
VERSION_PATTERN = r"^\d+(\.\d+){0,2}$"
KEY_PATTERN = r"^[a-z][a-z0-9_-]*$"

Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
LevelOfAnalysis = Literal["organisation", "person"]
QuestionType = Literal["single_choice", "multiple_choice", "scale", "free_text"]
Axis = Literal["company", "customers", "competition", "talent"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Text(_Strict):
    """French and English text; both are required and non-blank."""

    fr: Annotated[str, StringConstraints(max_length=4000)]
    en: Annotated[str, StringConstraints(max_length=4000)]

    @field_validator("fr", "en")
    @classmethod
    def _not_blank(cls, value: str, info: object) -> str:
        if not value.strip():
            language = getattr(info, "field_name", "?")
            raise PydanticCustomError("missing_translation", "missing {language}", {"language": language})
        return value.strip()

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.fr


class Source(_Strict):
    """A reference the framework is built on (shown in reports' method appendix)."""

    label: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    year: int | None = None
    url: Annotated[str, StringConstraints(max_length=500)] | None = None


class Level(_Strict):
    """A maturity level: the band of scores ``min <= score < max`` (the last band includes 100)."""

    id: Identifier
    name: Text
    description: Text
    min: Annotated[float, Field(ge=0, le=100)]
    max: Annotated[float, Field(ge=0, le=100)]


class Option(_Strict):
    """A choice. ``score`` is 0–100; ``None`` means "does not know / not applicable" (unscored)."""

    id: Identifier
    label: Text
    score: Annotated[float, Field(ge=0, le=100)] | None
    signals: list[Identifier] = Field(default_factory=list)


class Scale(_Strict):
    """A numeric scale; an answer ``v`` scores ``(v - min) / (max - min) * 100``."""

    min: int
    max: int
    min_label: Text
    max_label: Text


class Question(_Strict):
    id: Identifier
    type: QuestionType
    text: Text
    help: Text | None = None
    weight: Annotated[float, Field(ge=0)] = 1
    options: list[Option] = Field(default_factory=list)
    scale: Scale | None = None
    signals: list[Identifier] = Field(default_factory=list)


# Observed indicators (core/evidence/indicators.py) a dimension can be compared with.
ObservedIndicator = Literal[
    "regularity",
    "posts_per_month",
    "recency_days",
    "original_share",
    "comments_per_month",
    "reactions_per_month",
    "profile_completeness",
    "network_size",
    "network_growth",
    "guiding_thread",
    "engagement_rate",
]


class Observed(_Strict):
    """How an observed indicator reads as a 0–100 score: ``zero`` gives 0 and ``full`` gives 100,
    linearly, clamped (``zero`` above ``full`` reads the other way round, as for recency)."""

    indicator: ObservedIndicator
    full: float
    zero: float = 0
    weight: Annotated[float, Field(gt=0)] = 1


class Dimension(_Strict):
    id: Identifier
    level_of_analysis: LevelOfAnalysis
    name: Text
    description: Text
    weight: Annotated[float, Field(gt=0)]
    axes: list[Axis] = Field(default_factory=list)
    anchors: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] = Field(
        default_factory=list
    )
    questions: Annotated[list[Question], Field(min_length=1)]
    # What the person's real activity says about this dimension (the say–do gap).
    observed: list[Observed] = Field(default_factory=list)


class Condition(_Strict):
    """An organisation matches when every given criterion matches (any value within a list)."""

    sector: list[Identifier] = Field(default_factory=list)
    size_band: list[Identifier] = Field(default_factory=list)
    market: list[Identifier] = Field(default_factory=list)
    priorities: list[Identifier] = Field(default_factory=list)


class Adjustment(_Strict):
    """Multiply dimension weights for organisations matching ``when`` (weights are renormalised)."""

    id: Identifier
    reason: Text
    when: Condition
    multiply: dict[Identifier, Annotated[float, Field(gt=0, le=10)]]


class Framework(_Strict):
    key: Annotated[str, StringConstraints(pattern=KEY_PATTERN, max_length=64)]
    version: Annotated[str, StringConstraints(pattern=VERSION_PATTERN)]
    name: Text
    description: Text
    sources: list[Source] = Field(default_factory=list)
    weights_total: Annotated[float, Field(gt=0)] = 100
    levels: Annotated[list[Level], Field(min_length=2)]
    dimensions: Annotated[list[Dimension], Field(min_length=1)]
    adjustments: list[Adjustment] = Field(default_factory=list)

    def dimensions_at(self, level: LevelOfAnalysis) -> list[Dimension]:
        return [d for d in self.dimensions if d.level_of_analysis == level]

    @property
    def dimensions_by_id(self) -> dict[str, Dimension]:
        return {d.id: d for d in self.dimensions}

    @property
    def questions(self) -> list[Question]:
        return [q for d in self.dimensions for q in d.questions]

    def level_for(self, score: float) -> Level:
        """The level whose band holds ``score`` (0–100)."""
        for level in self.levels:
            if level.min <= score < level.max:
                return level
        return self.levels[-1] if score >= self.levels[-1].min else self.levels[0]
