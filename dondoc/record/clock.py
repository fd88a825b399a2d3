"""One clock for the whole program: DONDOC_NOW (or --now) freezes it for tests and demos.

Times are stored in UTC and shown in Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache

import pendulum

from dondoc.record.errors import SettingsError

LOCAL_TZ = pendulum.timezone("Asia/Ho_Chi_Minh")
_override: dt.datetime | None = None


def parse_instant(text: str) -> dt.datetime:
    """ISO 8601; a value without an offset is local time in Asia/Ho_Chi_Minh."""
    try:
        parsed = pendulum.parse(text, tz=LOCAL_TZ)
    except (ValueError, pendulum.parsing.exceptions.ParserError) as exc:
        raise SettingsError(
            f"thời điểm không hợp lệ '{text}' (cần ISO 8601, ví dụ 2020-04-01T09:00:00+07:00)"
        ) from exc
    if not isinstance(parsed, dt.datetime):
        raise SettingsError(f"thời điểm không hợp lệ '{text}' (cần cả ngày và giờ)")
    return plain_utc(parsed)


def plain_utc(instant: dt.datetime) -> dt.datetime:
    """A stdlib datetime in UTC. A pendulum DateTime whose tzinfo is datetime.UTC loses it when
    a timedelta is added (pendulum 3.3), and the database then refuses the naive result."""
    utc = instant.astimezone(dt.UTC)
    return dt.datetime(
        utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond, tzinfo=dt.UTC
    )


def set_now(instant: dt.datetime | None) -> None:
    global _override
    _override = plain_utc(instant) if instant else None


def frozen_at() -> dt.datetime | None:
    """The instant set_now froze the clock at (--now), if it did: for child processes' DONDOC_NOW."""
    return _override


def now() -> dt.datetime:
    """The current instant, timezone-aware UTC."""
    if _override is not None:
        return _override
    env = os.environ.get("DONDOC_NOW")
    if env:
        return _fixed_instant(env)
    return dt.datetime.now(dt.UTC)


@lru_cache(maxsize=8)
def _fixed_instant(text: str) -> dt.datetime:
    # a clock held by DONDOC_NOW is read by every request: pendulum parses its text once
    return parse_instant(text)


def to_local(instant: dt.datetime) -> pendulum.DateTime:
    return pendulum.instance(instant).in_timezone(LOCAL_TZ)


def _local(instant: dt.datetime) -> dt.datetime:
    # the same wall time as to_local, without building a pendulum object: a page of a list
    # shows hundreds of dates
    return as_utc(instant).astimezone(LOCAL_TZ)


# a page of 50 shows 150 instants, and most are the few due dates its tasks share: converting
# each costs ~10 µs, looking it up well under one
@lru_cache(maxsize=8192)
def local_date(instant: dt.datetime) -> dt.date:
    return _local(instant).date()


def local_today(instant: dt.datetime | None = None) -> dt.date:
    return local_date(instant or now())


def end_of_local_day(day: dt.date) -> dt.datetime:
    """A due day means its end: 'đến hết ngày 16/4' is 16/4 23:59:59 +07, stored in UTC."""
    local = pendulum.datetime(day.year, day.month, day.day, 23, 59, 59, tz=LOCAL_TZ)
    return plain_utc(local)


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back naive; they were stored as UTC."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def format_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        value = local_date(value)
    return value.strftime("%d/%m/%Y")


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    return _local(value).strftime("%H:%M %d/%m/%Y")


def iso_local(value: dt.datetime | None) -> str | None:
    """ISO 8601 with the +07:00 offset, for JSON output."""
    return _iso_local(value) if value else None


@lru_cache(maxsize=8192)
def _iso_local(value: dt.datetime) -> str:
    return _local(value).isoformat()
