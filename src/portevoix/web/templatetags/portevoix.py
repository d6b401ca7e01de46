from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from portevoix.core import numbers
from portevoix.core.i18n import pick

register = template.Library()


@register.filter
def tr(text: Any) -> str:
    """Bilingual domain text (``{"fr": …, "en": …}`` or a ``Text`` model) in the active language."""
    if text is None:
        return ""
    if hasattr(text, "model_dump"):
        text = text.model_dump()
    if isinstance(text, dict):
        return pick(text, get_language() or "fr")
    return str(text)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template, or None."""
    try:
        return mapping.get(key) if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


def _language() -> str:
    return "en" if (get_language() or "fr").startswith("en") else "fr"


def _float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@register.filter
def number(value: Any, digits: int = 0) -> str:
    """A number as every format writes it (:func:`portevoix.core.numbers.format_number`)."""
    return numbers.format_number(_float(value), int(digits), _language())


@register.filter
def percent(value: Any, digits: int = 0) -> str:
    """A percentage (already × 100): "45 %" in French, "45%" in English."""
    return numbers.format_percent(_float(value), int(digits), _language())


@register.filter
def published_percent(value: Any) -> str:
    """A published figure's percentage, with the decimals it was published with."""
    number_ = _float(value)
    digits = 0 if number_ is None else numbers.published_digits(number_)
    return numbers.format_percent(number_, digits, _language())


@register.filter
def times(value: Any, factor: float) -> float | None:
    """``value × factor`` (a share 0–1 shown as a percentage), None for a missing value."""
    number_ = _float(value)
    return None if number_ is None else number_ * float(factor)


@register.filter
def signed(value: Any, digits: int = 1) -> str:
    """A difference: "=" when it rounds to zero, else with its sign (+3,5 / −2)."""
    number_ = _float(value)
    if number_ is None:
        return "—"
    if numbers.round_half_up(number_, int(digits)) == 0:
        return "="
    return numbers.format_signed(number_, int(digits), _language())


@register.filter
def presence(status: str) -> str:
    """A usage-map presence status (``occasional``…) in the active language."""
    from django.utils.translation import gettext

    from portevoix.core.vocabulary import PRESENCE_STATUSES

    return gettext(PRESENCE_STATUSES[status]) if status in PRESENCE_STATUSES else str(status)
