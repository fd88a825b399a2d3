"""The giao ban report as a Word document laid out like a Vietnamese administrative report
(Nghị định 30/2020/NĐ-CP): the issuing body and the national motto side by side, number and
date line, title, numbered sections with tables, the chart, and the signature block."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from dondoc.reading.report_rows import Counts, PeriodReport
from dondoc.record.clock import format_date, format_datetime, to_local
from dondoc.reports.chart import on_time_chart
from dondoc.reports.layout import date_line, folded_rows, rate_text
from dondoc.reports.letterhead import Letterhead

FONT = "Times New Roman"
OVERDUE_LISTED = 100  # the longest overdue; the Excel file lists them all
TEXT_LIMIT = 160  # a task's text in a table: the meeting knows the task, the row must stay short
COUNT_HEADERS = ("Giao", "Đúng hạn", "Quá hạn", "Trong hạn", "Quá hạn", "Không hạn", "Hủy", "Tỷ lệ đúng hạn")
# the text width is 16.5 cm (A4 less the margins of Nghị định 30): every column is at least as wide
# as the longest word of its header in 11 pt bold plus the cells' margins, so no word breaks
COUNT_WIDTHS = [0.8, 5.0, 1.1, 1.3, 1.3, 1.4, 1.3, 1.5, 1.0, 1.8]
OVERDUE_WIDTHS = [0.8, 6.1, 2.8, 2.3, 1.5, 3.0]
EXTENSION_WIDTHS = [0.8, 3.9, 2.4, 2.2, 2.2, 2.2, 2.8]
# the issuer over 6.8 cm, the motto over 9.7 cm: its 34 capitals in 12.5 pt bold take 8.5 cm
HEADER_WIDTHS = [6.8, 9.7]
CELL_MARGIN = Cm(0.1)


def _run(
    paragraph: Paragraph, text: str, *, size: float = 13, bold: bool = False, italic: bool = False
) -> None:
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic


def _line(
    cell_or_doc: _Cell | object,
    text: str = "",
    *,
    size: float = 13,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False,
) -> Paragraph:
    if first and isinstance(cell_or_doc, _Cell):
        paragraph = cell_or_doc.paragraphs[0]
    else:
        paragraph = cell_or_doc.add_paragraph()  # type: ignore[union-attr]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _setup(document: object) -> None:
    style = document.styles["Normal"]  # type: ignore[attr-defined]
    style.font.name, style.font.size = FONT, Pt(14)
    # Word picks the font per script: name it for every range, so no glyph falls back
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    section = document.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)


def _widths(table: Table, widths: list[float]) -> None:
    """Word reads the cells' widths, LibreOffice the grid's: set both."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _cell_margins(table: Table) -> None:
    """Narrow left and right cell margins (Word's default is 0.19 cm), as the decree's samples
    have them: a count column then holds "Không" whole."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN.twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _keep_rows_whole(table: Table) -> None:
    """A row never splits across pages: it moves to the next page whole."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _header(document: object, letterhead: Letterhead, report: PeriodReport) -> None:
    table = document.add_table(rows=2, cols=2)  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(table)
    _widths(table, HEADER_WIDTHS)
    left, right = table.rows[0].cells
    if letterhead.issuer.parent:
        _line(left, letterhead.issuer.parent.upper(), size=12.5, first=True)
        _line(left, letterhead.issuer.name.upper(), size=12.5, bold=True)
    else:
        _line(left, letterhead.issuer.name.upper(), size=12.5, bold=True, first=True)
    _line(left, "———————", size=10)
    _line(right, letterhead.motto[0], size=12.5, bold=True, first=True)
    for motto in letterhead.motto[1:]:
        _line(right, motto, size=13.5, bold=True)
    _line(right, "——————————————", size=10)
    number, date = table.rows[1].cells
    _line(number, f"Số:        /{letterhead.issuer.symbol}", size=13, first=True)
    _line(date, date_line(letterhead.place, report.generated_at), size=14, italic=True, first=True)


def _title(document: object, report: PeriodReport) -> None:
    _line(document, "", size=8)
    _line(document, "BÁO CÁO", size=14, bold=True)
    _line(document, "Tình hình thực hiện các nhiệm vụ được giao tại văn bản chỉ đạo", size=14, bold=True)
    _line(document, report.period.label, size=14, bold=True)
    local = to_local(report.as_of)
    _line(
        document,
        f"(Số liệu tính đến {local.strftime('%H giờ %M')} ngày {format_date(report.as_of)})",
        size=13,
        italic=True,
    )
    _line(document, "", size=8)


