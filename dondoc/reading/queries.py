"""Read models for people and scripts: subtask rows with their task, directive and agency."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from dondoc.record.clock import iso_local
from dondoc.record.enums import Role, SubtaskStatus, Timeliness
from dondoc.record.errors import NotFound
from dondoc.record.models import Agency, Directive, Event, Subtask, SubtaskDependency, Task
from dondoc.record.timeliness import days_late, timeliness
from dondoc.record.workcalendar import WorkCalendar


@dataclass(frozen=True)
class SubtaskView:
    id: int
    directive: str
    task: str
    task_text: str
    agency: str
    agency_name: str
    role: Role
    status: SubtaskStatus
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    completed_at: dt.datetime | None
    timeliness: Timeliness
    days_late: int
    note: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "directive": self.directive,
            "task": self.task,
            "title": self.task_text,
            "agency": self.agency,
            "agency_name": self.agency_name,
            "role": self.role.value,
            "status": self.status.value,
            "due": iso_local(self.due_at),
            "original_due": iso_local(self.original_due_at),
            "completed_at": iso_local(self.completed_at),
            "timeliness": self.timeliness.value,
            "days_late": self.days_late,
            "note": self.note,
        }


def _view(
    sub: Subtask,
    task: Task,
    directive: Directive,
    agency: Agency,
    now: dt.datetime,
    calendar: WorkCalendar,
) -> SubtaskView:
    assert sub.id is not None
    status = SubtaskStatus(sub.status)
    finished = sub.completed_at if status is SubtaskStatus.DONE else now
    return SubtaskView(
        id=sub.id,
        directive=directive.number,
        task=task.key,
        task_text=task.text,
        agency=agency.code,
        agency_name=agency.name,
        role=Role(sub.role),
        status=status,
        due_at=sub.due_at,
        original_due_at=sub.original_due_at,
        completed_at=sub.completed_at,
        timeliness=timeliness(
            status=status,
            due_at=sub.due_at,
            completed_at=sub.completed_at,
            now=now,
            calendar=calendar,
        ),
        days_late=days_late(sub.due_at, finished or now) if status is not SubtaskStatus.CANCELLED else 0,
        note=sub.note,
    )


def list_subtasks(
    session: Session,
    *,
    now: dt.datetime,
    calendar: WorkCalendar,
    agency: str | None = None,
    directive: str | None = None,
    status: SubtaskStatus | None = None,
    subtask_ids: list[int] | None = None,
) -> list[SubtaskView]:
    query = (
        select(Subtask, Task, Directive, Agency)
        .join(Task, col(Subtask.task_id) == Task.id)
        .join(Directive, col(Task.directive_id) == Directive.id)
        .join(Agency, col(Subtask.agency_id) == Agency.id)
    )
    if agency:
        query = query.where(Agency.code == agency)
    if directive:
        query = query.where(Directive.number == directive)
    if status:
        query = query.where(Subtask.status == status)
    if subtask_ids is not None:
        query = query.where(col(Subtask.id).in_(subtask_ids))
    query = query.order_by(col(Directive.id), col(Task.position), col(Agency.position))
    return [_view(s, t, d, a, now, calendar) for s, t, d, a in session.exec(query).all()]


def get_subtask(
    session: Session, subtask_id: int, *, now: dt.datetime, calendar: WorkCalendar
) -> SubtaskView:
    found = list_subtasks(session, now=now, calendar=calendar, subtask_ids=[subtask_id])
    if not found:
        raise NotFound(f"không có việc con #{subtask_id}")
    return found[0]


def history(session: Session, subtask_id: int) -> list[Event]:
    return list(
        session.exec(
            select(Event).where(Event.subtask_id == subtask_id).order_by(col(Event.at), col(Event.id))
        ).all()
    )


def prerequisites(session: Session, subtask_id: int) -> list[int]:
    rows = session.exec(
        select(SubtaskDependency.prerequisite_id).where(SubtaskDependency.subtask_id == subtask_id)
    ).all()
    return sorted(rows)


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


def agency_counts(views: list[SubtaskView]) -> list[AgencyCounts]:
    counts: dict[str, AgencyCounts] = {}
    for view in views:
        row = counts.setdefault(view.agency, AgencyCounts(view.agency, view.agency_name))
        match view.timeliness:
            case Timeliness.DONE_ON_TIME:
                row.done_on_time += 1
            case Timeliness.DONE_LATE:
                row.done_late += 1
            case Timeliness.WITHIN | Timeliness.NEAR_DUE:
                row.open_within += 1
            case Timeliness.OVERDUE:
                row.open_overdue += 1
            case Timeliness.NO_DEADLINE:
                row.no_deadline += 1
    return list(counts.values())
