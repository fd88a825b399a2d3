"""The four counts of Vietnamese reporting per agency (done on time, done late, open within the
deadline, open overdue; and what has no deadline), counted in the database: a GROUP BY (agency,
status) that reads the agency index alone, folded by agency in the same query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Subquery, case, func
from sqlalchemy import select as wide_select
from sqlmodel import Session, col, select

from dondoc.reading.queries import SubtaskFilter
from dondoc.reading.timeliness_sql import Moment, finished_late, past_due
from dondoc.record.enums import SubtaskStatus
from dondoc.record.models import Agency, Subtask
from dondoc.record.workcalendar import WorkCalendar


@dataclass
class AgencyCounts:
    """The four counts of Vietnamese reporting, plus what has no deadline."""

    agency: str
    agency_name: str
    done_on_time: int = 0
    done_late: int = 0
    open_within: int = 0
    open_overdue: int = 0
    no_deadline: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.open_within + self.open_overdue + self.no_deadline

    def as_json(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "agency_name": self.agency_name,
            "done_on_time": self.done_on_time,
            "done_late": self.done_late,
            "open_within": self.open_within,
            "open_overdue": self.open_overdue,
            "no_deadline": self.no_deadline,
            "total": self.total,
        }


def _count_if(condition: ColumnElement[bool], name: str) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0)).label(name)


def by_status(key: Any, moment: Moment, where: SubtaskFilter, *, completions: bool = True) -> Subquery:
    """GROUP BY (key, status): how many, how many past due, without a due date, and (with
    `completions`) finished late. Read from an index that covers the columns: the agency index
    has completed_at, the task index not (progress needs no lateness: looking it up in the table
    for every row would cost ten times the scan)."""
    columns = [
        func.count().label("n"),
        _count_if(past_due(moment), "past_due"),
        _count_if(col(Subtask.due_at).is_(None), "undated"),
    ]
    if completions:
        columns.append(_count_if(finished_late(moment), "late"))
    return (
        select(key.label("key"), col(Subtask.status).label("status"))
        .add_columns(*columns)
        .where(*where.conditions(moment))
        .group_by(key, col(Subtask.status))
        .subquery()
    )


def folded(groups: Subquery) -> list[ColumnElement[Any]]:
    """Sums over the (key, status) groups that make the counts (see from_folded): the same answers
    as the timeliness rules, since within a status only the dates decide."""
    status = groups.c.status
    is_open = status.not_in((SubtaskStatus.DONE, SubtaskStatus.CANCELLED))

    def total(name: str, where: ColumnElement[bool], column: str = "n") -> ColumnElement[Any]:
        return func.sum(case((where, groups.c[column]), else_=0)).label(name)

    return [
        total("done", status == SubtaskStatus.DONE),
        total("done_late", status == SubtaskStatus.DONE, "late"),
        total("open", is_open),
        total("overdue", is_open, "past_due"),
        total("undated", is_open, "undated"),
        total("awaiting", status == SubtaskStatus.AWAITING_CONFIRMATION),
    ]


FOLDED = ("done", "done_late", "open", "overdue", "undated", "awaiting")


def from_folded(
    code: str, name: str, done: int, late: int, opened: int, overdue: int, undated: int
) -> AgencyCounts:
    return AgencyCounts(
        code,
        name,
        done_on_time=done - late,
        done_late=late,
        open_within=opened - overdue - undated,
        open_overdue=overdue,
        no_deadline=undated,
    )


@dataclass
class Tally:
    """Counts per agency, and the dashboard's totals from the same query."""

    agencies: list[AgencyCounts]
    awaiting: int

    @property
    def overdue(self) -> int:
        return sum(c.open_overdue for c in self.agencies)


def tally(
    session: Session, *, now: dt.datetime, calendar: WorkCalendar, where: SubtaskFilter | None = None
) -> Tally:
    """The counts of every agency with subtasks (in the filter), in the registry's order: one
    query, grouped by (agency, status) over the agency index, then by agency."""
    moment = Moment.of(now, calendar)
    groups = by_status(col(Subtask.agency_id), moment, where or SubtaskFilter())
    rows: Sequence[Any] = session.execute(
        wide_select(col(Agency.code), col(Agency.name), *folded(groups))
        .join(groups, groups.c.key == Agency.id)
        .group_by(col(Agency.id), col(Agency.code), col(Agency.name), col(Agency.position))
        .order_by(col(Agency.position))
    ).all()
    agencies = [from_folded(code, name, *(int(n) for n in numbers[:-1])) for code, name, *numbers in rows]
    return Tally(agencies, sum(int(row[-1]) for row in rows))


def agency_counts(
    session: Session, *, now: dt.datetime, calendar: WorkCalendar, where: SubtaskFilter | None = None
) -> list[AgencyCounts]:
    """The counts of every agency with subtasks (in the filter), in the registry's order."""
    return tally(session, now=now, calendar=calendar, where=where).agencies
