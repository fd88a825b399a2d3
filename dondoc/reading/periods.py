"""A reporting period: local calendar days from `first` to `last`, read as a month (2020-04) or as
two days, and the instant at which the report looks at the work (its end, or now if earlier)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pendulum

from dondoc.record.clock import LOCAL_TZ, end_of_local_day, format_date, local_today, plain_utc
from dondoc.record.errors import DondocError

# a period "since the beginning": what a report without --month or --from covers
EPOCH = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        """The first instant of the first day (00:00 local), UTC."""
        day = self.first
        return plain_utc(pendulum.datetime(day.year, day.month, day.day, tz=LOCAL_TZ))

    @property
    def end(self) -> dt.datetime:
        return end_of_local_day(self.last)

    def as_of(self, now: dt.datetime) -> dt.datetime:
        """The instant the report counts at: the period's end, or now if that is earlier."""
        return min(self.end, now)

    @property
    def is_month(self) -> bool:
        month_end = (self.first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return self.first.day == 1 and self.last == month_end

    @property
    def month(self) -> str | None:
        """'2020-04' when the period is one whole month."""
        return f"{self.first.year:04d}-{self.first.month:02d}" if self.is_month else None

    @property
    def key(self) -> str:
        """For file names: '2020-04', or '2020-04-01_2020-04-15'."""
        return self.month or f"{self.first.isoformat()}_{self.last.isoformat()}"

    @property
    def label(self) -> str:
        """How a report's title says it: 'tháng 4 năm 2020', 'từ 01/04/2020 đến 15/04/2020'."""
        if self.first == EPOCH:
            return f"đến ngày {format_date(self.last)}"
        if self.is_month:
            return f"tháng {self.first.month} năm {self.first.year}"
        return f"từ ngày {format_date(self.first)} đến ngày {format_date(self.last)}"


def parse_day(text: str, option: str) -> dt.date:
    """A day as people type it: 2020-04-30 or 30/04/2020; the error names the option."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise DondocError(
        f"{option}: '{text}' không phải một ngày (cần YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 30/04/2020)"
    )


def month_period(text: str) -> Period:
    try:
        first = dt.datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise DondocError(f"--month: '{text}' không phải một tháng (cần YYYY-MM, ví dụ 2020-04)") from None
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return Period(first, following - dt.timedelta(days=1))


def days_period(first: str | None, last: str | None, *, today: dt.date) -> Period:
    """--from alone runs to today; --to alone runs from the beginning."""
    start = parse_day(first, "--from") if first else EPOCH
    end = parse_day(last, "--to") if last else today
    if end < start:
        raise DondocError(f"--to: ngày {format_date(end)} trước ngày bắt đầu {format_date(start)}")
    return Period(start, end)


def previous_month(today: dt.date) -> Period:
    """The month before `today`'s: what the report deployed on the 1st writes."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return Period(last.replace(day=1), last)


def choose_period(*, month: str | None, first: str | None, last: str | None, now: dt.datetime) -> Period:
    """From the command line or the portal: a month, two days, or everything up to now."""
    if month and (first or last):
        raise DondocError("chọn --month hoặc --from/--to, không dùng cả hai")
    if month:
        return month_period(month)
    return days_period(first, last, today=local_today(now))
