"""How the slides share out a section: titles that fit, text continued rather than cut."""

from __future__ import annotations

from pptx.util import Inches

from portevoix.reports.render.slides import TITLE_SIZES, items_that_fit, title_size

WIDTH = int(Inches(12.13))
HEIGHT = int(Inches(5.4))


def test_a_short_message_keeps_the_large_title_and_a_long_one_is_set_smaller() -> None:
    assert title_size("Trois messages pour le codir", WIDTH) == TITLE_SIZES[0]
    long = (
        "« Social selling — équipe commerciale machines spéciales » : valeur actuelle nette de "
        "58 615 EUR sur 3 ans, ROI 69 %, mise récupérée en 14 mois."
    )
    assert title_size(long, WIDTH) < TITLE_SIZES[0]
    assert title_size("x" * 2000, WIDTH) == TITLE_SIZES[-1]


def test_a_slide_takes_the_items_that_fit_and_fewer_under_key_figures() -> None:
    items = [f"• Point {n} " + "mot " * 60 for n in range(12)]
    full = items_that_fit(items, WIDTH, HEIGHT)
    assert 1 < full < len(items)  # the rest continues on the next slide
    assert items_that_fit(items, WIDTH, int(Inches(2))) < full
    assert items_that_fit(items[:2], WIDTH, HEIGHT) == 2


def test_an_item_too_long_for_a_slide_still_gets_one() -> None:
    huge = "mot " * 3000
    assert items_that_fit([huge, "court"], WIDTH, HEIGHT) == 1
    assert items_that_fit(["court", huge], WIDTH, HEIGHT) == 1
    assert items_that_fit([], WIDTH, HEIGHT) == 0


def test_a_chart_on_a_slide_titled_with_its_title_is_drawn_without_it() -> None:
    import io

    from PIL import Image

    from portevoix.core.charts import radar
    from portevoix.core.reports import Chart
    from portevoix.reports.render.slides import _chart_png

    spec = radar(
        [{"label": "Codir", "values": {"a": 40, "b": 60, "c": 20}}],
        [("a", "A"), ("b", "B"), ("c", "C")],
        title="Dimensions",
    )
    chart = Chart(id="radar", title="Dimensions", spec=spec)
    titled = Image.open(io.BytesIO(_chart_png(chart, "fr")))
    bare = Image.open(io.BytesIO(_chart_png(chart, "fr", titled=False)))
    assert bare.height < titled.height
    assert "title" in chart.spec  # the section's chart is left as it was
