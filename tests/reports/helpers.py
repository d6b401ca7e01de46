"""Open generated reports the way a reader would: PDF text and page images, slides, sheets."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from tests.conftest import require


def pdf_text(data: bytes, tmp_path: Path) -> str:
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(text.split())  # lines wrapped by the layout are joined back


def pdf_pages_not_blank(data: bytes, tmp_path: Path, *, first: int = 1, last: int = 4) -> int:
    """Render pages to PNG with pdftoppm; return how many, failing on a blank one."""
    from PIL import Image

    require(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils) is not installed")
    path = tmp_path / "pages.pdf"
    path.write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            str(first),
            "-l",
            str(last),
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert pages
    for page in pages:
        image = Image.open(page).convert("L")
        low, high = image.getextrema()
        assert high - low > 100, f"{page.name} is blank"
        histogram = image.histogram()  # 256 grey levels
        dark = sum(histogram[:200])
        assert dark > 200, f"{page.name} holds almost nothing"
    return len(pages)


def slides(data: bytes) -> list[tuple[str, str, int]]:
    """(title text, notes, pictures) of each slide."""
    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    found = []
    for slide in deck.slides:
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        pictures = sum(1 for shape in slide.shapes if shape.shape_type == 13)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        found.append(("\n".join(texts), notes, pictures))
    return found


def sheet_values(data: bytes) -> dict[str, list[list[object]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets
    }
