"""The coordinators' overview: every directive's progress, the overdue list, one directive's
tasks with their dependencies and history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from dondoc.reading.queries import AgencyCounts, SubtaskView, list_subtasks, prerequisites
from dondoc.record.enums import AgencyKind, SubtaskStatus, Timeliness
from dondoc.record.errors import NotFound
from dondoc.record.models import Agency, Directive, Event, Task
from dondoc.record.workcalendar import WorkCalendar

DONE = (Timeliness.DONE_ON_TIME, Timeliness.DONE_LATE)


@dataclass
class DirectiveProgress:
    directive: Directive
    total: int = 0
    done: int = 0
    awaiting: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _count(row: DirectiveProgress, view: SubtaskView) -> None:
    if view.status is SubtaskStatus.CANCELLED:
        return
    row.total += 1
    row.done += view.timeliness in DONE
    row.awaiting += view.status is SubtaskStatus.AWAITING_CONFIRMATION
    row.overdue += view.timeliness is Timeliness.OVERDUE


def directive_progress(session: Session, views: list[SubtaskView]) -> list[DirectiveProgress]:
    directives = session.exec(
        select(Directive).order_by(col(Directive.issued_on).desc(), col(Directive.id))
    ).all()
    rows = {d.number: DirectiveProgress(d) for d in directives}
    for view in views:
        if view.directive in rows:
            _count(rows[view.directive], view)
    return list(rows.values())


@dataclass
class CountsRow:
    """One agency's four counts, with its villages' rows folded under it (a district has a
    hundred villages: listed flat they would bury the bodies a coordinator chases first)."""

    counts: AgencyCounts
    villages: list[AgencyCounts] = field(default_factory=list)

    @property
    def villages_overdue(self) -> int:
        return sum(v.open_overdue for v in self.villages)


def _worst_first(rows: list[AgencyCounts]) -> list[AgencyCounts]:
    return sorted(rows, key=lambda c: (-c.open_overdue, -c.total, c.agency))


def counts_by_level(session: Session, counts: list[AgencyCounts]) -> list[CountsRow]:
    """Agencies above village level, worst first, each with its villages (worst first)."""
    agencies = {a.code: a for a in session.exec(select(Agency)).all()}
    by_id = {a.id: a for a in agencies.values()}
    rows = {c.agency: CountsRow(c) for c in counts if agencies[c.agency].kind is not AgencyKind.THON}
    for village in (c for c in counts if agencies[c.agency].kind is AgencyKind.THON):
        parent = by_id[agencies[village.agency].parent_id]
        # a commune with no work of its own still heads its villages' rows
        row = rows.setdefault(parent.code, CountsRow(AgencyCounts(parent.code, parent.name)))
        row.villages.append(village)
    ordered = sorted(rows.values(), key=lambda r: (-r.counts.open_overdue, -r.counts.total, r.counts.agency))
    for row in ordered:
        row.villages = _worst_first(row.villages)
    return ordered


def overdue(views: list[SubtaskView]) -> list[SubtaskView]:
    """Open and past due, the latest first."""
    late = [v for v in views if v.timeliness is Timeliness.OVERDUE]
    return sorted(late, key=lambda v: (-v.days_late, v.directive, v.id))


@dataclass
class TaskDetail:
    task: Task
    subtasks: list[SubtaskView]
    depends_on: list[Task]
    waits_for: dict[int, list[int]] = field(default_factory=dict)


@dataclass
class DirectiveDetail:
    directive: Directive
    progress: DirectiveProgress
    tasks: list[TaskDetail]
    history: list[Event]


def directive_detail(
    session: Session, directive_id: int, *, now: dt.datetime, calendar: WorkCalendar, history_limit: int = 200
) -> DirectiveDetail:
    directive = session.get(Directive, directive_id)
    if directive is None:
        raise NotFound(f"không có văn bản #{directive_id}")
    tasks = session.exec(
        select(Task).where(Task.directive_id == directive_id).order_by(col(Task.position))
    ).all()
    by_key = {t.key: t for t in tasks}
    views = list_subtasks(session, now=now, calendar=calendar, directive=directive.number)
    by_task: dict[str, list[SubtaskView]] = defaultdict(list)
    progress = DirectiveProgress(directive)
    for view in views:
        by_task[view.task].append(view)
        _count(progress, view)
    details = [
        TaskDetail(
            task=task,
            subtasks=by_task.get(task.key, []),
            depends_on=[by_key[k] for k in task.depends_on if k in by_key],
            waits_for={
                v.id: prerequisites(session, v.id)
                for v in by_task.get(task.key, [])
                if v.status is SubtaskStatus.BLOCKED
            },
        )
        for task in tasks
    ]
    events = session.exec(
        select(Event)
        .where(Event.directive_id == directive_id)
        .order_by(col(Event.at).desc(), col(Event.id).desc())
        .limit(history_limit)
    ).all()
    return DirectiveDetail(directive, progress, details, list(events))
