"""Bilingual text for domain content, without depending on Django.

Domain content (frameworks, catalogues) carries its own French and English text. User-facing
messages produced by the core are English source strings marked with :func:`gettext_noop`, so
that Django's ``makemessages`` extracts them and the web/CLI layer translates them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")
DEFAULT_LANGUAGE: Language = "fr"


def gettext_noop(message: str) -> str:
    """Mark a string for extraction; the Django layer translates it when it is shown."""
    return message


def pick(text: Mapping[str, str], language: str) -> str:
    """The text in ``language``, falling back to French then English."""
    for code in (language, DEFAULT_LANGUAGE, "en"):
        value = text.get(code)
        if value:
            return value
    return ""
