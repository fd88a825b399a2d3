"""A document's text written out as the .docx and .pdf files offices send: paragraphs, Word's own
list numbering, a PDF wrapped at the page width with a running title and a page number on every
page, as a word processor or a signing portal leaves them."""

from __future__ import annotations

from pathlib import Path

import pytest


def write_docx(lines: list[str], path: Path, *, numbered: bool = False) -> None:
    """One paragraph a line; with `numbered`, items written "1. …" become Word list paragraphs
    whose number is not in the text (the reader must still see them as items)."""
    import re

    import docx

    document = docx.Document()
    for line in lines:
        if not line.strip():
            continue
        match = re.match(r"^\d+\.\s+(.*)$", line)
        if numbered and match:
            document.add_paragraph(match.group(1), style="List Number")
        else:
            document.add_paragraph(line)
    document.save(str(path))


def _font() -> tuple[str, Path]:
    candidates = [
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
        Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    ]
    for path in candidates:
        if path.exists():
            return "DejaVuSans", path
    pytest.skip("no TTF font with Vietnamese glyphs (DejaVuSans) on this machine")


def write_pdf(
    lines: list[str], path: Path, *, running_title: str | None = None, rows_per_page: int | None = None
) -> None:
    """Wrapped at a page width, as a word processor would: the reader must join the lines again.
    `running_title` is printed at the top of every page and "Trang N" at the bottom of each."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    name, font_path = _font()
    pdfmetrics.registerFont(TTFont(name, str(font_path)))
    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    page = 1

    def start_page() -> float:
        pdf.setFont(name, 11)
        if running_title:
            pdf.drawString(60, height - 40, running_title)
        return height - 70

    def end_page() -> None:
        if running_title:
            pdf.drawString(width / 2, 30, f"Trang {page}")

    y = start_page()
    rows = 0
    for line in lines:
        wrapped = _wrap(line, name, 11, width - 120) if line.strip() else [""]
        for row in wrapped:
            if y < 60 or (rows_per_page is not None and rows >= rows_per_page):
                end_page()
                pdf.showPage()
                page += 1
                y, rows = start_page(), 0
            pdf.drawString(60, y, row)
            y -= 15
            rows += 1
    end_page()
    pdf.save()


def _wrap(text: str, font: str, size: int, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    rows, row = [], ""
    for word in text.split():
        trial = f"{row} {word}".strip()
        if stringWidth(trial, font, size) > width and row:
            rows.append(row)
            row = word
        else:
            row = trial
    return [*rows, row]
