"""Timeliness in SQL: the rules of dondoc.record.timeliness as conditions over the stored dates,
so lists filter, count and group in the database and give the same answers as the Python rules.

The rules need one thing beyond the row and `now`: whether a due day is "near", at most
NEAR_DUE_WORKING_DAYS working days ahead. The days between today and a due day only grow with
the due day, so "near" means "before the (N+1)-th working day after today": that day is found
once per request on the working calendar, and in SQL near due is `now <= due_at < its start`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pendulum
from sqlalchemy import ColumnElement, and_, bindparam, case, func, or_
from sqlmodel import col
from sqlmodel.sql.sqltypes import UTCDateTime

from dondoc.record.clock import LOCAL_TZ, local_today, plain_utc
from dondoc.record.enums import OPEN_STATUSES, SubtaskStatus, Timeliness
from dondoc.record.models import Subtask
from dondoc.record.timeliness import NEAR_DUE_WORKING_DAYS
from dondoc.record.workcalendar import WorkCalendar

CLOSED = (SubtaskStatus.DONE, SubtaskStatus.CANCELLED)
# the order a CASE tests them in: each condition below assumes the ones before it failed
ORDER = (
    Timeliness.CANCELLED,
    Timeliness.DONE_ON_TIME,
    Timeliness.DONE_LATE,
    Timeliness.NO_DEADLINE,
    Timeliness.OVERDUE,
    Timeliness.NEAR_DUE,
    Timeliness.WITHIN,
)


@dataclass(frozen=True)
class Moment:
    """`now`, and the first instant whose due day is no longer near due."""

    now: dt.datetime
    far_from: dt.datetime

    @classmethod
    def of(cls, now: dt.datetime, calendar: WorkCalendar) -> Moment:
        first_far = calendar.add_working_days(local_today(now), NEAR_DUE_WORKING_DAYS + 1)
        start = pendulum.datetime(first_far.year, first_far.month, first_far.day, tz=LOCAL_TZ)
        return cls(plain_utc(now), plain_utc(start))

    def params(self) -> dict[str, dt.datetime]:
        """The values of the named parameters the conditions below use, for a statement built
        once and run with each request's moment."""
        return {NOW: self.now, FAR_FROM: self.far_from}


# the moment's two instants are named parameters: a statement built with one moment is the
# same statement for the next request (built and keyed for SQLAlchemy's cache once), run with
# that request's values
NOW, FAR_FROM = "moment_now", "moment_far_from"


def _instant(name: str, value: dt.datetime) -> ColumnElement[dt.datetime]:
    # typed like the columns, so SQLite compares the same text format it stores
    return bindparam(name, value, type_=UTCDateTime())


def past_due(moment: Moment) -> ColumnElement[bool]:
    """Due before now (false when there is no due date): overdue, if still open."""
    return col(Subtask.due_at) < _instant(NOW, moment.now)


def finished_late(moment: Moment) -> ColumnElement[bool]:
    """Completed after the due date; a done subtask without a completion time is judged at `now`,
    as the Python rule does (false when there is no due date)."""
    return func.coalesce(col(Subtask.completed_at), _instant(NOW, moment.now)) > col(Subtask.due_at)


# the status column's own type, which stores an enum as its value
_STATUS_TYPE = Subtask.__table__.c.status.type  # type: ignore[attr-defined]


def condition(timeliness: Timeliness, moment: Moment) -> ColumnElement[bool]:
    """The subtasks whose timeliness at `moment` is `timeliness` (exactly, on its own)."""
    status, due = col(Subtask.status), col(Subtask.due_at)
    # named, not "not closed": an index on status is then a few ranges, not a scan; each a
    # parameter of its own, so the statement is final when compiled (a list in one expanding
    # parameter is spliced into the SQL text again at every execution)
    is_open = status.in_(
        [bindparam(f"open_status_{n}", s, type_=_STATUS_TYPE) for n, s in enumerate(OPEN_STATUSES)]
    )
    match timeliness:
        case Timeliness.CANCELLED:
            return status == SubtaskStatus.CANCELLED
        case Timeliness.DONE_ON_TIME:
            return and_(status == SubtaskStatus.DONE, or_(due.is_(None), ~finished_late(moment)))
        case Timeliness.DONE_LATE:
            return and_(status == SubtaskStatus.DONE, finished_late(moment))
        case Timeliness.NO_DEADLINE:
            return and_(is_open, due.is_(None))
        case Timeliness.OVERDUE:
            return and_(is_open, past_due(moment))
        case Timeliness.NEAR_DUE:
            return and_(is_open, due >= _instant(NOW, moment.now), due < _instant(FAR_FROM, moment.far_from))
        case Timeliness.WITHIN:
            return and_(is_open, due >= _instant(FAR_FROM, moment.far_from))
    raise ValueError(timeliness)


def timeliness_case(moment: Moment) -> ColumnElement[str]:
    """Each row's timeliness as its enum value."""
    whens = [(condition(t, moment), t.value) for t in ORDER[:-1]]
    return case(*whens, else_=ORDER[-1].value)
