from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

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


@register.filter
def number(value: float | int | None, digits: int = 0) -> str:
    """A number with the active language's decimal mark (1,5 in French)."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if (get_language() or "fr").startswith("fr") else text


@register.filter
def signed(value: float, digits: int = 1) -> str:
    if abs(value) < 0.05:
        return "="
    text = number(abs(value), digits)
    return f"+{text}" if value > 0 else f"−{text}"
