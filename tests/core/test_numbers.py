"""One number formatter for web, PDF, PPTX, XLSX and the CLI (issue 15, item 4 and 5)."""

from __future__ import annotations

import pytest

from portevoix.core import numbers
from portevoix.core.reports.model import format_number as report_format_number
from portevoix.core.reports.model import rounded as report_rounded

MINUS, NARROW, NBSP = "\u2212", "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (2.5, 0, 3.0),  # half away from zero, not to even (Python's round gives 2)
        (-2.5, 0, -3.0),
        (2.675, 2, 2.68),  # the decimal the user typed, not the binary float below it
        (63.75, 1, 63.8),
        (78.25, 1, 78.3),
        (0.5, 0, 1.0),
    ],
)
def test_rounding_is_half_away_from_zero(value: float, digits: int, expected: float) -> None:
    assert numbers.round_half_up(value, digits) == expected
    assert numbers.rounded(value, digits) == expected  # the spreadsheet cell
    assert report_rounded(value, digits) == expected


@pytest.mark.parametrize(
    ("value", "digits", "language", "expected"),
    [
        (12345.5, 0, "fr", f"12{NARROW}346"),
        (12345.5, 0, "en", "12,346"),
        (-3.25, 1, "fr", f"{MINUS}3,3"),
        (-3.25, 1, "en", f"{MINUS}3.3"),
        (2026, 0, "fr", "2026"),
        (-0.4, 0, "fr", "0"),
        (None, 0, "fr", "—"),
        (float("nan"), 0, "fr", "—"),
    ],
)
def test_format_number(value: float | None, digits: int, language: str, expected: str) -> None:
    assert numbers.format_number(value, digits, language) == expected
    assert report_format_number(value, digits, language) == expected


def test_percent_and_signed() -> None:
    assert numbers.format_percent(45.4) == f"45{NBSP}%"
    assert numbers.format_percent(45.4, 0, "en") == "45%"
    assert numbers.format_signed(3.5, 0) == "+4"
    assert numbers.format_signed(-3.5, 0) == f"{MINUS}4"
    assert numbers.format_signed(0.2, 0) == "0"


def test_values_as_typed_keep_their_decimals() -> None:
    """A qualitative indicator 3,1 → 3,8 /5 must not print as 3 → 4 in one format (PPTX)."""
    assert numbers.format_number(3.1, numbers.AS_TYPED) == "3,1"
    assert numbers.format_number(3.8, numbers.AS_TYPED, "en") == "3.8"
    assert numbers.format_number(45, numbers.AS_TYPED) == "45"
    assert numbers.rounded(3.14159, numbers.AS_TYPED) == 3.14
