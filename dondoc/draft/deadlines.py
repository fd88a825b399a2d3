"""Deadlines in a task's own words, turned into the spec's due rules.

The words are data (`lang/time.yaml`); this stage decides what they mean. Only phrases that set a
deadline count: "trước ngày 30/4/2020", "chậm nhất (là) ngày …", "xong trước 12.9.2025", "trước
14h ngày 03/5/2021" (the day counts; the hour stays in the phrase), "trong vòng 15 ngày kể từ ngày
…", "từ ngày 3.2 đến 20.3.2026" (its end), "trong tháng 5", "cuối tháng 3 và trong tháng 4/2022"
(the later), "trong quý III năm 2020", "trong năm 2020", "trong những tháng cuối năm" (the issue's
year). "Trước ngày D" is D, as offices read it. A day without its year takes the document's, and
says so. A date that only names a report period ("tình hình tháng 3 năm 2020", "từ đầu năm học đến
ngày 15/10"), a cited document ("Chỉ thị số 16/CT-TTg ngày 31/3/2020"), a plan's horizon ("giai
đoạn 2021-2030", "tầm nhìn đến năm 2050") or a meeting ("tại kỳ họp cuối năm 2025") is never taken.
Recurring ("hằng tháng trước ngày 20"), event-relative ("ngay sau khi …", "cho đến khi có thông
báo mới") deadlines and spans that are no single day ("các tháng cuối năm nay và đầu năm sau")
come back without a day, flagged. When the issue date is not known, a deadline that needs its year
or counts from it stays a phrase.

A task table's time cell reads differently: there a bare period is the deadline ("Quý I/2026",
"2025 - 2030"): see `cell_deadline` in `dondoc.draft.time_cells`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from dondoc.directives.duerules import Period, end_of_period
from dondoc.draft import language
from dondoc.draft.periods import End, end_of, last_date
from dondoc.draft.words import key
from dondoc.record.workcalendar import WorkCalendar

_NUMBER = re.compile(r"\d{1,3}")
_DIGIT = re.compile(r"\d")
# how far ahead a day written without its year may lie when the issue date's year would put it
# behind the text
_AHEAD_DAYS = 183


class DeadlineKind(StrEnum):
    FIXED = "fixed"  # a day (also a count or a period: they resolve to one)
    RECURRING = "recurring"
    EVENT = "event"  # after something happens: no day
    TIMELY = "timely"  # "kịp thời": urgent, but no day of its own
    SPAN = "span"  # a stretch of time that is no single day ("cuối năm nay và đầu năm sau")
    STANDING = "standing"  # work that goes on ("Thường xuyên", "Liên tục"): no day


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


def fmt(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def needs_issue_date(phrase: str, why: str) -> Deadline:
    return Deadline(
        DeadlineKind.FIXED,
        phrase,
        notes=[f"due: '{phrase}' {why}, mà văn bản không ghi ngày ban hành: điền 'issued_on' rồi đặt hạn"],
    )


def period_due(day: dt.date, period: Period, issued_on: dt.date | None) -> str:
    """'end of …' when the period is the issue date's own, so the spec reads as the document does."""
    if issued_on is not None and end_of_period(issued_on, period) == day:
        return f"end of {period.value}"
    return day.isoformat()


def recurring(phrase: str, unit: str | None) -> Deadline:
    every = f"hằng {unit} " if unit else ""
    return Deadline(
        DeadlineKind.RECURRING,
        phrase,
        notes=[
            f"due: hạn lặp lại {every}('{phrase}'): không phải một ngày; "
            "đặt hạn cho kỳ đầu hoặc tách thành từng kỳ"
        ],
    )


def event(phrase: str) -> Deadline:
    return Deadline(
        DeadlineKind.EVENT,
        phrase,
        notes=[f"due: hạn theo sự kiện ('{phrase}'): không có ngày cụ thể, cần theo dõi riêng"],
    )


def _masked(text_key: str, *names: str) -> str:
    """The key with what the named parts match blanked out, offsets kept: a cited document's date
    or a plan's horizon is then no date at all to the rules after."""
    for name in names:
        text_key = language.pattern(name).sub(lambda m: " " * len(m.group(0)), text_key)
    return text_key


def _blanked(text_key: str, *matches: re.Match[str] | None) -> str:
    for match in matches:
        if match is not None:
            text_key = (
                text_key[: match.start()] + " " * (match.end() - match.start()) + text_key[match.end() :]
            )
    return text_key


def _has(text_key: str, gate: str) -> bool:
    return language.pattern(gate).search(text_key) is not None


