"""The sections' charts as the reports draw them: vectors for the PDF, pictures for the slides."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from PIL import Image

from portevoix.core.charts import radar
from portevoix.core.charts.theme import FONT
from portevoix.core.reports import Chart
from portevoix.reports.render.charts import IMAGE_FONT, chart_png, chart_svg, with_font
from portevoix.testing.charts import monthly_timeline


def _timeline_chart() -> Chart:
    return Chart(id="timeline", title="Calendrier", spec=monthly_timeline(dt.date(2027, 1, 4), 4))


def _radar_chart() -> Chart:
    axes = [("a", "Profil"), ("b", "Réseau"), ("c", "Voix")]
    spec = radar(
        [{"label": "Moyenne du codir", "values": {"a": 40, "b": 60, "c": 20}}], axes, title="Dimensions"
    )
    return Chart(id="radar", title="Dimensions", spec=spec)


def _strings(spec: Any) -> list[str]:
    if isinstance(spec, dict):
        return [s for value in spec.values() for s in _strings(value)]
    if isinstance(spec, list):
        return [s for value in spec for s in _strings(value)]
    return [spec] if isinstance(spec, str) else []


def test_images_use_the_font_the_renderer_carries_everywhere_the_theme_names_its_stack() -> None:
    for chart in (_timeline_chart(), _radar_chart()):  # Vega-Lite and raw Vega
        assert FONT in _strings(chart.spec)
        swapped = _strings(with_font(chart.spec, IMAGE_FONT))
        assert FONT not in swapped
        assert IMAGE_FONT in swapped
        assert FONT in _strings(chart.spec)  # the section's own spec stays as the web page has it


def test_slide_pictures_are_drawn_at_the_asked_width_and_the_pdf_keeps_the_page_font() -> None:
    for chart, least_width in ((_timeline_chart(), 900 * 1.5), (_radar_chart(), 320)):
        image = Image.open(io.BytesIO(chart_png(chart, "fr", width=900, scale=1.5)))
        assert image.format == "PNG"
        assert image.width >= least_width  # the radar keeps its own size
        colours = image.convert("L").getextrema()
        assert colours[0] < 100  # something is drawn: text and marks, not a blank picture
    svg = chart_svg(_timeline_chart(), "fr", 640)
    assert "DejaVu Sans" in svg


def test_dates_follow_the_report_language() -> None:
    chart = _timeline_chart()
    french, english = chart_svg(chart, "fr", 640), chart_svg(chart, "en", 640)
    assert "févr. 2027" in french
    assert "Feb 2027" not in french
    assert "Feb 2027" in english
