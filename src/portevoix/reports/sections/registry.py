"""The registry of report sections: each section is contributed by a provider.

A provider is a function ``(ReportContext) -> Section`` registered with :func:`section` under an
id, a bilingual title (a translatable string), the reports it belongs to and its place in them.
It gathers its data from the organisation (or the leader) and returns a typed
:class:`~portevoix.core.reports.Section`, or ``Section.unavailable(…)`` with :class:`Missing`
entries saying what is missing and what to do. Renderers for PDF, PPTX and XLSX read the same
sections; a PDF section may have its own template ``reports/pdf/sections/<id>.html`` (the generic
one is used otherwise).

Adding a section = one module in ``portevoix/reports/sections/`` that calls :func:`section`,
imported in ``sections/__init__.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from portevoix.core.reports import Section

from ..context import ReportContext

Build = Callable[[ReportContext], Section]


@dataclass(frozen=True)
class SectionProvider:
    id: str
    title: Promise | str  # gettext_lazy: translated in the report's language at build time
    reports: frozenset[str]
    order: int
    build: Build


REGISTRY: dict[str, SectionProvider] = {}


def section(
    section_id: str, *, title: Promise | str, reports: tuple[str, ...], order: int
) -> Callable[[Build], Build]:
    """Register ``build`` as the provider of ``section_id`` (a later registration replaces it)."""

    def decorator(build: Build) -> Build:
        REGISTRY[section_id] = SectionProvider(section_id, title, frozenset(reports), order, build)
        return build

    return decorator


def providers_for(kind: str) -> list[SectionProvider]:
    return sorted((p for p in REGISTRY.values() if kind in p.reports), key=lambda p: (p.order, p.id))


def build_sections(
    context: ReportContext, progress: Callable[[int], None] = lambda done: None
) -> list[Section]:
    """Every section of ``context.kind``, in order; ``progress`` receives the count built so far."""
    sections = []
    for index, provider in enumerate(providers_for(context.kind)):
        built = provider.build(context)
        if not built.title:
            built.title = str(provider.title)
        sections.append(built)
        progress(index + 1)
    return sections
