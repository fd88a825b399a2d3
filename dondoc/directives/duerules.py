"""Due rules of a directive spec, and the local day each one resolves to."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from dondoc.record.workcalendar import WorkCalendar


class Anchor(StrEnum):
    ISSUED = "issued"
    PREREQUISITE = "prerequisite"


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True)
class DueRule:
    """One of: a fixed day; N (working) days after the issue date or a prerequisite; the end of a
    period of the issue date; or no deadline."""

    fixed: dt.date | None = None
    count: int | None = None
    working: bool = False
    anchor: Anchor = Anchor.ISSUED
    period: Period | None = None

    @property
    def after_prerequisite(self) -> bool:
        return self.count is not None and self.anchor is Anchor.PREREQUISITE

    @property
    def is_none(self) -> bool:
        return self.fixed is None and self.count is None and self.period is None

    def resolve(
        self, issued_on: dt.date, calendar: WorkCalendar, anchor_day: dt.date | None = None
    ) -> dt.date | None:
        """The due day; for a rule counted from a prerequisite, `anchor_day` is when it completed."""
        if self.fixed is not None:
            return self.fixed
        if self.period is not None:
            return end_of_period(issued_on, self.period)
        if self.count is None:
            return None
        start = issued_on
        if self.anchor is Anchor.PREREQUISITE:
            if anchor_day is None:
                return None
            start = anchor_day
        if self.working:
            return calendar.add_working_days(start, self.count)
        return start + dt.timedelta(days=self.count)


def end_of_period(day: dt.date, period: Period) -> dt.date:
    if period is Period.YEAR:
        return dt.date(day.year, 12, 31)
    last_month = day.month if period is Period.MONTH else ((day.month - 1) // 3 + 1) * 3
    following = dt.date(day.year + (last_month == 12), last_month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


_COUNT = re.compile(r"^(\d{1,3})\s+(working\s+)?days?(?:\s+after\s+(issue|issued|prerequisite))?$")
_PERIOD = re.compile(r"^end\s+of\s+(month|quarter|year)$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

RULE_HELP = (
    "YYYY-MM-DD, dd/mm/yyyy, 'N days', 'N working days', 'N working days after prerequisite', "
    "'end of month|quarter|year', 'none'"
)


def parse_due_rule(value: object) -> DueRule:
    """Parse the `due` field; raises ValueError with the accepted forms."""
    if value is None:
        return DueRule()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DueRule(fixed=value)
    text = " ".join(str(value).strip().lower().split())
    if text in ("none", "không", "khong"):
        return DueRule()
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
        try:
            return DueRule(fixed=dt.date(year, month, day))
        except ValueError as exc:
            raise ValueError(f"ngày '{value}' không tồn tại") from exc
    with contextlib.suppress(ValueError):  # not a date: one of the other forms
        return DueRule(fixed=dt.date.fromisoformat(text))
    if match := _COUNT.match(text):
        count, working, anchor = match.groups()
        return DueRule(
            count=int(count),
            working=bool(working),
            anchor=Anchor.PREREQUISITE if anchor == "prerequisite" else Anchor.ISSUED,
        )
    if match := _PERIOD.match(text):
        return DueRule(period=Period(match.group(1)))
    raise ValueError(f"hạn '{value}' không hiểu được; dùng: {RULE_HELP}")


def describe(rule: DueRule) -> str:
    """The rule written back in the spec's grammar (stored on the task)."""
    if rule.fixed is not None:
        return rule.fixed.isoformat()
    if rule.period is not None:
        return f"end of {rule.period.value}"
    if rule.count is None:
        return "none"
    unit = "working days" if rule.working else "days"
    suffix = " after prerequisite" if rule.anchor is Anchor.PREREQUISITE else ""
    return f"{rule.count} {unit}{suffix}"