def find_deadline(
    text: str, issued_on: dt.date | None, calendar: WorkCalendar | None = None, *, year: int | None = None
) -> Deadline | None:
    """The deadline a task's text sets, or None when it sets none. `year` stands in for the issue
    date's year when the document does not say when it was issued but names its year elsewhere
    (a news report's "6-11-2025"): a day or a month written without a year takes it."""
    calendar = calendar or WorkCalendar()
    year = issued_on.year if issued_on else year
    text_key = key(text)
    # a costly rule runs only where a cheap gate finds its words: most clauses write no number, no
    # repeating word, no part of a year
    numbered = _DIGIT.search(text_key) is not None
    if numbered:
        text_key = _masked(text_key, "CitedDate", "HorizonPhrase")
    if _has(text_key, "RepeatGate") and (found := _recurring(text, text_key)):
        return found
    if numbered and (found := _first_day(text, text_key, issued_on, calendar, year)):
        return _checked(found, issued_on)
    span = language.pattern("YearSpan").search(text_key) if _has(text_key, "PartYear") else None
    meeting = language.pattern("MeetingPeriod").search(text_key) if _has(text_key, "PeriodGate") else None
    text_key = _blanked(text_key, span, meeting)
    periods = _periods(text, text_key, issued_on, year)
    dated = [p for p in periods if p.day is not None]
    if dated:
        return max(dated, key=lambda p: p.day or dt.date.min)
    if periods:
        return periods[0]
    return _no_day(text, text_key, span, meeting)


def _no_day(
    text: str, text_key: str, span: re.Match[str] | None, meeting: re.Match[str] | None
) -> Deadline | None:
    """A time with no day of its own: a span of months, a meeting, an event, a holiday, "kịp thời"."""
    if span is not None:
        phrase = text[span.start() : span.end()]
        return Deadline(
            DeadlineKind.SPAN,
            phrase,
            notes=[f"due: '{phrase}' là một khoảng thời gian, không phải một ngày: cần xác định hạn"],
        )
    if meeting is not None:
        return event(text[meeting.start() : meeting.end()])
    if _has(text_key, "EventGate"):
        found = language.pattern("Event").search(text_key) or language.pattern("HolidayEvent").search(
            text_key
        )
        if found is not None:
            return event(text[found.start() : found.end()].strip(" ,"))
    if timely := language.pattern("TimelyWord").search(text_key):
        return Deadline(
            DeadlineKind.TIMELY,
            text[timely.start() : timely.end()],
            notes=["due: văn bản yêu cầu 'kịp thời' nhưng không nêu ngày: cần xác định hạn"],
        )
    return None


def _first_day(
    text: str, text_key: str, issued_on: dt.date | None, calendar: WorkCalendar, year: int | None
) -> Deadline | None:
    """The first day the text sets: a range's end, a count of days, a day to finish by."""
    days = [
        d
        for d in (
            _range(text, text_key, issued_on, year),
            _count(text, text_key, issued_on, calendar, year),
            _by_day(text, text_key, issued_on, year),
        )
        if d is not None
    ]
    return min(days, key=lambda pair: pair[0])[1] if days else None


def _recurring(text: str, text_key: str) -> Deadline | None:
    match = language.pattern("Recurring").search(text_key)
    phrase = text[match.start() : match.end()].strip(" ,") if match else ""
    # a bare "hằng năm" is how often work is done; with a report it is when the report is due
    if len(phrase.split()) <= 2 and not language.pattern("Reporting").search(text_key):
        phrase = ""
    if len(phrase.split()) <= 2 and (periodic := _periodic_day(text_key)) is not None:
        phrase = text[periodic.start() : periodic.end()]
    if not phrase and (cycle := language.pattern("CycleDay").search(text_key)) is not None:
        phrase = text[cycle.start() : cycle.end()]
    if not phrase:
        return None
    unit = language.pattern("EveryUnit").search(key(phrase))
    return recurring(phrase, unit.group(0).split()[-1] if unit else None)


def _periodic_day(text_key: str) -> re.Match[str] | None:
    """ "định kỳ báo cáo … trước ngày 20/11": from the nearest word that makes the day come back."""
    pattern = language.pattern("PeriodicDay")
    match = pattern.search(text_key)
    while match is not None and (inner := pattern.search(text_key, match.start() + 1, match.end())):
        if inner.end() != match.end():
            break
        match = inner
    return match


def _checked(deadline: Deadline, issued_on: dt.date | None) -> Deadline:
    if deadline.day is not None and issued_on is not None and deadline.day < issued_on:
        return Deadline(
            DeadlineKind.FIXED,
            deadline.phrase,
            notes=[
                f"due: '{deadline.phrase}' là ngày {fmt(deadline.day)}, trước ngày ban hành: chưa lấy làm hạn"
            ],
        )
    return deadline


def _dated(phrase: str, end: End | None, issued_on: dt.date | None) -> Deadline | None:
    """A deadline on the day a date names, noting the year when it was not written. A day without
    its year that falls before the issue date but within half a year after it is next year's ("trước
    ngày 15/1" in a text of 20/12): a deadline lies ahead of the text that sets it."""
    if end is None:
        return None
    if end.day is None:
        return None if end.year_written else needs_issue_date(phrase, "không ghi năm")
    day = end.day
    if not end.year_written and issued_on is not None and day < issued_on:
        following = _next_year(day)
        if following is not None and (following - issued_on).days <= _AHEAD_DAYS:
            day = following
    deadline = Deadline(DeadlineKind.FIXED, phrase, due=day.isoformat(), day=day)
    if not end.year_written:
        deadline.notes.append(f"due: '{phrase}' không ghi năm: lấy năm {day.year}")
    return deadline


