"""The giao ban report as an Excel workbook: a sheet per view (agencies, directives, overdue,
extensions, on-time rate with a native bar chart), numbers stored as numbers, totals and rates
of the totals as formulas so a clerk who corrects a cell sees the sums follow.

Written with XlsxWriter, which stores each formula with its computed value: a viewer that does
not recalculate (a phone's, a web mail's preview, a reader of the file) shows the totals too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from dondoc.reading.report_rows import Counts, PeriodReport
from dondoc.record.clock import format_datetime, to_local
from dondoc.reports.layout import folded_rows

# as Excel numbers rows: 1-2 the title and as-of, 4 the headers, data from 5 (XlsxWriter counts from 0)
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1
_HEADER, _FIRST = HEADER_ROW - 1, FIRST_DATA_ROW - 1
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
DAY = "DD/MM/YYYY"
MOMENT = "DD/MM/YYYY HH:MM"
# what spreadsheets take as the start of a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CM_TO_PIXELS = 37.8


class _Formats:
    """XlsxWriter wants a format object per combination, made by the workbook: made once here."""

    def __init__(self, book: Workbook) -> None:
        self.title = book.add_format({"bold": True, "font_size": 13})
        self.italic = book.add_format({"italic": True})
        self.header = book.add_format(
            {
                "bold": True,
                "bg_color": "#DDE6F0",
                "border": 1,
                "border_color": "#999999",
                "text_wrap": True,
                "valign": "vcenter",
                "align": "center",
            }
        )
        self.bold = book.add_format({"bold": True})
        self.text = book.add_format({"quote_prefix": True})
        self.percent = book.add_format({"num_format": PERCENT})
        self.bold_percent = book.add_format({"num_format": PERCENT, "bold": True})
        self.day = book.add_format({"num_format": DAY})
        self.moment = book.add_format({"num_format": MOMENT})


def _put(
    sheet: Worksheet, row: int, column: int, value: Any, formats: _Formats, fmt: Format | None = None
) -> None:
    """A cell of data, written as what it is. Text that a spreadsheet would read as a formula (an
    extension's reason, a directive's title from a document: OWASP's advice on CSV injection) is
    stored as text and marked so, which Excel keeps as text even when the cell is edited."""
    if value is None:
        sheet.write_blank(row, column, None, fmt)
    elif isinstance(value, str):
        sheet.write_string(row, column, value, formats.text if value.startswith(FORMULA_STARTS) else fmt)
    elif isinstance(value, dt.date):  # a datetime is a date too
        sheet.write_datetime(row, column, value, fmt or formats.day)
    else:
        sheet.write_number(row, column, value, fmt)


def _title(sheet: Worksheet, title: str, report: PeriodReport, formats: _Formats) -> None:
    sheet.write_string(0, 0, f"{title} — {report.period.label}", formats.title)
    sheet.write_string(
        1,
        0,
        f"Số liệu tính đến {format_datetime(report.as_of)} (giờ Việt Nam); lập lúc {format_datetime(report.generated_at)}",
        formats.italic,
    )


def _headers(
    sheet: Worksheet,
    headers: Sequence[str],
    widths: Sequence[float],
    formats: _Formats,
    *,
    freeze: bool = True,
) -> None:
    for index, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write_string(_HEADER, index, header, formats.header)
        sheet.set_column(index, index, width)
    if freeze:
        sheet.freeze_panes(_FIRST, 2)


def _rate_formula(row: int, on_time: str, late: str, overdue: str) -> str:
    """Excel's row numbers count from 1: `row` is XlsxWriter's, from 0."""
    excel_row = row + 1
    judged = f"({on_time}{excel_row}+{late}{excel_row}+{overdue}{excel_row})"
    return f'=IF({judged}=0,"",{on_time}{excel_row}/{judged})'


def _rate_value(counts: Counts) -> float | str:
    """What the rate formula computes: unrounded, or "" when nothing can be judged yet."""
    return counts.done_on_time / counts.judged if counts.judged else ""


def _counts_sheet(
    sheet: Worksheet, labels: list[tuple[Any, ...]], counts: list[Counts], total: Counts, formats: _Formats
) -> None:
    """Label columns, the counts, the rate; a totals row of SUM formulas and the rate of the
    totals, each stored with its value."""
    label_count = len(labels[0]) if labels else 2
    first_count = label_count
    letter = {key: xl_col_to_name(first_count + i) for i, (key, _) in enumerate(COUNT_COLUMNS)}
    rate_column = first_count + len(COUNT_COLUMNS)
    for offset, (label, row_counts) in enumerate(zip(labels, counts, strict=True)):
        row = _FIRST + offset
        for index, value in enumerate(label):
            _put(sheet, row, index, value, formats)
        for index, (key, _) in enumerate(COUNT_COLUMNS):
            sheet.write_number(row, first_count + index, getattr(row_counts, key))
        _put(sheet, row, rate_column, row_counts.on_time_rate, formats, formats.percent)
    total_row = _FIRST + len(labels)
    sheet.write_string(total_row, 0, "Tổng cộng", formats.bold)
    for index, (key, _) in enumerate(COUNT_COLUMNS):
        column, value = letter[key], getattr(total, key)
        if labels:
            first, last = FIRST_DATA_ROW, total_row  # in Excel's numbers: the first and last data rows
            sheet.write_formula(
                total_row, first_count + index, f"=SUM({column}{first}:{column}{last})", formats.bold, value
            )
        else:
            sheet.write_number(total_row, first_count + index, 0, formats.bold)
    sheet.write_formula(
        total_row,
        rate_column,
        _rate_formula(total_row, letter["done_on_time"], letter["done_late"], letter["open_overdue"]),
        formats.bold_percent,
        _rate_value(total),
    )


def _agencies(book: Workbook, report: PeriodReport, formats: _Formats) -> None:
    sheet = book.add_worksheet("Theo cơ quan")
    _title(sheet, "Kết quả thực hiện theo cơ quan, đơn vị", report, formats)
    headers = ["Mã", "Cơ quan, đơn vị", "Cấp trên", *(h for _, h in COUNT_COLUMNS), RATE_HEADER]
    _headers(sheet, headers, [16, 42, 14, *([11] * len(COUNT_COLUMNS)), 11], formats)
    _counts_sheet(
        sheet,
        [(r.agency, r.name, r.parent or "") for r in report.agencies],
        [r.counts for r in report.agencies],
        report.totals,
        formats,
    )


def _directives(book: Workbook, report: PeriodReport, formats: _Formats) -> None:
    sheet = book.add_worksheet("Theo văn bản")
    _title(sheet, "Kết quả thực hiện theo văn bản", report, formats)
    headers = ["Số hiệu", "Trích yếu", "Ngày ban hành", *(h for _, h in COUNT_COLUMNS), RATE_HEADER]
    _headers(sheet, headers, [14, 60, 13, *([11] * len(COUNT_COLUMNS)), 11], formats)
    total = Counts()
    for d in report.directives:
        total.add(d.counts)
    _counts_sheet(
        sheet,
        [(d.number, d.title, d.issued_on) for d in report.directives],
        [d.counts for d in report.directives],
        total,
        formats,
    )


def _local_day(instant: Any) -> Any:
    return to_local(instant).date() if instant else None


def _overdue(book: Workbook, report: PeriodReport, formats: _Formats) -> None:
    sheet = book.add_worksheet("Quá hạn")
    _title(sheet, f"Nhiệm vụ quá hạn chưa hoàn thành ({report.overdue_total})", report, formats)
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
    _headers(sheet, headers, [9, 13, 70, 16, 34, 12, 12, 12, 40], formats)
    for offset, item in enumerate(report.overdue):
        row = _FIRST + offset
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
        for index, value in enumerate(values):
            _put(sheet, row, index, value, formats)


def _extensions(book: Workbook, report: PeriodReport, formats: _Formats) -> None:
    sheet = book.add_worksheet("Gia hạn")
    _title(sheet, f"Gia hạn trong kỳ ({len(report.extensions)})", report, formats)
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
    _headers(sheet, headers, [9, 13, 60, 16, 34, 12, 12, 17, 12, 40], formats)
    for offset, e in enumerate(report.extensions):
        row = _FIRST + offset
        values = [e.subtask, e.directive, e.task_text, e.agency, e.agency_name, e.previous_due, e.granted_on]
        for index, value in enumerate(values):
            _put(sheet, row, index, value, formats)
        sheet.write_datetime(row, 7, to_local(e.decided_at).naive(), formats.moment)
        _put(sheet, row, 8, e.decided_by, formats)
        _put(sheet, row, 9, e.reason, formats)


def _rates(book: Workbook, report: PeriodReport, formats: _Formats) -> None:
    """The chart's own table (what the Word chart shows) and a native bar chart over it."""
    sheet = book.add_worksheet("Tỷ lệ đúng hạn")
    _title(sheet, "Tỷ lệ hoàn thành đúng hạn", report, formats)
    headers = ["Cơ quan, đơn vị", "Đúng hạn", "Đã hoàn thành hoặc quá hạn", RATE_HEADER]
    _headers(sheet, headers, [46, 11, 14, 11], formats, freeze=False)
    rows = [r for r in folded_rows(report) if r.counts.on_time_rate is not None]
    for offset, layout_row in enumerate(rows):
        row = _FIRST + offset
        _put(sheet, row, 0, layout_row.name, formats)
        sheet.write_number(row, 1, layout_row.counts.done_on_time)
        sheet.write_number(row, 2, layout_row.counts.judged)
        sheet.write_formula(
            row, 3, f"=B{row + 1}/C{row + 1}", formats.percent, _rate_value(layout_row.counts)
        )
    if not rows:
        sheet.write_string(_FIRST, 0, "Chưa có việc nào đến hạn hoặc đã hoàn thành.")
        return
    last = _FIRST + len(rows) - 1
    chart = book.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": [sheet.name, _HEADER, 3],
            "categories": [sheet.name, _FIRST, 0, last, 0],
            "values": [sheet.name, _FIRST, 3, last, 3],
        }
    )
    chart.set_title({"name": f"Tỷ lệ hoàn thành đúng hạn — {report.period.label}"})
    # in a bar chart the values run along the horizontal axis, XlsxWriter's x axis
    chart.set_x_axis({"name": RATE_HEADER, "num_format": "0%", "min": 0, "max": 1})
    chart.set_legend({"none": True})
    height_cm = max(7.5, 0.55 * len(rows))
    chart.set_size({"width": round(22 * CM_TO_PIXELS), "height": round(height_cm * CM_TO_PIXELS)})
    sheet.insert_chart("F4", chart)


def write_xlsx(report: PeriodReport, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook(str(path))
    formats = _Formats(book)
    _agencies(book, report, formats)
    _directives(book, report, formats)
    _overdue(book, report, formats)
    _extensions(book, report, formats)
    _rates(book, report, formats)
    book.close()
    return path
