"""The shape of the objections catalogue (``data/objections/catalogue.yaml``), as pydantic models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..figures import Claim, Figure
from ..framework.schema import Identifier, Text

Kind = Literal["objection", "barrier", "trigger"]
KINDS: tuple[Kind, ...] = ("objection", "barrier", "trigger")
MIN_EXAMPLES = 8

Phrase = Annotated[str, StringConstraints(min_length=2, max_length=500, strip_whitespace=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Examples(_Strict):
    """Example phrasings in each language; the classifier compares texts with them."""

    fr: Annotated[list[Phrase], Field(min_length=MIN_EXAMPLES)]
    en: Annotated[list[Phrase], Field(min_length=MIN_EXAMPLES)]

    def get(self, language: str) -> list[str]:
        return list(self.en if language == "en" else self.fr)


class NeutralExamples(_Strict):
    fr: list[Phrase] = Field(default_factory=list)
    en: list[Phrase] = Field(default_factory=list)


Cue = Annotated[str, StringConstraints(min_length=2, max_length=60, pattern=r"^[a-z0-9' -]+$")]


class Cues(_Strict):
    """Lowercase words or word beginnings, without accents, that point to the entry."""

    fr: list[Cue] = Field(default_factory=list)
    en: list[Cue] = Field(default_factory=list)


class FigureRef(_Strict):
    """A figure cited by a counter-argument, with the claim the sentence makes of it."""

    id: Identifier
    claim: Claim


class CounterArgument(_Strict):
    """An answer to prepare. It may rest on reasoning alone; every figure it cites states the
    claim it supports, and the loader refuses a figure that cannot support it."""

    text: Text
    figures: list[FigureRef] = Field(default_factory=list)

    @property
    def figure_ids(self) -> list[str]:
        return [ref.id for ref in self.figures]


class Entry(_Strict):
    id: Identifier
    kind: Kind
    label: Text
    description: Text
    examples: Examples
    cues: Cues = Cues()
    counter_arguments: Annotated[list[CounterArgument], Field(min_length=1)]
    actions: Annotated[list[Identifier], Field(min_length=1)]
    dimensions: list[Identifier] = Field(default_factory=list)


class ClassifierSettings(_Strict):
    """Thresholds on cosine similarity, calibrated on the catalogue's examples."""

    threshold: Annotated[float, Field(gt=0, lt=1)] = 0.42
    neutral_margin: Annotated[float, Field(ge=-1, le=1)] = 0.0
    second_match_gap: Annotated[float, Field(ge=0, le=1)] = 0.08
    cue_boost: Annotated[float, Field(ge=0, le=0.5)] = 0.05


class Catalogue(_Strict):
    version: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+){0,2}$")]
    classifier: ClassifierSettings = ClassifierSettings()
    figures: list[Figure] = Field(default_factory=list)
    entries: list[Entry]
    neutral: NeutralExamples = NeutralExamples()

    def get(self, entry_id: str) -> Entry:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    def find(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]
