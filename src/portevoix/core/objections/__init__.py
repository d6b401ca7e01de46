"""Objections, barriers and triggers: the catalogue (data) and the classifier of leaders' words."""

from .classifier import (
    MAX_CHARS,
    NEUTRAL,
    Classification,
    Classifier,
    Closest,
    Example,
    Match,
    load_classifier,
)
from .loader import figure_of, load_catalogue_bytes, load_catalogue_file, shipped_catalogue
from .schema import KINDS, Catalogue, CounterArgument, Entry

__all__ = [
    "KINDS",
    "MAX_CHARS",
    "NEUTRAL",
    "Catalogue",
    "Classification",
    "Classifier",
    "Closest",
    "CounterArgument",
    "Entry",
    "Example",
    "Match",
    "figure_of",
    "load_catalogue_bytes",
    "load_catalogue_file",
    "load_classifier",
    "shipped_catalogue",
]
