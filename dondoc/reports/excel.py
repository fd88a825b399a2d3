"""The giao ban report as an Excel workbook: a sheet per view (agencies, directives, overdue,
extensions, on-time rate with a native bar chart), numbers stored as numbers, totals and rates
of the totals as formulas so a clerk who corrects a cell sees the sums follow."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dondoc.reading.report_rows import Counts, PeriodReport
from dondoc.record.clock import format_datetime, to_local
from dondoc.reports.layout import folded_rows

HEADER_ROW = 4  # rows 1-2: title and as-of; row 4: the headers; data from row 5
FIRST_DATA_ROW = HEADER_ROW + 1
COUNT_COLUMNS = (
    ("assigned", "Giao"),
    ("done_on_time", "Hoàn thành đúng hạn"),
    ("done_late", "Hoàn thành quá hạn"),
    ("open_within_deadline", "Đang thực hiện trong hạn"),
    ("open_overdue", "Đang thực hiện quá hạn"),
    ("no_deadline", "Không thời hạn"),
    ("cancelled", "Đã hủy"),
    ("done_late_original", "Hoàn thành quá hạn so với hạn ban đầu"),
    ("extended", "Được gia hạn"),
)
RATE_HEADER = "Tỷ lệ đúng hạn"
PERCENT = "0.0%"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# what spreadsheets take as the start of a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """A cell of data. Text that a spreadsheet would read as a formula (an extension's reason,
    a directive's title from a document: OWASP's advice on CSV injection) is stored as text and
    marked so, which Excel keeps as text even when the cell is edited; numbers stay numbers."""
    cell = sheet.cell(row, column, value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _title(sheet: Worksheet, title: str, report: PeriodReport) -> None:
    sheet["A1"] = f"{title} — {report.period.label}"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = (
        f"Số liệu tính đến {format_datetime(report.as_of)} (giờ Việt Nam); lập lúc {format_datetime(report.generated_at)}"
    )
    sheet["A2"].font = Font(italic=True)


def _headers(sheet: Worksheet, headers: Sequence[str], widths: Sequence[float]) -> None:
    for index, (header, width) in enumerate(zip(headers, widths, strict=True), 1):
        cell = sheet.cell(HEADER_ROW, index, header)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, GRID
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 3)


def _rate_formula(row: int, on_time: str, late: str, overdue: str) -> str:
    judged = f"({on_time}{row}+{late}{row}+{overdue}{row})"
    return f'=IF({judged}=0,"",{on_time}{row}/{judged})'


def _counts_sheet(
    sheet: Worksheet, report: PeriodReport, labels: list[tuple[Any, ...]], counts: list[Counts]
) -> None:
    """Label columns, the counts, the rate; a totals row of SUM formulas and the rate of the totals."""
    label_count = len(labels[0]) if labels else 2
    first_count = label_count + 1
    letter = {key: get_column_letter(first_count + i) for i, (key, _) in enumerate(COUNT_COLUMNS)}
    rate_column = first_count + len(COUNT_COLUMNS)
    for offset, (label, row_counts) in enumerate(zip(labels, counts, strict=True)):
        row = FIRST_DATA_ROW + offset
        for index, value in enumerate(label, 1):
            _put(sheet, row, index, value)
        for index, (key, _) in enumerate(COUNT_COLUMNS):
            sheet.cell(row, first_count + index, getattr(row_counts, key))
        rate = sheet.cell(row, rate_column, row_counts.on_time_rate)
        rate.number_format = PERCENT
    total_row = FIRST_DATA_ROW + len(labels)
    sheet.cell(total_row, 1, "Tổng cộng").font = BOLD
    last = total_row - 1
    for key, _ in COUNT_COLUMNS:
        column = letter[key]
        cell = sheet[f"{column}{total_row}"]
        cell.value = f"=SUM({column}{FIRST_DATA_ROW}:{column}{last})" if labels else 0
        cell.font = BOLD
    total_rate = sheet.cell(
        total_row,
        rate_column,
        _rate_formula(total_row, letter["done_on_time"], letter["done_late"], letter["open_overdue"]),
    )
    total_rate.number_format, total_rate.font = PERCENT, BOLD


def _agencies(book: Workbook, report: PeriodReport) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = "Theo cơ quan"
    _title(sheet, "Kết quả thực hiện theo cơ quan, đơn vị", report)
    headers = ["Mã", "Cơ quan, đơn vị", "Cấp trên", *(h for _, h in COUNT_COLUMNS), RATE_HEADER]
    _headers(sheet, headers, [16, 42, 14, *([11] * len(COUNT_COLUMNS)), 11])
    _counts_sheet(
        sheet,
        report,
        [(r.agency, r.name, r.parent or "") for r in report.agencies],
        [r.counts for r in report.agencies],
    )


def _directives(book: Workbook, report: PeriodReport) -> None:
    sheet = book.create_sheet("Theo văn bản")
    _title(sheet, "Kết quả thực hiện theo văn bản", report)
    headers = ["Số hiệu", "Trích yếu", "Ngày ban hành", *(h for _, h in COUNT_COLUMNS), RATE_HEADER]
    _headers(sheet, headers, [14, 60, 13, *([11] * len(COUNT_COLUMNS)), 11])
    _counts_sheet(
        sheet,
        report,
        [(d.number, d.title, d.issued_on) for d in report.directives],
        [d.counts for d in report.directives],
    )
    for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(report.directives)):
        sheet.cell(row, 3).number_format = "DD/MM/YYYY"


def _local_day(instant: Any) -> Any:
    return to_local(instant).date() if instant else None


def _overdue(book: Workbook, report: PeriodReport) -> None:
    sheet = book.create_sheet("Quá hạn")
    _title(sheet, f"Nhiệm vụ quá hạn chưa hoàn thành ({report.overdue_total})", report)
    headers = [
        "Việc con",
        "Văn bản",
        "Nhiệm vụ",
        "Mã cơ quan",
        "Cơ quan",
        "Hạn",
        "Hạn ban đầu",
        "Số ngày làm việc quá hạn",
        "Đã đôn đốc",
    ]
    _headers(sheet, headers, [9, 13, 70, 16, 34, 12, 12, 12, 40])
    for offset, item in enumerate(report.overdue):
        row = FIRST_DATA_ROW + offset
        history = "; ".join(
            f"{e.day.strftime('%d/%m/%Y')} {'nhắc' if e.kind == 'overdue' else 'báo'} {', '.join(e.recipients)}"
            for e in item.escalations
        )
        values = [
            item.subtask,
            item.directive,
            item.task_text,
            item.agency,
            item.agency_name,
            _local_day(item.due_at),
            _local_day(item.original_due_at),
            item.working_days_late,
            history,
        ]
        for index, value in enumerate(values, 1):
            _put(sheet, row, index, value)
        sheet.cell(row, 6).number_format = sheet.cell(row, 7).number_format = "DD/MM/YYYY"


def _extensions(book: Workbook, report: PeriodReport) -> None:
    sheet = book.create_sheet("Gia hạn")
    _title(sheet, f"Gia hạn trong kỳ ({len(report.extensions)})", report)
    headers = [
        "Việc con",
        "Văn bản",
        "Nhiệm vụ",
        "Mã cơ quan",
        "Cơ quan",
        "Hạn cũ",
        "Hạn mới",
        "Duyệt lúc",
        "Người duyệt",
        "Lý do",
    ]
    _headers(sheet, headers, [9, 13, 60, 16, 34, 12, 12, 17, 12, 40])
    for offset, e in enumerate(report.extensions):
        row = FIRST_DATA_ROW + offset
        decided = to_local(e.decided_at).naive()
        values = [
            e.subtask,
            e.directive,
            e.task_text,
            e.agency,
            e.agency_name,
            e.previous_due,
            e.granted_on,
            decided,
            e.decided_by,
            e.reason,
        ]
        for index, value in enumerate(values, 1):
            _put(sheet, row, index, value)
        sheet.cell(row, 6).number_format = sheet.cell(row, 7).number_format = "DD/MM/YYYY"
        sheet.cell(row, 8).number_format = "DD/MM/YYYY HH:MM"


def _rates(book: Workbook, report: PeriodReport) -> None:
    """The chart's own table (what the Word chart shows) and a native bar chart over it."""
    sheet = book.create_sheet("Tỷ lệ đúng hạn")
    _title(sheet, "Tỷ lệ hoàn thành đúng hạn", report)
    _headers(
        sheet, ["Cơ quan, đơn vị", "Đúng hạn", "Đã hoàn thành hoặc quá hạn", RATE_HEADER], [46, 11, 14, 11]
    )
    sheet.freeze_panes = None
    rows = [r for r in folded_rows(report) if r.counts.on_time_rate is not None]
    for offset, layout_row in enumerate(rows):
        row = FIRST_DATA_ROW + offset
        _put(sheet, row, 1, layout_row.name)
        sheet.cell(row, 2, layout_row.counts.done_on_time)
        sheet.cell(row, 3, layout_row.counts.judged)
        sheet.cell(row, 4, f"=B{row}/C{row}").number_format = PERCENT
    if not rows:
        sheet.cell(FIRST_DATA_ROW, 1, "Chưa có việc nào đến hạn hoặc đã hoàn thành.")
        return
    last = FIRST_DATA_ROW + len(rows) - 1
    chart = BarChart()
    chart.type = "bar"
    chart.title = f"Tỷ lệ hoàn thành đúng hạn — {report.period.label}"
    chart.y_axis.title = RATE_HEADER
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=4, min_row=HEADER_ROW, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=FIRST_DATA_ROW, max_row=last))
    chart.height, chart.width = max(7.5, 0.55 * len(rows)), 22
    sheet.add_chart(chart, "F4")


def write_xlsx(report: PeriodReport, path: Path) -> Path:
    book = Workbook()
    _agencies(book, report)
    _directives(book, report)
    _overdue(book, report)
    _extensions(book, report)
    _rates(book, report)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
