"""The shape of a business-case file (YAML), as pydantic models.

Structure is checked here; the rules between parts (formulas, names, cycles, horizon, ranges)
live in :mod:`.model`, which compiles a validated file into a :class:`~.model.BusinessCase`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..framework.schema import Identifier, Text

Currency = Literal["EUR", "USD", "GBP", "CHF", "CAD"]
Unit = Literal["money", "count", "fraction", "hours", "number"]
DistributionKind = Literal["triangular", "pert", "uniform", "normal"]
MeasurementKind = Literal["survey_item", "observed", "rating"]
FormulaText = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Amount = float | FormulaText


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class DistributionSpec(_Strict):
    """triangular and pert: min, mode, max; uniform: min, max; normal: mean, sd, optional min/max."""

    kind: DistributionKind
    min: float | None = None
    mode: float | None = None
    max: float | None = None
    mean: float | None = None
    sd: float | None = None


SizeBand = Literal["micro", "small", "medium", "intermediate", "large"]


class InputSpec(_Strict):
    """``by_size``: a template default that depends on the organisation's size band (an executive's
    hour does not cost the same in a 12-person firm and in a CAC 40 group); ``value`` is the one used
    when the case is read, set from ``by_size`` when a case is created from the template."""

    id: Identifier
    label: Text
    help: Text | None = None
    unit: Unit = "number"
    value: float | None = None
    formula: FormulaText | None = None
    source: Annotated[str, StringConstraints(max_length=300)] | None = None
    distribution: DistributionSpec | None = None
    by_size: dict[SizeBand, Annotated[float, Field(ge=0)]] | None = None


class LineSpec(_Strict):
    """Amounts per period: ``initial`` and ``years`` (numbers or formulas), or one ``formula`` for
    every year. In formulas, ``year`` is the period (0 for the initial one)."""

    id: Identifier
    label: Text
    help: Text | None = None
    risk: Annotated[float, Field(ge=0, le=1)] = 0.0
    initial: Amount = 0.0
    years: list[Amount] | None = None
    formula: FormulaText | None = None


class IndicatorSpec(_Strict):
    """A qualitative indicator: measured, with a baseline and a target; never turned into money."""

    id: Identifier
    label: Text
    help: Text | None = None
    measurement: MeasurementKind
    reference: Annotated[str, StringConstraints(max_length=200)] | None = None
    unit: Annotated[str, StringConstraints(max_length=20)] = ""
    baseline: float | None = None
    target: float
    current: float | None = None


class BusinessCaseSpec(_Strict):
    id: Identifier
    name: Text
    description: Text | None = None
    currency: Currency = "EUR"
    horizon_years: Annotated[int, Field(ge=1, le=10)] = 3
    discount_rate: Annotated[float, Field(ge=0, lt=1)] = 0.10
    inputs: list[InputSpec] = []
    benefits: list[LineSpec] = []
    costs: Annotated[list[LineSpec], Field(min_length=1)]
    indicators: list[IndicatorSpec] = []
