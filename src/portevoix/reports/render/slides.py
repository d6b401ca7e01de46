"""PowerPoint: 16:9, one message per slide, charts as PNG, sources in the speaker notes.

The default deck is drawn on blank slides with Porte-voix's colours. With the organisation's own
template (``.pptx`` or ``.potx`` saved as ``.pptx``), its slide size, masters, theme and layouts are
used: each slide takes the template's "Title Only" layout (else the first with a title) and its
title placeholder carries the message; the template's own slides are removed.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portevoix.core.reports import Chart, Document, Section, Table
from portevoix.core.reports.model import format_value

from .charts import chart_png
from .common import table_rows, unit_label

INK = (0x1D, 0x24, 0x33)
MUTED = (0x5B, 0x64, 0x75)
ACCENT = (0x0B, 0x3A, 0x75)
WARN_FILL = (0xFD, 0xF6, 0xE9)
WARN_LINE = (0xE3, 0xB3, 0x5F)
# The deck is opened in PowerPoint, Keynote or LibreOffice on the reader's machine: Arial is on the
# first two and LibreOffice draws it with Liberation Sans, the font of the charts' images.
FONT = "Arial"
MAX_TABLE_ROWS = 12
EMU_PER_POINT = 12700
TITLE_SIZES = (26, 22, 19, 16)
TITLE_AREA_PT = 68  # from the title's top to the accent rule under it
BOLD_GLYPH_EM = 0.58
LINE_HEIGHT = 1.2
CHART_WIDTH = 900  # px, as the spec is laid out
CHART_SCALE = 1.5  # pixels per spec pixel in the picture
CHART_LABEL_PX = 12  # the theme's label size
MIN_LABEL_PT = 9  # below this, a chart gets a slide of its own
BODY_SIZE = 15
REGULAR_GLYPH_EM = 0.52
PARAGRAPH_SPACING = 1.1


def RGB(red: int, green: int, blue: int) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor(red, green, blue)  # type: ignore[no-untyped-call]


class Deck:
    def __init__(self, template: bytes | None) -> None:
        from pptx import Presentation
        from pptx.util import Emu, Inches

        self.themed = template is not None
        self.prs = Presentation(io.BytesIO(template)) if template is not None else Presentation()
        if template is None:
            self.prs.slide_width = Emu(Inches(13.333))
            self.prs.slide_height = Emu(Inches(7.5))
        else:
            self._drop_slides()
        self.margin = int(Inches(0.6))
        self.width = int(self.prs.slide_width or Inches(13.333))
        self.height = int(self.prs.slide_height or Inches(7.5))
        self.layout = self._layout()

    def _drop_slides(self) -> None:
        slides = self.prs.slides._sldIdLst
        for slide_id in list(slides):
            self.prs.part.drop_rel(slide_id.rId)
            slides.remove(slide_id)

    def _layout(self) -> Any:
        layouts = list(self.prs.slide_layouts)
        if not self.themed:
            return layouts[6] if len(layouts) > 6 else layouts[-1]  # "Blank" of the default template
        for layout in layouts:
            if layout.name.lower() in ("title only", "titre seul"):
                return layout
        for layout in layouts:
            if any(p.placeholder_format.type == 1 for p in list(layout.placeholders)):  # TITLE
                return layout
        return layouts[0]

    # -- drawing helpers ------------------------------------------------------------------------

    def text(
        self,
        slide: Any,
        left: int,
        top: int,
        width: int,
        height: int,
        text: str,
        *,
        size: int = 14,
        bold: bool = False,
        colour: tuple[int, int, int] = INK,
    ) -> Any:
        from pptx.util import Pt

        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        for index, line in enumerate(text.split("\n")):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size = Pt(size)
            run.font.bold = bold
            if not self.themed:
                run.font.name = FONT
            run.font.color.rgb = RGB(*colour)
        return box

    def slide(self, title: str, notes: str) -> tuple[Any, int]:
        """A new slide with ``title`` as its message; returns it and the top of the free area."""
        from pptx.util import Emu, Inches, Pt

        slide = self.prs.slides.add_slide(self.layout)
        margin = self.margin
        top = int(Inches(1.5))
        if slide.shapes.title is not None:
            slide.shapes.title.text = title
            placeholder = slide.shapes.title
            shrink_on_overflow(placeholder)
            top = int(placeholder.top + placeholder.height + Inches(0.15))
        else:
            box = self.text(
                slide,
                margin,
                int(Inches(0.4)),
                self.width - 2 * margin,
                int(Inches(0.95)),
                title,
                size=title_size(title, self.width - 2 * margin),
                bold=True,
                colour=ACCENT,
            )
            shrink_on_overflow(box)
            bar = slide.shapes.add_shape(1, margin, int(Inches(1.35)), Emu(int(Inches(1.2))), Emu(int(Pt(4))))
            bar.fill.solid()
            bar.fill.fore_color.rgb = RGB(*ACCENT)
            bar.line.fill.background()
        slide.notes_slide.notes_text_frame.text = notes
        return slide, top

    def picture(self, slide: Any, png: bytes, left: int, top: int, max_width: int, max_height: int) -> None:
        picture = slide.shapes.add_picture(io.BytesIO(png), left, top)
        ratio = min(max_width / picture.width, max_height / picture.height, 1.0)
        picture.width, picture.height = int(picture.width * ratio), int(picture.height * ratio)
        picture.left = left + (max_width - picture.width) // 2


def title_size(title: str, width: int) -> int:
    """The largest title size (points) at which ``title`` fits the title area above the rule.

    A message is a sentence and may be long; text boxes do not shrink by themselves in every
    viewer, so the size is chosen from the length, with a bold glyph's average width.
    """
    width_pt = width / EMU_PER_POINT
    for size in TITLE_SIZES:
        per_line = max(int(width_pt / (size * BOLD_GLYPH_EM)), 1)
        lines = sum(-(-max(len(line), 1) // per_line) for line in title.split("\n"))
        if lines * size * LINE_HEIGHT <= TITLE_AREA_PT:
            return size
    return TITLE_SIZES[-1]


def items_that_fit(items: list[str], width: int, height: int, size: int = BODY_SIZE) -> int:
    """How many of ``items`` (paragraphs, bullets), in order, fit a text area ``width`` × ``height``
    at ``size`` points; at least one, so that an item longer than a slide still gets one."""
    per_line = max(int(width / EMU_PER_POINT / (size * REGULAR_GLYPH_EM)), 1)
    capacity = height / EMU_PER_POINT / (size * LINE_HEIGHT * PARAGRAPH_SPACING)
    used = 0
    for count, item in enumerate(items):
        used += -(-max(len(item), 1) // per_line)
        if count and used > capacity:
            return count
    return len(items)


def shrink_on_overflow(box: Any) -> None:
    """Ask the viewer to shrink the text rather than let it overflow (PowerPoint's "shrink text on
    overflow"; LibreOffice applies it at once, PowerPoint when the slide is next edited)."""
    from pptx.enum.text import MSO_AUTO_SIZE

    box.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE


def label_points(deck: Deck, png: bytes, top: int, bottom: int) -> float:
    """The size, in points, at which a chart's 12 px labels would print in the free area."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    width_px, height_px = image.size
    dpi = float(image.info.get("dpi", (72, 72))[0]) or 72.0
    natural = 914400 / dpi  # EMU per pixel at the picture's own size, which it never exceeds
    ratio = min((deck.width - 2 * deck.margin) / width_px, (deck.height - top - bottom) / height_px, natural)
    return CHART_LABEL_PX * CHART_SCALE * ratio / EMU_PER_POINT


def _notes(section: Section) -> str:
    lines = []
    if section.sources:
        lines.append(_("Sources:") + " " + " · ".join(section.sources))
    for table in section.tables:
        if table.source:
            lines.append(f"{table.title} — {_('Source:')} {table.source}")
    for missing in section.missing:
        lines.append(f"{missing.what} {_('What to do:')} {missing.todo}")
    return "\n".join(dict.fromkeys(lines))


def _cover(deck: Deck, document: Document) -> None:
    from pptx.util import Inches

    slide, _top = deck.slide(document.title, document.subtitle)
    if not deck.themed:
        background = slide.background.fill
        background.solid()
        background.fore_color.rgb = RGB(*ACCENT)
        for shape in list(slide.shapes):
            shape._element.getparent().remove(shape._element)
        margin = int(Inches(0.9))
        deck.text(
            slide,
            margin,
            int(Inches(1.2)),
            deck.width - 2 * margin,
            int(Inches(0.5)),
            "PORTE-VOIX",
            size=14,
            colour=(0xCF, 0xE1, 0xF2),
        )
        deck.text(
            slide,
            margin,
            int(Inches(2.0)),
            deck.width - 2 * margin,
            int(Inches(1.6)),
            document.title,
            size=40,
            bold=True,
            colour=(0xFF, 0xFF, 0xFF),
        )
        deck.text(
            slide,
            margin,
            int(Inches(3.7)),
            deck.width - 2 * margin,
            int(Inches(0.8)),
            document.organisation,
            size=24,
            colour=(0xFF, 0xFF, 0xFF),
        )
        deck.text(
            slide,
            margin,
            int(Inches(5.2)),
            deck.width - 2 * margin,
            int(Inches(1.8)),
            "\n".join(
                line
                for line in (document.subtitle, document.generated_on, document.scope, document.confidential)
                if line
            ),
            size=13,
            colour=(0xCF, 0xE1, 0xF2),
        )
    else:
        margin = deck.margin
        deck.text(
            slide,
            margin,
            _top,
            deck.width - 2 * margin,
            int(Inches(2.2)),
            "\n".join(
                line
                for line in (
                    document.organisation,
                    document.subtitle,
                    document.generated_on,
                    document.scope,
                    document.confidential,
                )
                if line
            ),
            size=16,
            colour=MUTED,
        )


def _figures(deck: Deck, slide: Any, section: Section, top: int, language: str) -> int:
    from pptx.util import Inches

    figures = section.figures[:4]
    if not figures:
        return top
    margin = deck.margin
    gap = int(Inches(0.25))
    width = (deck.width - 2 * margin - gap * (len(figures) - 1)) // len(figures)
    height = int(Inches(1.25))
    for index, figure in enumerate(figures):
        left = margin + index * (width + gap)
        card = slide.shapes.add_shape(1, left, top, width, height)
        card.fill.solid()
        card.fill.fore_color.rgb = RGB(0xF1, 0xF5, 0xFB)
        card.line.color.rgb = RGB(0xDF, 0xE3, 0xEA)
        value = format_value(
            figure.value, figure.unit if figure.unit not in ("count", "days") else "", figure.digits, language
        )
        deck.text(
            slide,
            left + int(Inches(0.15)),
            top + int(Inches(0.05)),
            width - int(Inches(0.3)),
            int(Inches(0.6)),
            value,
            size=26,
            bold=True,
            colour=ACCENT,
        )
        label = figure.label + (f" — {figure.note}" if figure.note else "")
        deck.text(
            slide,
            left + int(Inches(0.15)),
            top + int(Inches(0.68)),
            width - int(Inches(0.3)),
            int(Inches(0.55)),
            label,
            size=11,
            colour=MUTED,
        )
    return top + height + int(Inches(0.25))


def _missing(deck: Deck, slide: Any, section: Section, top: int) -> int:
    from pptx.util import Inches

    margin = deck.margin
    for missing in section.missing:
        height = int(Inches(1.1))
        box = slide.shapes.add_shape(1, margin, top, deck.width - 2 * margin, height)
        box.fill.solid()
        box.fill.fore_color.rgb = RGB(*WARN_FILL)
        box.line.color.rgb = RGB(*WARN_LINE)
        deck.text(
            slide,
            margin + int(Inches(0.2)),
            top + int(Inches(0.08)),
            deck.width - 2 * margin - int(Inches(0.4)),
            height - int(Inches(0.1)),
            f"{missing.what}\n{_('What to do:')} {missing.todo}",
            size=13,
            colour=(0x7A, 0x45, 0x00),
        )
        top += height + int(Inches(0.15))
    return top


def _table(deck: Deck, slide: Any, table: Table, top: int, language: str) -> None:
    from pptx.util import Inches, Pt

    all_rows = table_rows(table, language)
    rows = all_rows[:MAX_TABLE_ROWS]
    margin = deck.margin
    if len(all_rows) > len(rows):
        hidden = len(all_rows) - len(rows)
        note = ngettext(
            "%(count)s more row in the Excel workbook of this report.",
            "%(count)s more rows in the Excel workbook of this report.",
            hidden,
        ) % {"count": hidden}
        deck.text(
            slide,
            margin,
            deck.height - int(Inches(0.45)),
            deck.width - 2 * margin,
            int(Inches(0.35)),
            note,
            size=11,
            colour=MUTED,
        )
    height = int(Inches(0.32)) * (len(rows) + 1)
    shape = slide.shapes.add_table(
        len(rows) + 1, len(table.columns), margin, top, deck.width - 2 * margin, height
    )
    grid = shape.table
    for col, column in enumerate(table.columns):
        unit = unit_label(column.unit) if column.unit == "score" else ""
        grid.cell(0, col).text = column.label + (f" ({unit})" if unit else "")
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    for r in range(len(rows) + 1):
        for c in range(len(table.columns)):
            for paragraph in grid.cell(r, c).text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(11 if len(table.columns) < 7 else 9)


def _chart_png(chart: Chart, language: str, *, titled: bool = True) -> bytes:
    """The chart as a picture; ``titled=False`` on a slide whose title is already the chart's."""
    if not titled and "title" in chart.spec:
        chart = replace(chart, spec={key: value for key, value in chart.spec.items() if key != "title"})
    return chart_png(chart, language, width=CHART_WIDTH, scale=CHART_SCALE)


def _items(section: Section) -> list[str]:
    return [*section.paragraphs, *(f"• {b}" for b in section.bullets)]


def _text_slides(
    deck: Deck, slide: Any | None, top: int, items: list[str], title: str, notes: str, bottom: int
) -> None:
    """The section's text from ``top`` of ``slide`` (or of a new slide), continued on as many
    slides as it needs at a readable size. Each slide is filled from where its own title ends
    (an organisation's template may place it anywhere)."""
    from pptx.util import Inches

    width = deck.width - 2 * deck.margin
    remaining, count = list(items), 0
    while remaining:
        if slide is None or count:
            continued = title if count == 0 else _("%(title)s (continued)") % {"title": title}
            slide, extra_top = deck.slide(continued, notes)
            top = extra_top + int(Inches(0.2))
        height = deck.height - top - bottom
        fitting = items_that_fit(remaining, width, height)
        deck.text(slide, deck.margin, top, width, height, "\n".join(remaining[:fitting]), size=BODY_SIZE)
        remaining, count = remaining[fitting:], count + 1


def render_pptx(
    document: Document, template: bytes | None = None, progress: Callable[[int], None] = lambda percent: None
) -> bytes:
    from pptx.util import Inches

    deck = Deck(template)
    language = document.language
    _cover(deck, document)
    bottom = int(Inches(0.4))
    for index, section in enumerate(document.sections):
        notes = _notes(section)
        slide, top = deck.slide(section.message or section.title, notes)
        margin = deck.margin
        deck.text(
            slide,
            margin,
            top,
            deck.width - 2 * margin,
            int(Inches(0.35)),
            section.title.upper(),
            size=11,
            colour=MUTED,
        )
        top += int(Inches(0.4))
        fresh_top = top
        top = _missing(deck, slide, section, top)
        top = _figures(deck, slide, section, top, language)
        # Only the first chart may share the message's slide; the others get a slide titled with
        # their own title, so their picture goes without it.
        charts = [
            (chart, _chart_png(chart, language, titled=n == 0)) for n, chart in enumerate(section.charts)
        ]
        visible_tables = [t for t in section.tables if not t.data_only]
        items = _items(section)
        message = section.message or section.title
        # The first chart shares the message's slide when its labels stay legible there; under
        # key figures a tall chart (the radar, the timeline) would shrink to unreadable, so it
        # gets the next slide and this one takes the section's text.
        shares_slide = bool(charts) and (
            top == fresh_top or label_points(deck, charts[0][1], top, bottom) >= MIN_LABEL_PT
        )
        if shares_slide:
            chart, png = charts.pop(0)
            deck.picture(slide, png, margin, top, deck.width - 2 * margin, deck.height - top - bottom)
            if items:
                _text_slides(deck, None, 0, items, message, notes, bottom)
        elif items:
            _text_slides(deck, slide, top, items, message, notes, bottom)
        elif visible_tables:
            _table(deck, slide, visible_tables.pop(0), top, language)
        if section.charts and not shares_slide and "title" in section.charts[0].spec:
            charts[0] = (section.charts[0], _chart_png(section.charts[0], language, titled=False))
        for chart, png in charts:
            extra, extra_top = deck.slide(chart.title, notes)
            top = extra_top + int(Inches(0.1))
            deck.picture(extra, png, margin, top, deck.width - 2 * margin, deck.height - top - bottom)
        for table in visible_tables[:2]:
            extra, extra_top = deck.slide(table.title, notes)
            _table(deck, extra, table, extra_top + int(Inches(0.1)), language)
        progress(round(95 * (index + 1) / max(len(document.sections), 1)))
    output = io.BytesIO()
    deck.prs.save(output)
    progress(100)
    return output.getvalue()
