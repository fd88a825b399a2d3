"""Deadlines in a task's own words, turned into the spec's due rules.

Only phrases that set a deadline count: "trước ngày 30/4/2020", "chậm nhất (là) ngày …", "hoàn
thành chậm nhất trước ngày …", "xong trước …", "trước 14h ngày 03/5/2021" (the day counts; the hour
stays in the phrase), "trong vòng 15 ngày kể từ ngày …", "từ ngày … đến hết ngày …", "trong tháng
5", "cuối tháng 3 và trong tháng 4/2022" (the later), "trong quý III năm 2020", "trong năm 2020".
"Trước ngày D" is D, as offices read it. A date that only names a report period ("tình hình
tháng 3 năm 2020", "từ đầu năm học đến ngày 15/10") or a cited document ("Chỉ thị số 16/CT-TTg
ngày 31/3/2020") has no such words around it, so it is never taken. Recurring ("hằng tháng trước
ngày 20", "trước 14h hàng ngày") and event-relative ("ngay sau khi …", "trước khi trình …",
"cho đến khi có thông báo mới") deadlines have no single day: they come back without one, flagged.
When the issue date is not known, a deadline that needs its year or counts from it stays a phrase.
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
# "14h", "14h30", "16 giờ", "10 giờ 00", "8 giờ 30 phút": the day counts, the hour stays in the phrase
_HOUR = r"(?:\d{1,2}\s*(?:h|giờ)(?:\s*\d{1,2}(?:\s*phút|')?)?\s*(?:,\s*)?)"


def _day_pattern(prefix: str) -> str:
    return _DAY.format(p=prefix)


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_RECURRING = re.compile(
    rf"(?:(?:trước|chậm\s+nhất|vào)\s+{_HOUR}?)?(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+(?P<unit>ngày|tuần|tháng|quý|năm)"
    r"(?:\s*,?\s*(?:trước|chậm\s+nhất|vào)\s+(?:ngày\s+|thứ\s+)?[\w/]+)?"
    r"|(?:trước|chậm\s+nhất|vào)\s+ngày\s+\d{1,2}\s+(?:hằng|hàng)\s+(?P<unit2>tuần|tháng|quý|năm)",
    re.I,
)
_RANGE = re.compile(
    rf"từ\s+(?:{_HOUR})?{_day_pattern('a')}\s+(?:cho\s+)?(?:đến|tới)\s+(?:hết\s+)?(?:{_HOUR})?{_day_pattern('b')}",
    re.I,
)
_COUNT = re.compile(
    r"(?:trong\s+(?:vòng|thời\s+hạn|thời\s+gian)?\s*|sau\s+)(?P<n>\d{1,3})\s+ngày(?P<working>\s+làm\s+việc)?"
    r"(?:\s*,?\s*(?:tính\s+)?kể\s+từ\s+(?:\d{1,2}\s+giờ(?:\s+\d{1,2}\s+phút)?\s+)?(?:"
    + _day_pattern("k")
    + r"|ngày\s+(?P<event>[^,.;()]{2,40}?)(?=[,.;()]|\s+(?:và|để|trừ)\s|$)))?",
    re.I,
)
_BY_DAY = re.compile(
    r"(?P<cue>chậm\s+nhất(?:\s+là)?(?:\s+vào)?(?:\s+trước)?|hạn\s+chót(?:\s+là)?|muộn\s+nhất(?:\s+là)?"
    r"|(?:đến|tới)\s+hết|(?:đến|tới)(?=\s+(?:ngày|\d))|trong\s+ngày"
    r"|(?:(?:xong|hoàn\s+thành|hoàn\s+thiện|gửi|nộp|báo\s+cáo)\s+)?trước)\s+"
    + f"{_HOUR}?"
    + _day_pattern("x"),
    re.I,
)
# "từ đầu năm học đến ngày 15/10": the period a report covers, not a time to finish by
_PERIOD_START = re.compile(r"(?<!\w)từ\s+(?!ngày\s+\d|\d)[^,;.()]{1,60}$", re.I)
_MONTH = re.compile(
    r"(?:trong|cuối|hết)\s+tháng\s+(?P<m>\d{1,2})(?:\s*(?:năm\s+|/\s*)(?P<y>\d{4}))?(?![\d/])", re.I
)
_QUARTER = re.compile(
    r"(?:trong|cuối|hết)\s+quý\s+(?P<q>IV|I{1,3}|[1-4])(?:\s*(?:năm\s+|/\s*)(?P<y>\d{4}))?\b", re.I
)
_YEAR = re.compile(r"(?:trong|cuối|hết)\s+năm\s+(?P<y>\d{4})\b", re.I)
_EVENT = re.compile(
    r"ngay\s+sau\s+khi\s+[^,.;]{3,80}|(?<=\s)trước\s+khi\s+[^,.;]{3,80}"
    r"|(?:từ\s+[^,;.]{0,40}?\s+)?(?:cho\s+)?đến\s+khi\s+[^,.;]{3,60}",
    re.I,
)
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


def _fmt(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _needs_issue_date(phrase: str, why: str) -> Deadline:
    return Deadline(
        DeadlineKind.FIXED,
        phrase,
        notes=[f"due: '{phrase}' {why}, mà văn bản không ghi ngày ban hành: điền 'issued_on' rồi đặt hạn"],
    )


def _date_from(match: re.Match[str], prefix: str, year: int | None) -> tuple[dt.date | None, bool]:
    """The date a _day_pattern group names (None when it needs a year nobody gave), and whether its
    year was written."""
    groups = match.groupdict()
    day = groups.get(f"{prefix}d") or groups.get(f"{prefix}d2")
    month = groups.get(f"{prefix}m") or groups.get(f"{prefix}m2")
    written = groups.get(f"{prefix}y") or groups.get(f"{prefix}y2")
    if day is None or month is None or (written is None and year is None):
        return None, written is not None
    try:
        return dt.date(int(written) if written else int(year or 0), int(month), int(day)), written is not None
    except ValueError:
        return None, written is not None


def _period_due(day: dt.date, period: Period, issued_on: dt.date | None) -> str:
    """'end of …' when the period is the issue date's own, so the spec reads as the document does."""
    if issued_on is not None and end_of_period(issued_on, period) == day:
        return f"end of {period.value}"
    return day.isoformat()


