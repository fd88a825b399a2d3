"""Deadlines in a task's own words, turned into the spec's due rules.

Only phrases that set a deadline count: "trước ngày 30/4/2020", "chậm nhất ngày …", "xong
trước …", "trong vòng 15 ngày kể từ ngày …", "từ ngày … đến hết ngày …", "trong tháng 5",
"trong quý III năm 2020", "trong năm 2020". A date that only names a report period ("tình hình
tháng 3 năm 2020") or a cited document ("Chỉ thị số 16/CT-TTg ngày 31/3/2020") has no such
words around it, so it is never taken. Recurring ("hằng tháng trước ngày 20") and event-relative
("ngay sau khi …", "kịp thời") deadlines have no single day: they come back without one, flagged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from dondoc.directives.duerules import Period, end_of_period
from dondoc.record.workcalendar import WorkCalendar

# "30/4/2020", "30/4", "30-4-2020", "30.4.2020", "ngày 16 tháng 4 năm 2020", "16 tháng 4"
_DAY = (
    r"(?:ngày\s+)?(?:(?P<{p}d>\d{{1,2}})\s*[/.-]\s*(?P<{p}m>\d{{1,2}})(?:\s*[/.-]\s*(?P<{p}y>\d{{4}}))?(?![\d/])"
    r"|(?P<{p}d2>\d{{1,2}})\s+tháng\s+(?P<{p}m2>\d{{1,2}})(?:\s*(?:năm\s+|/\s*)(?P<{p}y2>\d{{4}}))?)"
)


def _day_pattern(prefix: str) -> str:
    return _DAY.format(p=prefix)


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_RECURRING = re.compile(
    r"(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+(?P<unit>tuần|tháng|quý|năm)"
    r"(?:\s*,?\s*(?:trước|chậm\s+nhất|vào)\s+(?:ngày\s+|thứ\s+)?[\w/]+)?"
    r"|(?:trước|chậm\s+nhất|vào)\s+ngày\s+\d{1,2}\s+(?:hằng|hàng)\s+(?P<unit2>tuần|tháng|quý|năm)",
    re.I,
)
_RANGE = re.compile(rf"từ\s+{_day_pattern('a')}\s+(?:đến|tới)\s+(?:hết\s+)?{_day_pattern('b')}", re.I)
_COUNT = re.compile(
    r"(?:trong\s+(?:vòng|thời\s+hạn|thời\s+gian)?\s*|sau\s+)(?P<n>\d{1,3})\s+ngày(?P<working>\s+làm\s+việc)?"
    r"(?:\s*,?\s*(?:tính\s+)?kể\s+từ\s+(?:\d{1,2}\s+giờ(?:\s+\d{1,2}\s+phút)?\s+)?(?:"
    + _day_pattern("k")
    + r"|ngày\s+(?P<event>[^,.;()]{2,40}?)(?=[,.;()]|\s+(?:và|để|trừ)\s|$)))?",
    re.I,
)
_BY_DAY = re.compile(
    r"(?P<cue>chậm\s+nhất(?:\s+là)?(?:\s+vào)?|hạn\s+chót(?:\s+là)?|muộn\s+nhất(?:\s+là)?"
    r"|(?:đến|tới)\s+hết|(?:đến|tới)(?=\s+ngày)|trong\s+ngày"
    r"|(?:(?:xong|hoàn\s+thành|hoàn\s+thiện|gửi|nộp|báo\s+cáo)\s+)?trước)\s+" + _day_pattern("x"),
    re.I,
)
_MONTH = re.compile(r"trong\s+tháng\s+(?P<m>\d{1,2})(?:\s*(?:năm\s+|/\s*)(?P<y>\d{4}))?(?![\d/])", re.I)
_QUARTER = re.compile(r"trong\s+quý\s+(?P<q>IV|I{1,3}|[1-4])(?:\s*(?:năm\s+|/\s*)(?P<y>\d{4}))?\b", re.I)
_YEAR = re.compile(r"trong\s+năm\s+(?P<y>\d{4})\b", re.I)
_AFTER_EVENT = re.compile(r"ngay\s+sau\s+khi\s+[^,.;]{3,80}", re.I)
_TIMELY = re.compile(r"kịp\s+thời", re.I)


class DeadlineKind(StrEnum):
    FIXED = "fixed"  # a day (also a count or a period: they resolve to one)
    RECURRING = "recurring"
    EVENT = "event"  # after something happens: no day
    TIMELY = "timely"  # "kịp thời": urgent, but no day of its own


@dataclass
class Deadline:
    kind: DeadlineKind
    phrase: str
    due: str = "none"  # in the spec grammar of config/README.md
    day: dt.date | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def has_day(self) -> bool:
        return self.day is not None


def _date_from(match: re.Match[str], prefix: str, default_year: int) -> tuple[dt.date | None, bool]:
    """The date a _day_pattern group names, and whether its year was written."""
    groups = match.groupdict()
    day = groups.get(f"{prefix}d") or groups.get(f"{prefix}d2")
    month = groups.get(f"{prefix}m") or groups.get(f"{prefix}m2")
    year = groups.get(f"{prefix}y") or groups.get(f"{prefix}y2")
    if day is None or month is None:
        return None, False
    try:
        return dt.date(int(year) if year else default_year, int(month), int(day)), year is not None
    except ValueError:
        return None, False


def _fmt(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _period_due(day: dt.date, period: Period, issued_on: dt.date) -> str:
    """'end of …' when the period is the issue date's own, so the spec reads as the document does."""
    return f"end of {period.value}" if end_of_period(issued_on, period) == day else day.isoformat()


