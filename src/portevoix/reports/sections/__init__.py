"""Report sections, one module per group of providers; importing this package registers them all.

The objections, business-case and roadmap sections (``planned``) report their part as not
available yet; the modules that own that data replace them by registering the same ids.
"""

from . import board, leader, planned, programme  # noqa: F401  (registration; programme replaces planned ids)
from .registry import REGISTRY, SectionProvider, build_sections, providers_for, section

__all__ = ["REGISTRY", "SectionProvider", "build_sections", "providers_for", "section"]
