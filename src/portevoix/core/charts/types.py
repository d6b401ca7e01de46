"""Inputs of the chart builders: plain data with labels already translated by the caller."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NotRequired, TypedDict


class RadarSeries(TypedDict):
    label: str  # legend entry, e.g. a member's name or "Moyenne du codir"
    values: Mapping[str, float | None]  # score by axis id; a missing id counts as None
    reference: NotRequired[bool]  # drawn dashed and unfilled (e.g. the codir mean)


class SpreadRow(TypedDict):
    label: str  # dimension name
    mean: float | None
    minimum: float | None
    maximum: float | None
    stdev: float | None
    alignment: str  # an ``Alignment`` value: aligned, mixed, divided, insufficient
    alignment_label: str


class PerceptionRow(TypedDict):
    label: str  # dimension name
    self_score: float | None
    others_mean: float | None
    gap: float | None  # self − others; None when either side is missing


class UsageCell(TypedDict):
    axis: str  # axis id (company, customers, competition, talent)
    network: str  # network id
    status: str  # absent, dormant, occasional, active
    status_label: str


class BenchmarkItem(TypedDict):
    label: str
    value: float | None  # the organisation's value
    benchmark: float | None
    source: str  # e.g. "Bpifrance Le Lab, 2018"
