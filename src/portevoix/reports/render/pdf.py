"""PDF: HTML/CSS templates rendered by WeasyPrint (A4, page numbers, table of contents, DejaVu fonts
embedded by WeasyPrint, charts as inline vector SVG)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string, select_template
from django.utils.safestring import mark_safe

from portevoix.core.reports import Document, Section
from portevoix.core.reports.model import format_value

from .charts import chart_svg
from .common import table_rows, unit_label

CHART_WIDTH = 640


def _section_view(section: Section, language: str) -> dict[str, Any]:
    return {
        "section": section,
        "anchor": f"s-{section.id}",
        "figures": [
            {
                "figure": f,
                "text": format_value(
                    f.value, f.unit if f.unit not in ("count", "days") else "", f.digits, language
                ),
            }
            for f in section.figures
        ],
        "charts": [
            {"chart": c, "svg": mark_safe(chart_svg(c, language, CHART_WIDTH))} for c in section.charts
        ],
        "tables": [
            {
                "table": t,
                "rows": [
                    [(text, bool(c.unit)) for text, c in zip(row, t.columns, strict=True)]
                    for row in table_rows(t, language)
                ],
                "headers": [
                    (c.label, unit_label(c.unit) if c.unit == "score" else "", bool(c.unit))
                    for c in t.columns
                ],
            }
            for t in section.tables
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