def _body(document: object, text: str, *, bold: bool = False, indent: bool = True) -> Paragraph:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1) if indent else None
    paragraph.paragraph_format.space_after = Pt(6)
    _run(paragraph, text, size=14, bold=bold)
    return paragraph


def _table(document: object, headers: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    table = document.add_table(rows=1, cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(table)
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _line(cell, header, size=11, bold=True, first=True)
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER
            _line(cell, value, size=11, align=align, first=True)
    _widths(table, widths)
    document.add_paragraph()  # type: ignore[attr-defined]
    return table


def _count_cells(counts: Counts) -> list[str]:
    return [
        str(counts.assigned),
        str(counts.done_on_time),
        str(counts.done_late),
        str(counts.open_within_deadline),
        str(counts.open_overdue),
        str(counts.no_deadline),
        str(counts.cancelled),
        rate_text(counts.on_time_rate),
    ]


def _counts_table(
    document: object, label: str, names: list[str], counts: list[Counts], total: Counts
) -> Table:
    """Bảng: TT, what a row is (`label`), then the counts; a second header row says which are
    done, which open."""
    headers = ["TT", label, *COUNT_HEADERS]
    rows = [
        [str(i), name, *_count_cells(c)] for i, (name, c) in enumerate(zip(names, counts, strict=True), 1)
    ]
    rows.append(["", "Tổng cộng", *_count_cells(total)])
    table = _table(document, headers, rows, COUNT_WIDTHS)
    groups = table.rows[0]._tr.addprevious  # a group row above: "Đã hoàn thành", "Đang thực hiện"
    group = table.add_row()
    groups(group._tr)
    cells = group.cells
    for start, end, text in (
        (0, 0, "TT"),
        (1, 1, label),
        (2, 2, "Giao"),
        (3, 4, "Đã hoàn thành"),
        (5, 6, "Đang thực hiện"),
        (7, 7, "Không hạn"),
        (8, 8, "Hủy"),
        (9, 9, "Tỷ lệ đúng hạn"),
    ):
        merged = cells[start].merge(cells[end]) if end > start else cells[start]
        _line(merged, text, size=11, bold=True, first=True)
    for index in (0, 1, 2, 7, 8, 9):  # one header over both rows: merge vertically
        top, below = table.rows[0].cells[index], table.rows[1].cells[index]
        below.text = ""
        top.merge(below)
    _widths(table, COUNT_WIDTHS)
    return table


def _summary(document: object, report: PeriodReport) -> None:
    total = report.totals
    done = total.done_on_time + total.done_late
    _body(
        document,
        f"Các văn bản trong phạm vi báo cáo giao {total.assigned} việc cho {len(report.agencies)} cơ quan, đơn vị "
        f"({len(report.directives)} văn bản). Đến thời điểm báo cáo: đã hoàn thành {done} việc "
        f"(đúng hạn {total.done_on_time}, quá hạn {total.done_late}); đang thực hiện trong hạn "
        f"{total.open_within_deadline}; đang thực hiện quá hạn {total.open_overdue}; không thời hạn "
        f"{total.no_deadline}; đã hủy {total.cancelled}. Tỷ lệ hoàn thành đúng hạn: {rate_text(total.on_time_rate)}.",
    )
    _body(
        document,
        f"Có {total.extended} việc được gia hạn. Tính theo hạn ban đầu (trước khi gia hạn), "
        f"{total.done_late_original} việc hoàn thành quá hạn và {total.done_on_time_original} việc hoàn thành đúng hạn.",
    )


def _chart(document: object, report: PeriodReport) -> None:
    png = on_time_chart(report)
    if png is None:
        _body(document, "Chưa có việc nào đến hạn hoặc đã hoàn thành để tính tỷ lệ đúng hạn.")
        return
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(16))
    _line(document, "Biểu đồ: tỷ lệ hoàn thành đúng hạn theo cơ quan, đơn vị", size=12, italic=True)


def _escalation_text(item_escalations: list) -> str:  # type: ignore[type-arg]
    parts = []
    for escalation in item_escalations:
        when = escalation.day.strftime("%d/%m")
        parts.append(
            f"{when}: nhắc cơ quan"
            if escalation.kind == "overdue"
            else f"{when}: báo {', '.join(escalation.recipients)}"
        )
    return "; ".join(parts) or "—"


def _overdue(document: object, report: PeriodReport) -> None:
    if not report.overdue:
        _body(document, "Không có nhiệm vụ quá hạn.")
        return
    listed = report.overdue[:OVERDUE_LISTED]
    more = report.overdue_total - len(listed)
    _body(
        document,
        f"Có {report.overdue_total} việc quá hạn chưa hoàn thành"
        + (
            f"; dưới đây là {len(listed)} việc quá hạn lâu nhất (danh sách đầy đủ trong tệp Excel):"
            if more
            else ":"
        ),
    )
    rows = [
        [
            str(i),
            textwrap.shorten(item.task_text, TEXT_LIMIT, placeholder="…") + f" ({item.directive})",
            item.agency_name,
            format_date(item.due_at),
            str(item.working_days_late),
            _escalation_text(item.escalations),
        ]
        for i, item in enumerate(listed, 1)
    ]
    headers = ["TT", "Nhiệm vụ", "Cơ quan", "Hạn", "Số ngày làm việc quá hạn", "Đã đôn đốc"]
    _table(document, headers, rows, OVERDUE_WIDTHS)


def _extensions(document: object, report: PeriodReport) -> None:
    if not report.extensions:
        _body(document, "Trong kỳ không có việc nào được gia hạn.")
        return
    rows = [
        [
            str(i),
            textwrap.shorten(e.task_text, TEXT_LIMIT, placeholder="…"),
            e.agency_name,
            format_date(e.previous_due),
            format_date(e.granted_on),
            format_datetime(e.decided_at),
            e.reason,
        ]
        for i, e in enumerate(report.extensions, 1)
    ]
    headers = ["TT", "Nhiệm vụ", "Cơ quan", "Hạn cũ", "Hạn mới", "Duyệt lúc", "Lý do"]
    _table(document, headers, rows, EXTENSION_WIDTHS)


def _closing(document: object, report: PeriodReport) -> None:
    """The closing sentence of a report, kept on the signature's page: a page break before the
    signature moves this line with it, so the signature never stands alone on a page."""
    closing = _body(
        document,
        f"Trên đây là báo cáo tình hình thực hiện các nhiệm vụ được giao tại văn bản chỉ đạo "
        f"{report.period.label}./.",
    )
    closing.paragraph_format.keep_with_next = True


def _signature(document: object, letterhead: Letterhead) -> None:
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    _widths(table, [8.0, 8.5])
    # one row kept whole: the signer's name stays on the page of the authority and title above it
    _keep_rows_whole(table)
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for index, recipient in enumerate(letterhead.recipients):
        end = "." if index == len(letterhead.recipients) - 1 else ";"
        _line(left, f"- {recipient}{end}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    signer = letterhead.signer
    if signer.authority:
        _line(right, signer.authority, size=14, bold=True, first=True)
        _line(right, signer.title, size=14, bold=True)
    else:
        _line(right, signer.title, size=14, bold=True, first=True)
    for _ in range(4):
        _line(right, "")
    _line(right, signer.name, size=14, bold=True)


def write_docx(report: PeriodReport, letterhead: Letterhead, path: Path) -> Path:
    document = Document()
    _setup(document)
    _header(document, letterhead, report)
    _title(document, report)
    if report.is_empty:
        _body(document, "Trong kỳ báo cáo không có nhiệm vụ nào thuộc phạm vi theo dõi.")
    else:
        _body(document, "I. TÌNH HÌNH CHUNG", bold=True, indent=False)
        _summary(document, report)
        _chart(document, report)
        _body(document, "II. KẾT QUẢ THEO CƠ QUAN, ĐƠN VỊ", bold=True, indent=False)
        rows = folded_rows(report)
        _counts_table(
            document, "Cơ quan, đơn vị", [r.name for r in rows], [r.counts for r in rows], report.totals
        )
        _body(document, "III. KẾT QUẢ THEO VĂN BẢN", bold=True, indent=False)
        _counts_table(
            document,
            "Văn bản",
            [f"{d.kind.label} số {d.number} ngày {format_date(d.issued_on)}" for d in report.directives],
            [d.counts for d in report.directives],
            report.totals,
        )
        _body(document, "IV. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH", bold=True, indent=False)
        _overdue(document, report)
        _body(document, "V. GIA HẠN TRONG KỲ", bold=True, indent=False)
        _extensions(document, report)
    _closing(document, report)
    _signature(document, letterhead)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
