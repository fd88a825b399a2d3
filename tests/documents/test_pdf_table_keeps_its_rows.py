"""A typed PDF's ruled task table comes out as rows of cells (pdfplumber), between the text
above and below it; a merged cell leaves its other parts empty."""

from __future__ import annotations

from pathlib import Path

from dondoc.documents import Table, as_lines, read_document

HEAD = ("TT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian hoàn thành")
ROWS = [
    ("I", "Công tác phòng, chống dịch", "", ""),
    ("1", "Rà soát diện tích đất công trên địa bàn", "Phòng Tài nguyên và Môi trường", "30/4/2020"),
    ("2", "Biên soạn tờ rơi tuyên truyền phòng, chống dịch", "Phòng Văn hóa và Thông tin", "20/4/2020"),
]


def _write(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as PdfTable

    pdfmetrics.registerFont(TTFont("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    style = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=13)
    cells = [[Paragraph(text, style) for text in row] for row in (HEAD, *ROWS)]
    table = PdfTable(cells, colWidths=[30, 200, 150, 90])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (1, 1), (3, 1))]))
    story = [
        Paragraph("KẾ HOẠCH thực hiện nhiệm vụ tháng 4 năm 2020", style),
        table,
        Paragraph("Các cơ quan, đơn vị triển khai thực hiện.", style),
    ]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def test_a_ruled_table_is_rows_of_cells_in_reading_order(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.pdf"
    _write(path)
    (page,) = read_document(path).pages
    assert not page.ocr
    tables = [part for part in page.parts if isinstance(part, Table)]
    assert len(tables) == 1
    assert tables[0].rows == (HEAD, ("I", "Công tác phòng, chống dịch", "", ""), *ROWS[1:])
    position = page.parts.index(tables[0])
    assert any("KẾ HOẠCH" in str(part) for part in page.parts[:position])
    assert any("triển khai thực hiện" in str(part) for part in page.parts[position + 1 :])
    # the line reader of today's drafter gets a row a line
    assert "1 | Rà soát diện tích đất công trên địa bàn | Phòng Tài nguyên và Môi trường | 30/4/2020" in (
        as_lines(read_document(path))
    )