def find_deadline(
    text: str, issued_on: dt.date | None, calendar: WorkCalendar | None = None
) -> Deadline | None:
    """The deadline a task's text sets, or None when it sets none."""
    calendar = calendar or WorkCalendar()
    if match := _RECURRING.search(text):
        unit = match.group("unit") or match.group("unit2")
        explicit_time = len(match.group(0).split()) > 2
        if explicit_time or re.search(r"báo\s+cáo|định\s+kỳ", text, re.I):
            phrase = match.group(0).strip(" ,")
            return Deadline(
                DeadlineKind.RECURRING,
                phrase,
                notes=[
                    f"due: hạn lặp lại hằng {unit} ('{phrase}'): không phải một ngày; "
                    "đặt hạn cho kỳ đầu hoặc tách thành từng kỳ"
                ],
            )
    found = [
        d
        for d in (_range(text, issued_on), _count(text, issued_on, calendar), _by_day(text, issued_on))
        if d is not None
    ]
    if found:
        found.sort(key=lambda pair: pair[0])
        return _checked(found[0][1], issued_on)
    periods = [
        p for p in (*_months(text, issued_on), *_quarters(text, issued_on), _year(text, issued_on)) if p
    ]
    dated = [p for p in periods if p.day is not None]
    if dated:
        return max(dated, key=lambda p: p.day or dt.date.min)
    if periods:
        return periods[0]
    if match := _EVENT.search(text):
        phrase = match.group(0).strip(" ,")
        return Deadline(
            DeadlineKind.EVENT,
            phrase,
            notes=[f"due: hạn theo sự kiện ('{phrase}'): không có ngày cụ thể, cần theo dõi riêng"],
        )
    if match := _TIMELY.search(text):
        return Deadline(
            DeadlineKind.TIMELY,
            match.group(0),
            notes=["due: văn bản yêu cầu 'kịp thời' nhưng không nêu ngày: cần xác định hạn"],
        )
    return None


def _checked(deadline: Deadline, issued_on: dt.date | None) -> Deadline:
    if deadline.day is not None and issued_on is not None and deadline.day < issued_on:
        return Deadline(
            DeadlineKind.FIXED,
            deadline.phrase,
            notes=[
                f"due: '{deadline.phrase}' là ngày {_fmt(deadline.day)}, trước ngày ban hành: chưa lấy làm hạn"
            ],
        )
    return deadline


def _year_of(issued_on: dt.date | None) -> int | None:
    return issued_on.year if issued_on else None


