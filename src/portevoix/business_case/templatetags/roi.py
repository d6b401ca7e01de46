"""``{% load roi %}``: money and percentages as people read them in the active language."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


def _french() -> bool:
    return (get_language() or "fr").startswith("fr")


@register.filter
def money(value: Any, digits: int = 0) -> str:
    """12 345 (French, narrow no-break space) or 12,345 (English); — for nothing."""
    if value is None or value == "":
        return "—"
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
    text = f"{exact:,.{int(digits)}f}"
    if _french():
        text = text.replace(",", "\u202f").replace(".", ",")
    return text.replace("-", "−")


@register.filter
def percent(value: Any, digits: int = 0) -> str:
    """A fraction as a percentage: 0.6628 → 66 %."""
    if value is None or value == "":
        return "—"
    exact = (Decimal(str(value)) * 100).quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
    text = f"{exact:.{int(digits)}f}"
    if _french():
        return text.replace(".", ",").replace("-", "−") + "\u202f%"
    return text.replace("-", "−") + "%"


@register.filter
def amount(value: Any) -> str:
    """A planned value as typed: up to four decimals, without trailing zeros (6, 0,25, 28 000)."""
    if value is None or value == "":
        return "—"
    exact = Decimal(str(value)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()
    digits = max(-exact.as_tuple().exponent, 0)  # type: ignore[operator]
    return money(exact, digits)
