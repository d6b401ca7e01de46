"""Maturity frameworks as data: schema, validation with located errors, profile adaptation."""

from .adapt import AdaptedWeights, adapt_weights, matches
from .loader import (
    LoadResult,
    framework_checksum,
    framework_content,
    load_framework_bytes,
    load_framework_file,
    validate_document,
)
from .observed import observed_score, observed_scores
from .schema import Adjustment, Dimension, Framework, Level, Observed, Option, Question, Scale, Text

__all__ = [
    "AdaptedWeights",
    "Adjustment",
    "Dimension",
    "Framework",
    "Level",
    "LoadResult",
    "Observed",
    "Option",
    "Question",
    "Scale",
    "Text",
    "adapt_weights",
    "framework_checksum",
    "framework_content",
    "load_framework_bytes",
    "load_framework_file",
    "matches",
    "observed_score",
    "observed_scores",
    "validate_document",
]