def _range(text: str, issued_on: dt.date | None) -> tuple[int, Deadline] | None:
    match = _RANGE.search(text)
    if not match:
        return None
    end, end_has_year = _date_from(match, "b", _year_of(issued_on))
    phrase = match.group(0)
    if end is None:
        return (match.start(), _needs_issue_date(phrase, "không ghi năm")) if not end_has_year else None
    deadline = Deadline(DeadlineKind.FIXED, phrase, due=end.isoformat(), day=end)
    if not end_has_year:
        deadline.notes.append(f"due: '{phrase}' không ghi năm: lấy năm {end.year}")
    return match.start(), deadline


def _count(text: str, issued_on: dt.date | None, calendar: WorkCalendar) -> tuple[int, Deadline] | None:
    match = _COUNT.search(text)
    if not match:
        return None
    count = int(match.group("n"))
    working = bool(match.group("working"))
    phrase = match.group(0).strip()
    anchor, _ = _date_from(match, "k", _year_of(issued_on))
    notes: list[str] = []
    if anchor is None:
        if issued_on is None:
            return match.start(), _needs_issue_date(phrase, "tính từ ngày ban hành")
        anchor = issued_on
        event = match.group("event")
        if event and not re.match(r"(?:ký|ban\s+hành)", event.strip(), re.I):
            notes.append(f"due: hạn tính từ ngày {event.strip()}: tạm tính từ ngày ban hành, cần xem lại")
        elif not event:
            notes.append("due: văn bản không nêu mốc tính hạn: tính từ ngày ban hành")
    day = calendar.add_working_days(anchor, count) if working else anchor + dt.timedelta(days=count)
    unit = "working days" if working else "days"
    due = f"{count} {unit}" if anchor == issued_on else day.isoformat()
    return match.start(), Deadline(DeadlineKind.FIXED, phrase, due=due, day=day, notes=notes)


def _by_day(text: str, issued_on: dt.date | None) -> tuple[int, Deadline] | None:
    for match in _BY_DAY.finditer(text):
        if re.match(r"(?:đến|tới)", match.group("cue"), re.I) and _PERIOD_START.search(text[: match.start()]):
            continue
        day, has_year = _date_from(match, "x", _year_of(issued_on))
        phrase = match.group(0).strip()
        if day is None:
            if has_year:
                continue
            return match.start(), _needs_issue_date(phrase, "không ghi năm")
        notes = [] if has_year else [f"due: '{phrase}' không ghi năm: lấy năm {day.year}"]
        return match.start(), Deadline(DeadlineKind.FIXED, phrase, due=day.isoformat(), day=day, notes=notes)
    return None


def _months(text: str, issued_on: dt.date | None) -> list[Deadline]:
    found = []
    for match in _MONTH.finditer(text):
        month = int(match.group("m"))
        if not 1 <= month <= 12:
            continue
        phrase = match.group(0)
        if match.group("y") is None and issued_on is None:
            found.append(_needs_issue_date(phrase, "không ghi năm"))
            continue
        year = int(match.group("y")) if match.group("y") else int(_year_of(issued_on) or 0)
        day = end_of_period(dt.date(year, month, 1), Period.MONTH)
        if issued_on is not None and day < issued_on:
            if match.group("y"):
                continue  # a past month is the report period, not a deadline
            day = end_of_period(dt.date(year + 1, month, 1), Period.MONTH)
        found.append(
            Deadline(DeadlineKind.FIXED, phrase, due=_period_due(day, Period.MONTH, issued_on), day=day)
        )
    return found


def _quarters(text: str, issued_on: dt.date | None) -> list[Deadline]:
    found = []
    for match in _QUARTER.finditer(text):
        quarter = _ROMAN[match.group("q").upper()]
        phrase = match.group(0)
        if match.group("y") is None and issued_on is None:
            found.append(_needs_issue_date(phrase, "không ghi năm"))
            continue
        year = int(match.group("y")) if match.group("y") else int(_year_of(issued_on) or 0)
        day = end_of_period(dt.date(year, quarter * 3, 1), Period.QUARTER)
        if issued_on is not None and day < issued_on:
            continue
        found.append(
            Deadline(DeadlineKind.FIXED, phrase, due=_period_due(day, Period.QUARTER, issued_on), day=day)
        )
    return found


def _year(text: str, issued_on: dt.date | None) -> Deadline | None:
    for match in _YEAR.finditer(text):
        day = dt.date(int(match.group("y")), 12, 31)
        if issued_on is not None and day < issued_on:
            continue
        return Deadline(
            DeadlineKind.FIXED, match.group(0), due=_period_due(day, Period.YEAR, issued_on), day=day
        )
    return None
