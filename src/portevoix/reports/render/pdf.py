"""PDF: HTML/CSS templates rendered by WeasyPrint (A4, page numbers, table of contents, DejaVu fonts
embedded by WeasyPrint, charts as inline vector SVG)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string, select_template
from django.utils.safestring import mark_safe

from portevoix.core.charts.theme import FONT
from portevoix.core.reports import Document, Section, Table
from portevoix.core.reports.model import format_value

from .charts import chart_svg
from .common import table_rows

CHART_WIDTH = 640


# The charts' font stack names system fonts first; print has DejaVu Sans, which is what the stack
# resolves to here. Naming it directly spares WeasyPrint a font lookup for every chart label.
SCREEN_FONT = 'font-family="{}"'.format(FONT.replace('"', "&quot;"))
PRINT_FONT = 'font-family="DejaVu Sans"'


def _data_uri(svg: str) -> str:
    svg = svg.replace(SCREEN_FONT, PRINT_FONT)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _numeric_columns(table: Table) -> list[bool]:
    return [
        any(isinstance(row[i], int | float) for row in table.rows) or (not table.rows and bool(c.unit))
        for i, c in enumerate(table.columns)
    ]


def _section_view(section: Section, language: str) -> dict[str, Any]:
    table_sources = {t.source for t in section.tables if not t.data_only}
    return {
        "section": section,
        "anchor": f"s-{section.id}",
        "sources": [s for s in section.sources if s not in table_sources],
        "figures": [
            {
                "figure": f,
                "text": format_value(
                    f.value, f.unit if f.unit not in ("count", "days") else "", f.digits, language
                ),
            }
            for f in section.figures
        ],
        # As images, not inline: WeasyPrint then parses the SVG itself (still drawn as vectors)
        # instead of running thousands of SVG nodes through the HTML parser and the CSS cascade.
        "charts": [
            {
                "chart": c,
                "src": _data_uri(chart_svg(c, language, CHART_WIDTH)),
                # A spec without its own title (the timeline) is captioned, so that it is named
                # even when it starts a page away from its section's heading.
                "caption": "" if c.spec.get("title") else c.title,
            }
            for c in section.charts
        ],
        "tables": [
            {
                "table": t,
                "wide": len(t.columns) > 6,
                "rows": [
                    [(text, numeric[i]) for i, text in enumerate(row)] for row in table_rows(t, language)
                ],
                "headers": [(c.label, numeric[i]) for i, c in enumerate(t.columns)],
            }
            for t, numeric in ((t, _numeric_columns(t)) for t in section.tables)
            if not t.data_only
        ],
    }


def render_pdf(document: Document, progress: Callable[[int], None] = lambda percent: None) -> bytes:
    from weasyprint import HTML

    views = []
    for index, section in enumerate(document.sections):
        view = _section_view(section, document.language)
        template = select_template(
            [f"reports/pdf/sections/{section.id}.html", "reports/pdf/sections/_generic.html"]
        )
        view["html"] = mark_safe(template.render(view))
        views.append(view)
        progress(round(60 * (index + 1) / max(len(document.sections), 1)))
    html = render_to_string("reports/pdf/report.html", {"document": document, "sections": views})
    progress(70)
    pdf = HTML(string=html, base_url=".").write_pdf()
    progress(100)
    return bytes(pdf or b"")