def find_deadline(text: str, issued_on: dt.date, calendar: WorkCalendar | None = None) -> Deadline | None:
    """The deadline a task's text sets, or None when it sets none."""
    calendar = calendar or WorkCalendar()
    if match := _RECURRING.search(text):
        unit = match.group("unit") or match.group("unit2")
        explicit_time = len(match.group(0).split()) > 2
        if explicit_time or re.search(r"báo\s+cáo|định\s+kỳ", text, re.I):
            return Deadline(
                DeadlineKind.RECURRING,
                match.group(0),
                notes=[
                    f"hạn lặp lại hằng {unit} ('{match.group(0)}'): không phải một ngày; "
                    "đặt hạn cho kỳ đầu hoặc tách thành từng kỳ"
                ],
            )
    found = [
        d
        for d in (
            _range(text, issued_on),
            _count(text, issued_on, calendar),
            _by_day(text, issued_on),
        )
        if d is not None
    ]
    if found:
        found.sort(key=lambda pair: pair[0])
        return _checked(found[0][1], issued_on)
    for period in (_month(text, issued_on), _quarter(text, issued_on), _year(text, issued_on)):
        if period is not None:
            return period
    if match := _AFTER_EVENT.search(text):
        return Deadline(
            DeadlineKind.EVENT,
            match.group(0),
            notes=[f"hạn theo sự kiện ('{match.group(0)}'): không có ngày cụ thể, cần theo dõi riêng"],
        )
    if match := _TIMELY.search(text):
        return Deadline(
            DeadlineKind.TIMELY,
            match.group(0),
            notes=["văn bản yêu cầu 'kịp thời' nhưng không nêu ngày: cần xác định hạn"],
        )
    return None


def _checked(deadline: Deadline, issued_on: dt.date) -> Deadline:
    if deadline.day is not None and deadline.day < issued_on:
        return Deadline(
            DeadlineKind.FIXED,
            deadline.phrase,
            notes=[
                f"'{deadline.phrase}' là ngày {_fmt(deadline.day)}, trước ngày ban hành: chưa lấy làm hạn"
            ],
        )
    return deadline


