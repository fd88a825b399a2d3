"""Vietnam's working calendar: weekends, public holidays (the `holidays` package) and the
decreed day swaps of config/calendar.yaml on top."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import holidays

from dondoc.record.errors import SpecError, SpecProblem
from dondoc.record.yamlsrc import LineDict, LineList, load_yaml


@dataclass
class WorkCalendar:
    days_off: dict[dt.date, str] = field(default_factory=dict)
    working_days: dict[dt.date, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # a sweep asks about the same few due days for every subtask of a directive
        self._memo: dict[tuple[str, dt.date, int | dt.date], Any] = {}
        self._holidays = holidays.country_holidays("VN", language="vi")
        self._holidays.update(dict(self.days_off))  # type: ignore[arg-type]
        self._holidays.weekend_workdays.update(self.working_days)

    def holiday_name(self, day: dt.date) -> str | None:
        return self._holidays.get(day)

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self._holidays.is_working_day(day))

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (n=0: `start` itself, or the next working day)."""
        key = ("add", start, n)
        if key not in self._memo:
            if n == 0:
                self._memo[key] = start if self.is_working_day(start) else self.add_working_days(start, 1)
            else:
                self._memo[key] = self._holidays.get_nth_working_day(start, n)
        day: dt.date = self._memo[key]
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative when end < start)."""
        if end == start:
            return 0
        key = ("between", start, end)
        if key not in self._memo:
            if end > start:
                self._memo[key] = int(
                    self._holidays.get_working_days_count(start + dt.timedelta(days=1), end)
                )
            else:
                self._memo[key] = -int(
                    self._holidays.get_working_days_count(end + dt.timedelta(days=1), start)
                )
        count: int = self._memo[key]
        return count


def _dated_entries(data: object, path: Path, key: str) -> dict[dt.date, str]:
    entries: dict[dt.date, str] = {}
    if data is None:
        return entries
    if not isinstance(data, LineList):
        raise SpecError([SpecProblem(str(path), getattr(data, "line", None), key, "cần một danh sách")])
    for index, item in enumerate(data):
        line = data.item_lines[index]
        if not isinstance(item, LineDict) or not isinstance(item.get("date"), dt.date):
            raise SpecError(
                [SpecProblem(str(path), line, f"{key}[{index}].date", "cần ngày dạng YYYY-MM-DD")]
            )
        entries[item["date"]] = str(item.get("name") or key)
    return entries


def load_calendar(config_dir: Path) -> WorkCalendar:
    path = config_dir / "calendar.yaml"
    if not path.exists():
        return WorkCalendar()
    data = load_yaml(path) or LineDict()
    if not isinstance(data, LineDict):
        raise SpecError([SpecProblem(str(path), 1, "calendar", "cần một bảng khóa: giá trị")])
    unknown = set(data) - {"days_off", "working_days"}
    if unknown:
        key = sorted(unknown)[0]
        raise SpecError(
            [
                SpecProblem(
                    str(path),
                    data.key_lines[key],
                    key,
                    "khóa không hợp lệ (days_off, working_days)",
                )
            ]
        )
    return WorkCalendar(
        days_off=_dated_entries(data.get("days_off"), path, "days_off"),
        working_days=_dated_entries(data.get("working_days"), path, "working_days"),
    )
