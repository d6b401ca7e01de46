"""The sections' chart specs rendered by vl-convert: SVG for the PDF, PNG for slides.

The specs are the ones the web pages build (``portevoix.core.charts``); only their width is fixed
here, since a report has no browser container to fill, and, for images, their font (see
``IMAGE_FONT``).
"""

from __future__ import annotations

from typing import Any

from portevoix.core.cells import clean_data
from portevoix.core.charts import fixed_width
from portevoix.core.charts.theme import FONT, VEGA_SCHEMA
from portevoix.core.reports import Chart

# A PNG carries its glyphs, so its font only has to be one the renderer has: vl-convert bundles
# Liberation Sans (Arial's metrics, like the slides' text). It measures and draws a bundled font
# about ten times faster than a system one (it reads a system font's file for each label), which is
# most of a deck's generation time. The PDF keeps the page's stack, which resolves to DejaVu Sans,
# the font the PDF embeds, so that labels are measured with the font they are printed in.
IMAGE_FONT = "Liberation Sans"


def _locale(language: str) -> Any:
    return "fr-FR" if language.startswith("fr") else "en-US"


def with_font(spec: Any, font: str) -> Any:
    """``spec`` with every use of the theme's font stack replaced by ``font`` (a copy)."""
    if isinstance(spec, dict):
        return {key: with_font(value, font) for key, value in spec.items()}
    if isinstance(spec, list):
        return [with_font(value, font) for value in spec]
    return font if spec == FONT else spec


def _render(spec: dict[str, Any], language: str, vega: Any, vega_lite: Any, **options: Any) -> Any:
    """``spec`` through vl-convert's Vega or Vega-Lite converter, numbers and dates in ``language``."""
    convert = vega if spec.get("$schema") == VEGA_SCHEMA else vega_lite
    spec = clean_data(spec)  # vl-convert's PNG path refuses a control character in a label
    return convert(spec, format_locale=_locale(language), time_format_locale=_locale(language), **options)


def chart_svg(chart: Chart, language: str, width: int | None = None) -> str:
    import vl_convert

    spec = fixed_width(chart.spec, width or chart.width)
    return str(_render(spec, language, vl_convert.vega_to_svg, vl_convert.vegalite_to_svg))


def chart_png(chart: Chart, language: str, width: int | None = None, scale: float = 2) -> bytes:
    import vl_convert

    spec = with_font(fixed_width(chart.spec, width or chart.width), IMAGE_FONT)
    return bytes(_render(spec, language, vl_convert.vega_to_png, vl_convert.vegalite_to_png, scale=scale))
