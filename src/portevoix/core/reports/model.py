"""The typed content of a report, independent of its format.

A report is a :class:`Document` made of :class:`Section` s. Each section is produced by a provider
(``portevoix.reports.sections``) and read by every renderer (PDF, PPTX, XLSX), so a number is the
same in the three formats. Texts are already in the report's language when they reach this model.

A section that lacks its data is not left out and does not fail: it carries :class:`Missing`
entries (what is missing, what to do) and the renderers show them in place of charts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from portevoix.core import numbers

Cell = str | int | float | None
Unit = Literal["", "score", "percent", "points", "rating", "count", "euros", "days", "ratio"]
ReportKind = Literal["board", "leader", "progress"]


@dataclass(frozen=True)
class KeyFigure:
    """A headline number: ``value`` in ``unit``, shown with ``digits`` decimals."""

    label: str
    value: float | None
    unit: Unit = ""
    digits: int = 0
    note: str = ""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: Unit = ""
    digits: int = 0


@dataclass(frozen=True)
class Table:
    """Rows of cells under ``columns``; the XLSX renderer writes every table of a section."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    source: str = ""
    note: str = ""
    # Tables the PDF and the slides do not need to show (underlying data for the spreadsheet).
    data_only: bool = False


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite (or raw Vega, for the radar) spec, as the web pages build it."""

    id: str
    title: str
    spec: dict[str, Any]
    width: int = 640


@dataclass(frozen=True)
class Missing:
    """A part of the report that the organisation's data cannot fill yet, and what to do."""

    what: str
    todo: str


@dataclass
class Section:
    id: str
    title: str
    # The one message of the section: the slide title, the lead sentence of the PDF section.
    message: str = ""
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    figures: list[KeyFigure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    # A section whose data is all missing: renderers show the missing parts only.
    empty: bool = False

    @classmethod
    def unavailable(cls, section_id: str, title: str, *missing: Missing) -> Section:
        first = missing[0].what if missing else ""
        return cls(section_id, title, message=first, missing=list(missing), empty=True)


@dataclass
class Document:
    kind: ReportKind
    language: str
    title: str
    subtitle: str
    organisation: str
    generated_on: str  # already formatted in the report's language
    confidential: str = ""  # who may read it, printed on every page
    sections: list[Section] = field(default_factory=list)
    # Which campaign and activity period the figures cover, printed on the cover (empty: none).
    scope: str = ""
    scope_name: str = ""  # the campaign's name, for the file name

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    @property
    def missing(self) -> list[tuple[Section, Missing]]:
        return [(section, missing) for section in self.sections for missing in section.missing]


def format_number(value: float | None, digits: int = 0, language: str = "fr") -> str:
    """The one number formatter (:mod:`portevoix.core.numbers`), as every page and format shows it."""
    return numbers.format_number(value, digits, language)


def rounded(value: float | None, digits: int = 0) -> float | None:
    """The number as displayed, for spreadsheets: the same rounding as :func:`format_number`."""
    return numbers.rounded(value, digits)


# After a no-break space, so that a value never wraps away from its unit (French typography).
UNIT_SUFFIX: dict[str, str] = {
    "score": "/100",
    "percent": "\u00a0%",
    "points": "\u00a0pts",
    "rating": "\u00a0/\u00a05",
    "euros": "\u00a0€",
}


def format_value(value: Cell, unit: str = "", digits: int = 0, language: str = "fr") -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    text = format_number(float(value), digits, language)
    if unit == "points" and value > 0 and text.strip("0,."):
        text = "+" + text
    suffix = UNIT_SUFFIX.get(unit, "")
    if language.startswith("en") and unit == "percent":
        suffix = "%"
    return text + suffix