def _range(text: str, issued_on: dt.date) -> tuple[int, Deadline] | None:
    match = _RANGE.search(text)
    if not match:
        return None
    end, end_has_year = _date_from(match, "b", issued_on.year)
    if end is None:
        return None
    deadline = Deadline(DeadlineKind.FIXED, match.group(0), due=end.isoformat(), day=end)
    if not end_has_year:
        deadline.notes.append(f"'{match.group(0)}' không ghi năm: lấy năm {end.year}")
    return match.start(), deadline


def _count(text: str, issued_on: dt.date, calendar: WorkCalendar) -> tuple[int, Deadline] | None:
    match = _COUNT.search(text)
    if not match:
        return None
    count = int(match.group("n"))
    working = bool(match.group("working"))
    phrase = match.group(0).strip()
    anchor, _ = _date_from(match, "k", issued_on.year)
    notes: list[str] = []
    if anchor is None:
        anchor = issued_on
        event = match.group("event")
        if event and not re.match(r"(?:ký|ban\s+hành)", event.strip(), re.I):
            notes.append(f"hạn tính từ ngày {event.strip()}: tạm tính từ ngày ban hành, cần xem lại")
        elif not event:
            notes.append("văn bản không nêu mốc tính hạn: tính từ ngày ban hành")
    day = calendar.add_working_days(anchor, count) if working else anchor + dt.timedelta(days=count)
    unit = "working days" if working else "days"
    due = f"{count} {unit}" if anchor == issued_on else day.isoformat()
    return match.start(), Deadline(DeadlineKind.FIXED, phrase, due=due, day=day, notes=notes)


def _by_day(text: str, issued_on: dt.date) -> tuple[int, Deadline] | None:
    match = _BY_DAY.search(text)
    if not match:
        return None
    day, has_year = _date_from(match, "x", issued_on.year)
    if day is None:
        return None
    phrase = match.group(0).strip()
    notes = []
    if not has_year:
        notes.append(f"'{phrase}' không ghi năm: lấy năm {day.year}")
    if re.search(r"trước$", match.group("cue"), re.I):
        # "trước ngày 30/4" leaves 30/4 out; a due date means the end of its day
        day -= dt.timedelta(days=1)
        notes.append(
            f"'{phrase}': hạn là hết ngày {_fmt(day)}; sửa nếu văn bản tính cả ngày {_fmt(day + dt.timedelta(days=1))}"
        )
    return match.start(), Deadline(DeadlineKind.FIXED, phrase, due=day.isoformat(), day=day, notes=notes)


def _month(text: str, issued_on: dt.date) -> Deadline | None:
    for match in _MONTH.finditer(text):
        month = int(match.group("m"))
        if not 1 <= month <= 12:
            continue
        year = int(match.group("y")) if match.group("y") else issued_on.year
        day = end_of_period(dt.date(year, month, 1), Period.MONTH)
        if day < issued_on:
            if match.group("y"):
                continue  # a past month is the report period, not a deadline
            year += 1
            day = end_of_period(dt.date(year, month, 1), Period.MONTH)
        return Deadline(
            DeadlineKind.FIXED, match.group(0), due=_period_due(day, Period.MONTH, issued_on), day=day
        )
    return None


def _quarter(text: str, issued_on: dt.date) -> Deadline | None:
    for match in _QUARTER.finditer(text):
        quarter = _ROMAN[match.group("q").upper()]
        year = int(match.group("y")) if match.group("y") else issued_on.year
        day = end_of_period(dt.date(year, quarter * 3, 1), Period.QUARTER)
        if day < issued_on:
            continue
        return Deadline(
            DeadlineKind.FIXED, match.group(0), due=_period_due(day, Period.QUARTER, issued_on), day=day
        )
    return None


def _year(text: str, issued_on: dt.date) -> Deadline | None:
    for match in _YEAR.finditer(text):
        day = dt.date(int(match.group("y")), 12, 31)
        if day < issued_on:
            continue
        return Deadline(
            DeadlineKind.FIXED, match.group(0), due=_period_due(day, Period.YEAR, issued_on), day=day
        )
    return None
