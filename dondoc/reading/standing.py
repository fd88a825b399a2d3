"""Where a directive stands: the share of its subtasks done, and the four counts of Vietnamese
reporting per agency, each computed by one GROUP BY in the database (never by loading the
subtasks), with the same rules as dondoc.record.timeliness."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, col, select

from dondoc.record.enums import OPEN_STATUSES, SubtaskStatus
from dondoc.record.models import Agency, Directive, Subtask, Task


@dataclass(frozen=True)
class AgencyStanding:
    agency: str
    agency_name: str
    done_on_time: int
    done_late: int
    open_within: int
    open_overdue: int
    no_deadline: int

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.open_within + self.open_overdue + self.no_deadline


@dataclass(frozen=True)
class DirectiveStanding:
    directive_id: int
    number: str
    title: str
    flow_run_id: str | None
    agencies: list[AgencyStanding]

    @property
    def counted(self) -> int:
        """Subtasks that count: every one but the cancelled."""
        return sum(a.total for a in self.agencies)

    @property
    def done(self) -> int:
        return sum(a.done_on_time + a.done_late for a in self.agencies)

    @property
    def overdue(self) -> int:
        return sum(a.open_overdue for a in self.agencies)

    @property
    def percent(self) -> float:
        """Subtasks done (confirmed), out of those not cancelled, in % with one decimal."""
        return round(100 * self.done / self.counted, 1) if self.counted else 0.0


def _counted(condition: object) -> object:
    return func.sum(case((condition, 1), else_=0))  # type: ignore[arg-type]


def directive_standing(session: Session, directive_id: int, *, now: dt.datetime) -> DirectiveStanding:
    directive = session.get(Directive, directive_id)
    assert directive is not None and directive.id is not None
    status, due, completed = col(Subtask.status), col(Subtask.due_at), col(Subtask.completed_at)
    is_open = status.in_([s.value for s in OPEN_STATUSES])
    is_done = status == SubtaskStatus.DONE.value
    # a done subtask without a completion time is judged as finished now, as timeliness() does
    finished = func.coalesce(completed, now)
    rows = session.exec(
        select(  # type: ignore[call-overload]
            Agency.code,
            Agency.name,
            _counted(and_(is_done, or_(due.is_(None), finished <= due))),
            _counted(and_(is_done, due.is_not(None), finished > due)),
            _counted(and_(is_open, due.is_not(None), due >= now)),
            _counted(and_(is_open, due < now)),
            _counted(and_(is_open, due.is_(None))),
        )
        .select_from(Subtask)
        .join(Task, col(Subtask.task_id) == Task.id)
        .join(Agency, col(Subtask.agency_id) == Agency.id)
        .where(Task.directive_id == directive_id, status != SubtaskStatus.CANCELLED.value)
        .group_by(col(Agency.id), col(Agency.code), col(Agency.name), col(Agency.position))
        .order_by(col(Agency.position))
    ).all()
    return DirectiveStanding(
        directive_id=directive.id,
        number=directive.number,
        title=directive.title,
        flow_run_id=directive.flow_run_id,
        agencies=[AgencyStanding(code, name, *(int(n or 0) for n in counts)) for code, name, *counts in rows],
    )


def directives_in_progress(session: Session) -> list[int]:
    """Directives with work still open: their counts move as days pass, so each sweep looks
    at them again (a finished directive's counts no longer change)."""
    rows = session.exec(
        select(Task.directive_id)
        .join(Subtask, col(Subtask.task_id) == Task.id)
        .where(col(Subtask.status).in_([s.value for s in OPEN_STATUSES]))
        .distinct()
    ).all()
    return sorted(rows)
