"""Which language a text is in: French, English, or another one (unsupported, never guessed).

lingua (in its fast, low-accuracy mode, built with French, English and a few neighbouring
languages so that "another language" can be told apart) gives the candidate; short French or
English texts that it hesitates on are settled by counting each language's function words.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..i18n import Language

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Function words frequent in one language and rare in the other (and in Spanish or Italian).
FR_WORDS = frozenset(
    [
        "je",
        "j",
        "tu",
        "il",
        "elle",
        "nous",
        "vous",
        "ils",
        "elles",
        "le",
        "les",
        "des",
        "du",
        "est",
        "sont",
        "suis",
        "pas",
        "ne",
        "n",
        "que",
        "qu",
        "qui",
        "mon",
        "ma",
        "mes",
        "notre",
        "nos",
        "votre",
        "vos",
        "pour",
        "avec",
        "sur",
        "dans",
        "ce",
        "c",
        "ça",
        "cette",
        "ces",
        "et",
        "au",
        "aux",
        "on",
        "être",
        "avoir",
        "ai",
        "as",
        "fait",
        "faire",
        "très",
        "aussi",
        "mais",
        "ou",
        "d",
        "l",
        "m",
        "s",
        "rien",
        "tout",
        "tous",
        "plus",
        "moins",
        "chez",
        "déjà",
        "jamais",
        "encore",
        "quoi",
        "pourquoi",
        "comment",
        "leur",
        "leurs",
        "sans",
        "trop",
        "peu",
        "bien",
    ]
)
EN_WORDS = frozenset(
    [
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "the",
        "is",
        "are",
        "am",
        "was",
        "were",
        "not",
        "don't",
        "doesn't",
        "do",
        "does",
        "my",
        "our",
        "your",
        "their",
        "to",
        "of",
        "and",
        "for",
        "with",
        "on",
        "in",
        "it",
        "this",
        "that",
        "these",
        "have",
        "has",
        "had",
        "be",
        "been",
        "at",
        "what",
        "why",
        "how",
        "so",
        "but",
        "or",
        "can",
        "can't",
        "will",
        "would",
        "i'm",
        "it's",
        "we're",
        "there",
        "too",
        "never",
        "already",
        "anymore",
        "nothing",
        "about",
        "from",
        "by",
        "me",
        "us",
    ]
)
OTHER_LANGUAGES = ("GERMAN", "SPANISH", "ITALIAN", "PORTUGUESE", "DUTCH")


@cache
def _detector() -> Any:
    from lingua import Language as L
    from lingua import LanguageDetectorBuilder

    languages = [L.FRENCH, L.ENGLISH, *(getattr(L, name) for name in OTHER_LANGUAGES)]
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


def load() -> None:
    """Build the detector now (it is otherwise built on first use)."""
    _detector()


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text.replace("’", "'"))]


def detect(text: str) -> Language | None:
    """``"fr"``, ``"en"``, or ``None`` when the text is in another language."""
    tokens = words(text)
    # "don't", "i'm": the apostrophe split them; rebuild the English contractions.
    joined = text.lower().replace("’", "'")
    fr_hits = sum(1 for t in tokens if t in FR_WORDS)
    en_hits = sum(1 for t in tokens if t in EN_WORDS) + len(
        re.findall(r"\b\w+'(?:t|m|s|re|ll|ve|d)\b", joined)
    )
    values = _detector().compute_language_confidence_values(text)
    top = values[0].language.name if values else ""
    if top in ("FRENCH", "ENGLISH"):
        if fr_hits != en_hits:
            return "fr" if fr_hits > en_hits else "en"
        return "fr" if top == "FRENCH" else "en"
    # lingua says another language: trust it unless French or English function words dominate.
    if max(fr_hits, en_hits) >= 2 and max(fr_hits, en_hits) >= len(tokens) / 4:
        return "fr" if fr_hits >= en_hits else "en"
    return None
