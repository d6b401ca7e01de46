"""Report sections, one module per group of providers; importing this package registers them all.

``board`` and ``leader`` read the diagnostic and the activity data; ``programme`` the objections,
the business case and the roadmap (and makes the progress report).
"""

from . import board, leader, programme  # noqa: F401  (registration)
from .registry import REGISTRY, SectionProvider, build_sections, providers_for, section

__all__ = ["REGISTRY", "SectionProvider", "build_sections", "providers_for", "section"]