def _next_year(day: dt.date) -> dt.date | None:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29/2
        return None


def _range(
    text: str, text_key: str, issued_on: dt.date | None, year: int | None
) -> tuple[int, Deadline] | None:
    match = language.pattern("DateRange").search(text_key)
    if not match:
        return None
    phrase = text[match.start() : match.end()]
    deadline = _dated(phrase, last_date(phrase, year), issued_on)
    return (match.start(), deadline) if deadline is not None else None


def _count(
    text: str, text_key: str, issued_on: dt.date | None, calendar: WorkCalendar, year: int | None
) -> tuple[int, Deadline] | None:
    match = language.pattern("Count").search(text_key)
    if not match:
        return None
    phrase = text[match.start() : match.end()].strip()
    phrase_key = key(phrase)
    start = language.pattern("CountFrom").search(phrase_key)
    head = phrase_key[: start.start()] if start else phrase_key
    count = int(_NUMBER.findall(head)[0])
    working = bool(language.pattern("WorkingDays").search(head))
    tail = phrase[start.end() :].strip() if start else ""
    written = last_date(tail, year) if tail else None
    anchor = written.day if written else None
    notes: list[str] = []
    if anchor is None:
        if issued_on is None:
            return match.start(), needs_issue_date(phrase, "tính từ ngày ban hành")
        anchor = issued_on
        day_word = language.pattern("DayWord").match(key(tail))
        happening = tail[day_word.end() :].strip() if day_word else tail
        if happening and not language.pattern("Signing").match(key(happening)):
            notes.append(f"due: hạn tính từ ngày {happening}: tạm tính từ ngày ban hành, cần xem lại")
        elif not start:
            notes.append("due: văn bản không nêu mốc tính hạn: tính từ ngày ban hành")
    day = calendar.add_working_days(anchor, count) if working else anchor + dt.timedelta(days=count)
    unit = "working days" if working else "days"
    due = f"{count} {unit}" if anchor == issued_on else day.isoformat()
    return match.start(), Deadline(DeadlineKind.FIXED, phrase, due=due, day=day, notes=notes)


def _by_day(
    text: str, text_key: str, issued_on: dt.date | None, year: int | None
) -> tuple[int, Deadline] | None:
    to = language.pattern("To")
    for match in language.pattern("ByDay").finditer(text_key):
        if to.match(text_key, match.start()) and language.pattern("PeriodStart").search(
            text_key[: match.start()]
        ):
            continue
        phrase = text[match.start() : match.end()].strip()
        deadline = _dated(phrase, last_date(phrase, year), issued_on)
        if deadline is not None and _era(deadline, text_key[: match.start()], issued_on):
            continue
        if deadline is not None:
            return match.start(), deadline
    return None


def _era(deadline: Deadline, before: str, issued_on: dt.date | None) -> bool:
    """ "UBND các huyện (trước ngày 01/7/2025)": a past day in brackets after a name dates what the
    name meant then; it sets no time to finish by."""
    past = deadline.day is not None and issued_on is not None and deadline.day < issued_on
    return past and before.rstrip().endswith("(")


def _period_deadline(phrase: str, end: End, period: Period, issued_on: dt.date | None) -> list[Deadline]:
    if end.day is None:
        return [needs_issue_date(phrase, "không ghi năm")]
    day = end.day
    if issued_on is not None and day < issued_on:
        if end.year_written or period is not Period.MONTH:
            return []  # a past period is the report period, not a deadline
        day = end_of_period(dt.date(day.year + 1, day.month, 1), Period.MONTH)
    return [Deadline(DeadlineKind.FIXED, phrase, due=period_due(day, period, issued_on), day=day)]


def _periods(text: str, text_key: str, issued_on: dt.date | None, year: int | None) -> list[Deadline]:
    """Every month, quarter and year the text gives as a time to finish within or by."""
    found: list[Deadline] = []
    periods = language.pattern("PeriodDeadline").finditer(text_key) if _has(text_key, "PeriodGate") else ()
    for match in periods:
        phrase = text[match.start() : match.end()]
        for period in language.pattern("Period").finditer(text_key, match.start(), match.end()):
            end = end_of(text[period.start() : period.end()], year)
            if end is not None and end.period is not None:
                found += _period_deadline(phrase, end, end.period, issued_on)
    year_end = language.pattern("YearEnd").search(text_key) if _has(text_key, "PartYear") else None
    if not found and year_end is not None:
        phrase = text[year_end.start() : year_end.end()]
        if year is None:
            return [needs_issue_date(phrase, "tính theo năm ban hành")]
        day = dt.date(year, 12, 31)
        found.append(
            Deadline(DeadlineKind.FIXED, phrase, due=period_due(day, Period.YEAR, issued_on), day=day)
        )
    return found
