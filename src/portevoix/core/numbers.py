"""The one way Porte-voix rounds and writes a number, in every format (web, PDF, PPTX, XLSX, CLI).

* Rounding is half away from zero (3.5 → 4, 2.45 → 2.5), as people round, on the decimal value
  the user typed (``Decimal(repr(x))``), so 2.675 gives 2.68 and not 2.67 as binary floats would.
* French: decimal comma, a narrow no-break space (U+202F) between thousands, a no-break space
  (U+00A0) before ``%``. English: decimal point, comma between thousands, ``%`` glued.
* Thousands are grouped from 10,000, as French typography allows for four digits, so that years
  and scores read "2026" while money reads "58 615".
* A negative number takes the minus sign ``−`` (U+2212); what rounds to zero has no sign.

``docs/decisions/0017-results-read-model.md`` explains why there is only one.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MINUS = "\u2212"
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def round_half_up(value: float, digits: int = 0) -> float:
    """``value`` rounded to ``digits`` decimals, halves away from zero."""
    if not math.isfinite(value):
        return value
    try:
        exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than Decimal's context holds: far beyond any figure
        return float(value)
    return float(exact)


def rounded(value: float | None, digits: int = 0) -> float | None:
    """The number as it is displayed (for spreadsheet cells): the same rounding as :func:`format_number`."""
    if value is None:
        return None
    if digits < 0:
        digits = natural_digits(float(value))
    return round_half_up(float(value), digits)


def format_number(value: float | None, digits: int = 0, language: str = "fr") -> str:
    """``value`` with ``digits`` decimals in ``language``; "—" for a missing value."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if digits < 0:
        digits = natural_digits(float(value))
    number = round_half_up(float(value), digits)
    negative = number < 0 and number != 0
    magnitude = abs(number)
    text = f"{magnitude:,.{digits}f}" if magnitude >= 10_000 else f"{magnitude:.{digits}f}"
    if language.startswith("fr"):
        text = text.replace(",", NARROW_NBSP).replace(".", ",")
    return (MINUS + text) if negative else text


AS_TYPED = -1
"""``digits`` for a value shown as typed: up to two decimals, without trailing zeros (3,1 stays
3,1; 45 stays 45), in every format — a target of 3,8 /5 must not print as 4."""


def natural_digits(value: float, maximum: int = 2) -> int:
    """How many decimals ``value`` needs, up to ``maximum``."""
    text = f"{round_half_up(float(value), maximum):.{maximum}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def published_digits(value: float) -> int:
    """How many decimals a published figure is printed with: as many as it was published with
    (53.7 stays 53,7 and 72 stays 72, on the page as in every report)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return len(text.partition(".")[2])


def format_percent(value: float | None, digits: int = 0, language: str = "fr") -> str:
    """A percentage already multiplied by 100: "45 %" (no-break space) in French, "45%" in English."""
    if value is None:
        return "—"
    text = format_number(value, digits, language)
    return f"{text}{NBSP}%" if language.startswith("fr") else f"{text}%"


def format_signed(value: float | None, digits: int = 0, language: str = "fr") -> str:
    """A difference: "+12", "−3", "0" for what rounds to zero."""
    if value is None:
        return "—"
    text = format_number(value, digits, language)
    return "+" + text if round_half_up(float(value), digits) > 0 else text
