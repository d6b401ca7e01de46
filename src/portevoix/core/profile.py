"""The organisation profile that adapts a maturity model to a company."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OrganisationProfile:
    sector: str
    size_band: str
    market: str
    priorities: frozenset[str] = field(default_factory=frozenset)
