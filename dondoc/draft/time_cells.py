"""The deadline in a task table's time column ("Thời gian hoàn thành", "Thời gian thực hiện").

In running text a bare "năm 2030" is a horizon and "Quý I/2026" only a period; in a table's time
column the cell holds nothing but the time, so a period there IS the deadline: "Quý I/2026" is
31/03/2026, "Tháng 12/2025" 31/12/2025, "Năm 2025" or "2025" 31/12/2025, a range ("2025 - 2030",
"Quý IV/2025- Quý II/2026", "từ ngày 1.11 đến 10.12.2025") the end of its last period, "Trước
ngày 30/11/2025" that day. Work that goes on ("Thường xuyên", "Liên tục") or comes back ("Hằng
năm", "Định kỳ hằng quý") has no day: the phrase is kept and the kind says which. A section
row's period ("II. Giai đoạn 2025-2027") is the deadline of the rows under it that give none:
`heading_period` reads it, and the table shape carries it down.
"""

from __future__ import annotations

import datetime as dt
import re

from dondoc.draft import language
from dondoc.draft.deadlines import (
    Deadline,
    DeadlineKind,
    event,
    find_deadline,
    fmt,
    needs_issue_date,
    period_due,
    recurring,
)
from dondoc.draft.periods import End, last_period
from dondoc.draft.words import key
from dondoc.record.workcalendar import WorkCalendar

# web-copy marks and the stops a cell ends on: "**Quý I/2026**", "Thường xuyên."
_MARKS = re.compile(r"[*_`]+")
_SPACE = re.compile(r"\s+")


def _clean(cell: str) -> str:
    return _SPACE.sub(" ", _MARKS.sub("", cell)).strip(" .;,:|")


def cell_deadline(
    cell: str, issued_on: dt.date | None, calendar: WorkCalendar | None = None, *, year: int | None = None
) -> Deadline | None:
    """The deadline a table's time cell gives, or None when the cell is empty or names no time.
    `year` as for `find_deadline`: the document's year when its issue date is not known."""
    text = _clean(cell)
    if not text:
        return None
    text_key = key(text)
    if language.pattern("OnDemand").fullmatch(text_key):
        return event(text)
    if language.pattern("OpenEnded").fullmatch(text_key):
        return Deadline(
            DeadlineKind.STANDING,
            text,
            notes=[f"due: '{text}': thời điểm bắt đầu, không có hạn kết thúc"],
        )
    if language.pattern("CellStanding").fullmatch(text_key):
        if language.pattern("Standing").fullmatch(text_key):
            return Deadline(
                DeadlineKind.STANDING,
                text,
                notes=[f"due: '{text}': việc làm thường xuyên, không có hạn cụ thể"],
            )
        unit = language.pattern("EveryUnit").search(text_key)
        return recurring(text, unit.group(0).split()[-1] if unit else None)
    found = find_deadline(text, issued_on, calendar, year=year)
    if found is not None and found.kind is not DeadlineKind.FIXED:
        return found
    period = _period(text, issued_on, year)
    if found is not None and (period is None or language.pattern("Date").search(text_key)):
        # "Trước ngày 30/11/2025", "từ ngày 1.11 đến 10.12.2025", "Trong 30 ngày": read as in running
        # text, the whole cell its phrase
        return Deadline(found.kind, text, found.due, found.day, found.notes)
    return period or (event(text) if _opens_on_event(text_key) else None)


def _opens_on_event(text_key: str) -> bool:
    """ "Trước khi trình HĐND tỉnh": in running text a sentence that opens so states a condition,
    in a time cell it is the time."""
    return bool(language.pattern("Event").search(" " + text_key))


def _period(text: str, issued_on: dt.date | None, year: int | None) -> Deadline | None:
    """The end of the last period the cell names, as its deadline."""
    found = last_period(text, issued_on.year if issued_on else year)
    if found is None:
        return None
    _, end = found
    return _deadline(text, end, issued_on)


def _deadline(phrase: str, end: End, issued_on: dt.date | None) -> Deadline | None:
    if end.day is None:
        return needs_issue_date(phrase, "không ghi năm") if not end.year_written else None
    due = period_due(end.day, end.period, issued_on) if end.period else end.day.isoformat()
    deadline = Deadline(DeadlineKind.FIXED, phrase, due=due, day=end.day)
    if not end.year_written:
        deadline.notes.append(f"due: '{phrase}' không ghi năm: lấy năm {end.day.year}")
    if issued_on is not None and end.day < issued_on:
        deadline.notes.append(
            f"due: '{phrase}' kết thúc ngày {fmt(end.day)}, trước ngày ban hành {fmt(issued_on)}: cần xem lại"
        )
    return deadline


def heading_period(text: str, issued_on: dt.date | None, *, alone: bool = False) -> Deadline | None:
    """The period a task table's section row sets for its rows ("Giai đoạn 2025-2027", "II. NĂM
    2026"), ending on the last day of its last year; None when the heading names none. With
    `alone`, only a heading that is nothing but its marker and the period ("- Giai đoạn
    2025-2027", "b) Năm 2026:"): in running text a lead-in that says more ("Kế hoạch … giai đoạn
    2021-2025") names the plan's horizon, not its items' deadline."""
    text = _clean(text)
    text_key = key(text)
    match = language.pattern("HeadingPeriod").search(text_key)
    if match is None:
        return None
    if alone:
        marker = language.pattern("HeadingMarker").match(text_key)
        start = marker.end() if marker else 0
        if text_key[start : match.start()].strip() or text_key[match.end() :].strip(" .:;"):
            return None
    phrase = text[match.start() : match.end()]
    found = last_period(phrase, None)
    return _deadline(phrase, found[1], issued_on) if found is not None else None


def time_line(
    text: str, issued_on: dt.date | None, calendar: WorkCalendar | None = None, *, year: int | None = None
) -> Deadline | None:
    """The deadline of a line that only gives a time ("Thời gian hoàn thành: Quý I/2026", "Hạn nộp
    báo cáo: Trước ngày 25/11/2025"): it belongs to the items above or below it, it is no task.
    None when the line is anything else."""
    text = _clean(text)
    text_key = key(text)
    marker = language.pattern("HeadingMarker").match(text_key)
    start = marker.end() if marker else 0
    # the labels are the sections' ("TimeLabel" in lang/sections.yaml): one list for both stages
    label = language.pattern("TimeDetail").match(text_key[start:])
    if label is None:
        return None
    return cell_deadline(text[start + label.end() :], issued_on, calendar, year=year)
