"""Timeliness is derived, never stored: a pure function of the subtask's times and now."""

from __future__ import annotations

import datetime as dt

from dondoc.record.clock import as_utc, local_date, local_today
from dondoc.record.enums import SubtaskStatus, Timeliness
from dondoc.record.workcalendar import WorkCalendar

NEAR_DUE_WORKING_DAYS = 3


def timeliness(
    *,
    status: SubtaskStatus,
    due_at: dt.datetime | None,
    completed_at: dt.datetime | None,
    now: dt.datetime,
    calendar: WorkCalendar,
) -> Timeliness:
    """Where a subtask stands against its (possibly extended) due date."""
    if status is SubtaskStatus.CANCELLED:
        return Timeliness.CANCELLED
    if status is SubtaskStatus.DONE:
        if due_at is None:
            return Timeliness.DONE_ON_TIME
        finished = as_utc(completed_at) if completed_at else now
        return Timeliness.DONE_ON_TIME if finished <= as_utc(due_at) else Timeliness.DONE_LATE
    if due_at is None:
        return Timeliness.NO_DEADLINE
    if now > as_utc(due_at):
        return Timeliness.OVERDUE
    left = calendar.working_days_between(local_today(now), local_date(due_at))
    return Timeliness.NEAR_DUE if left <= NEAR_DUE_WORKING_DAYS else Timeliness.WITHIN


def days_late(due_at: dt.datetime | None, until: dt.datetime) -> int:
    """Calendar days past the due day (0 when not late)."""
    if due_at is None or until <= as_utc(due_at):
        return 0
    return max((local_date(until) - local_date(due_at)).days, 1)
