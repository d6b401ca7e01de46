"""Numbers as the reports print them."""

from __future__ import annotations

import pytest

from portevoix.core.reports.model import format_number, format_value

MINUS, NARROW = "\u2212", "\u202f"


@pytest.mark.parametrize(
    ("value", "digits", "language", "expected"),
    [
        (58615, 0, "fr", f"58{NARROW}615"),
        (58615, 0, "en", "58,615"),
        (9900, 0, "fr", "9900"),  # grouped from 10,000, as in print
        (-9900, 0, "fr", f"{MINUS}9900"),
        (-12345.6, 1, "fr", f"{MINUS}12{NARROW}345,6"),
        (-0.2, 0, "fr", "0"),  # rounds to zero: no sign
        (-0.04, 1, "en", "0.0"),
        (None, 0, "fr", "—"),
    ],
)
def test_format_number(value: float | None, digits: int, language: str, expected: str) -> None:
    assert format_number(value, digits, language) == expected


def test_points_are_signed_and_zero_is_not() -> None:
    # units after a no-break space (issue 15: one formatter; it was a plain space)
    assert format_value(5, "points") == "+5\u00a0pts"
    assert format_value(-5, "points") == f"{MINUS}5\u00a0pts"
    assert format_value(-0.3, "points") == "0\u00a0pts"
    assert format_value(0.3, "points") == "0\u00a0pts"
    assert format_value(-2354, "euros") == f"{MINUS}2354\u00a0€"
    assert format_value(45, "percent") == "45\u00a0%"
    assert format_value(45, "percent", language="en") == "45%"
