"""The sections' chart specs rendered by vl-convert: SVG for the PDF, PNG for slides.

The specs are the ones the web pages build (``portevoix.core.charts``); only their width is fixed
here, since a report has no browser container to fill.
"""

from __future__ import annotations

from typing import Any

from portevoix.core.charts import fixed_width
from portevoix.core.charts.theme import VEGA_SCHEMA
from portevoix.core.reports import Chart


def _locale(language: str) -> Any:
    return "fr-FR" if language.startswith("fr") else "en-US"


def chart_svg(chart: Chart, language: str, width: int | None = None) -> str:
    import vl_convert

    spec = fixed_width(chart.spec, width or chart.width)
    if spec.get("$schema") == VEGA_SCHEMA:
        return str(vl_convert.vega_to_svg(spec, format_locale=_locale(language)))
    return str(vl_convert.vegalite_to_svg(spec, format_locale=_locale(language)))


def chart_png(chart: Chart, language: str, width: int | None = None, scale: float = 2) -> bytes:
    import vl_convert

    spec = fixed_width(chart.spec, width or chart.width)
    if spec.get("$schema") == VEGA_SCHEMA:
        return bytes(vl_convert.vega_to_png(spec, scale=scale, format_locale=_locale(language)))
    return bytes(vl_convert.vegalite_to_png(spec, scale=scale, format_locale=_locale(language)))
