"""Numbers a person types in because no export gives them: SSI, employer reviews, follower counts.

Pure validation (the web form comes later): :func:`parse_manual` turns what was typed into an
entry, or into every :class:`Problem` found, each located by the field's name.

The models are strict: numbers must be numbers (not ``"12"``, not ``True``) — a form layer gives
typed values. Two conveniences are accepted on purpose: a date as ISO text (``"2025-07-01"``, what
JSON and HTML date inputs send) and a rank as LinkedIn shows it (``"Top 5%"``, ``"5%"``, ``5``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, computed_field, field_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from ..errors import Problem
from ..framework.loader import problem_from_pydantic

__all__ = [
    "KINDS",
    "FollowerEntry",
    "ManualEntry",
    "NetworkName",
    "Platform",
    "ReviewEntry",
    "SsiEntry",
    "parse_manual",
]

Pillar = Annotated[float, Field(ge=0, le=25, allow_inf_nan=False)]
Rank = Annotated[int, Field(ge=1, le=100)]
Platform = Literal["glassdoor", "indeed", "welcome_to_the_jungle", "other"]
NetworkName = Literal["linkedin", "x", "mastodon"]  # the values of records.Network

_RANK = re.compile(r"(?:top\s*)?(\d{1,3})\s*%?", re.IGNORECASE)


class _Entry(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    on: datetime.date

    @field_validator("on", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, datetime.datetime):
            raise PydanticCustomError("date_type", "a day, not a moment")
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                raise PydanticCustomError("date_parsing", "not an ISO date") from None
        return value


class SsiEntry(_Entry):
    """LinkedIn's Social Selling Index: four pillars of 0–25 each; the score is their sum."""

    brand: Pillar
    people: Pillar
    insights: Pillar
    relationships: Pillar
    industry_rank: Rank | None = None  # "Top 5%" → 5
    network_rank: Rank | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total(self) -> float:
        return round(self.brand + self.people + self.insights + self.relationships, 2)

    @field_validator("industry_rank", "network_rank", mode="before")
    @classmethod
    def _rank(cls, value: Any) -> Any:
        if isinstance(value, str):
            match = _RANK.fullmatch(value.strip())
            if match is None:
                raise PydanticCustomError("rank_invalid", "not a rank", {"value": value})
            return int(match[1])
        return value


class ReviewEntry(_Entry):
    """An employer-review site's figures on a given day."""

    platform: Platform
    overall_rating: float = Field(ge=1, le=5, allow_inf_nan=False)
    ceo_approval: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)  # percent
    reviews: int = Field(ge=0)


class FollowerEntry(_Entry):
    """A follower count read on a profile or a page."""

    network: NetworkName
    followers: int = Field(ge=0)


ManualEntry = SsiEntry | ReviewEntry | FollowerEntry
KINDS: dict[str, type[SsiEntry] | type[ReviewEntry] | type[FollowerEntry]] = {
    "ssi": SsiEntry,
    "review": ReviewEntry,
    "followers": FollowerEntry,
}


def parse_manual(kind: str, data: Mapping[str, Any]) -> tuple[ManualEntry | None, list[Problem]]:
    """The entry of ``kind`` (``ssi``, ``review``, ``followers``) typed in ``data``, or its problems."""
    model = KINDS.get(kind)
    if model is None:
        return None, [Problem("invalid_choice", {"value": kind, "choices": ", ".join(KINDS)})]
    if not isinstance(data, Mapping):
        return None, [Problem("expected_mapping")]
    try:
        return model.model_validate(dict(data)), []
    except ValidationError as error:
        return None, [_problem(e) for e in error.errors(include_url=False)]


def _problem(error: ErrorDetails) -> Problem:
    path = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return Problem("date_invalid", {"value": "" if value is None else str(value)}, path=path)
    if kind == "rank_invalid":
        return Problem("rank_invalid", {"value": str(value)}, path=path)
    if kind == "finite_number":
        return Problem("expected_number", path=path)
    return problem_from_pydantic(error)
