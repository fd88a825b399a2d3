"""The plan of tests/draft/test_draft_reads_word_tables.py signed as a PDF: its ruled task table
reaches the drafter as rows of cells (pdfplumber), a section row merged across is no task, and a
lead merged down the rows leads each of them, as in the Word file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dondoc.draft import Draft, draft_file
from tests.draft.test_draft_reads_word_tables import HEADER, ROWS
from tests.draft_documents import calendar, registry

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _plan(path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    pdfmetrics.registerFont(TTFont("DejaVuSans", FONT))
    style = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=13)
    story: list[object] = []
    for line in HEADER:
        story += [Paragraph(line, style), Spacer(0, 6)]
    rows = [[Paragraph(text, style) for text in row] for row in ROWS]
    rows[3][2] = Paragraph("", style)  # under the lead merged down
    table = PdfTable(rows, colWidths=[30, 160, 110, 110, 80])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("SPAN", (1, 1), (4, 1)),  # the section row across the columns
                ("SPAN", (2, 2), (2, 3)),  # the lead of row 1 leads row 2 as well
            ]
        )
    )
    SimpleDocTemplate(str(path), pagesize=A4).build([*story, table])
    return path


def _drafted(tmp_path: Path) -> Draft:
    return draft_file(_plan(tmp_path / "ke-hoach.pdf"), registry(), calendar())


def test_each_task_row_of_the_pdf_is_a_task_with_its_columns(tmp_path: Path) -> None:
    tasks = _drafted(tmp_path).tasks
    rows = [t for t in tasks if any("Phụ lục, dòng" in note for note in t.review)]
    assert [t.text for t in rows] == ["Rà soát quy chế quản lý dữ liệu.", "Ban hành danh mục dữ liệu mở."]
    first, second = rows
    assert first.lead_text == "Sở Khoa học và Công nghệ"
    assert first.support_text == ["Sở Tư pháp", "Sở Nội vụ"]
    assert first.due_date == dt.date(2026, 3, 31)
    assert second.lead_text == "Sở Khoa học và Công nghệ"
    assert second.due_date == dt.date(2026, 6, 30)
    assert not [t for t in tasks if "THỂ CHẾ" in t.text.upper()]
