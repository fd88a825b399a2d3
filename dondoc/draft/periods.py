"""The day a time phrase ends on: a date, a month, a quarter, a year, as `lang/time.yaml` names them.

The patterns find where a date or a period is written; this module reads its numbers. A date is
day, month and maybe year in that order whether it is written "12.9.2025", "12/9", "ngày 16
tháng 4 năm 2020"; a quarter is its numeral (roman or not) and maybe a year; a month its number
and maybe a year; a year its four digits. When the year is not written the caller's year stands
in, and the result says it was not written, so a review note can say which year was taken.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dondoc.directives.duerules import Period, end_of_period
from dondoc.draft import language
from dondoc.draft.words import key

_NUMBER = re.compile(r"\d+")
# a quarter's numeral or a year, as separate tokens of a key ("quý iii năm 2026", "quý 4/2025")
_QUARTER_TOKEN = re.compile(r"(?<![\w])(?:[ivx]+|\d+)(?!\w)")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class End:
    """Where a written date or period ends. `day` is None when its year is neither written nor
    known, or the numbers name no day (31/2)."""

    day: dt.date | None
    period: Period | None  # None for a day
    year_written: bool


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _split(numbers: list[str]) -> tuple[list[int], int | None]:
    """The small numbers of a date or a period, and its year when written (four digits, last)."""
    if numbers and len(numbers[-1]) == 4:
        return [int(n) for n in numbers[:-1]], int(numbers[-1])
    return [int(n) for n in numbers], None


def last_date(span: str, year: int | None) -> End | None:
    """The last date written in `span` (a range's end, the day after an hour, the last of
    "20-25/11/2025")."""
    found = list(language.pattern("Date").finditer(key(span)))
    if not found:
        return None
    small, written = _split(_NUMBER.findall(found[-1].group(0)))
    use = written or year
    if use is None:
        return End(None, None, False)
    return End(_day(use, small[-1], small[-2]), None, written is not None)


def _month(span_key: str, year: int | None) -> End:
    small, written = _split(_NUMBER.findall(span_key))
    use = written or year
    if use is None or not 1 <= small[-1] <= 12:
        return End(None, Period.MONTH, written is not None)
    return End(end_of_period(dt.date(use, small[-1], 1), Period.MONTH), Period.MONTH, written is not None)


def _quarter(span_key: str, year: int | None) -> End:
    tokens = _QUARTER_TOKEN.findall(span_key)
    written = int(tokens.pop()) if len(tokens[-1]) == 4 else None
    quarter = int(language.table("QuarterNumber")[tokens[-1]])
    use = written or year
    if use is None:
        return End(None, Period.QUARTER, False)
    return End(
        end_of_period(dt.date(use, quarter * 3, 1), Period.QUARTER), Period.QUARTER, written is not None
    )


def _year(span_key: str) -> End:
    return End(dt.date(int(_YEAR.findall(span_key)[-1]), 12, 31), Period.YEAR, True)


def end_of(span: str, year: int | None) -> End | None:
    """The end of the one date or period `span` names (a match of `Period`, `Date`, `CellPeriod`)."""
    span_key = key(span)
    if language.pattern("Quarter").fullmatch(span_key):
        return _quarter(span_key, year)
    if language.pattern("Month").fullmatch(span_key):
        return _month(span_key, year)
    if language.pattern("Date").fullmatch(span_key):
        return last_date(span, year)
    if _YEAR.search(span_key):
        return _year(span_key)
    return None


def last_period(text: str, year: int | None) -> tuple[str, End] | None:
    """The last date or period a table's time cell names, as written, and where it ends: a range
    ("2025 - 2030", "Quý IV/2025- Quý II/2026", "từ ngày 1.11 đến 10.12.2025") ends with its last."""
    found = list(language.pattern("CellPeriod").finditer(key(text)))
    if not found:
        return None
    last = found[-1]
    end = end_of(text[last.start() : last.end()], year)
    return (text[last.start() : last.end()], end) if end is not None else None
