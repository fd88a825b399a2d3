"""The coordinators' overview: every directive's progress, the counts per body with its villages
folded under it, one directive's tasks with their first subtasks and history. Counted by GROUP
BY in the database; Python only folds the groups (one per agency or task and status)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as wide_select
from sqlmodel import Session, col, select

from dondoc.reading.counts import AgencyCounts, agency_counts, by_status
from dondoc.reading.queries import (
    SubtaskFilter,
    SubtaskView,
    count_subtasks,
    first_of_each_task,
    prerequisites_of,
)
from dondoc.reading.timeliness_sql import Moment, condition
from dondoc.record.enums import AgencyKind, SubtaskStatus, Timeliness
from dondoc.record.errors import NotFound
from dondoc.record.models import Agency, Directive, Event, Subtask, Task
from dondoc.record.workcalendar import WorkCalendar


@dataclass
class Progress:
    """How far some subtasks have come (cancelled ones do not count)."""

    total: int = 0
    # cancelled ones too: what a list of them holds
    listed: int = 0
    done: int = 0
    awaiting: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def add(self, status: SubtaskStatus, n: int, past_due: int) -> None:
        self.listed += n
        if status is SubtaskStatus.CANCELLED:
            return
        self.total += n
        self.done += n if status is SubtaskStatus.DONE else 0
        self.awaiting += n if status is SubtaskStatus.AWAITING_CONFIRMATION else 0
        self.overdue += past_due if status.is_open else 0


@dataclass(kw_only=True)
class DirectiveProgress(Progress):
    directive: Directive


def _by_task(moment: Moment, task_ids: list[int]) -> Any:
    """(task, status) groups, from the task index alone."""
    return by_status(col(Subtask.task_id), moment, SubtaskFilter(task_ids=tuple(task_ids)), completions=False)


def directive_progress(
    session: Session, *, now: dt.datetime, calendar: WorkCalendar, limit: int = 20, offset: int = 0
) -> tuple[list[DirectiveProgress], int]:
    """A page of directives, the latest issued first, with their progress; and how many there are.
    Only the page's subtasks are counted (from the task index)."""
    directives = session.exec(
        select(Directive)
        .order_by(col(Directive.issued_on).desc(), col(Directive.id))
        .limit(limit)
        .offset(offset)
    ).all()
    total = int(session.exec(select(func.count()).select_from(Directive)).one())
    found = {d.id: DirectiveProgress(directive=d) for d in directives}
    task_ids = session.exec(select(Task.id).where(col(Task.directive_id).in_(list(found)))).all()
    groups = _by_task(Moment.of(now, calendar), [t for t in task_ids if t is not None])
    rows = session.exec(
        select(col(Task.directive_id), groups.c.status, func.sum(groups.c.n), func.sum(groups.c.past_due))
        .join(groups, groups.c.key == Task.id)
        .group_by(col(Task.directive_id), groups.c.status)
    ).all()
    for directive_id, status, n, past in rows:
        found[directive_id].add(SubtaskStatus(status), int(n), int(past))
    return list(found.values()), total


@dataclass
class CountsRow:
    """One body's four counts, its villages folded under it (a province has two thousand: listed
    flat they would bury the bodies a coordinator chases first; they load when opened)."""

    counts: AgencyCounts
    villages: int = 0
    villages_overdue: int = 0


@dataclass
class Levels:
    """The dashboard's counts: the bodies above village level, worst first, and the totals."""

    rows: list[CountsRow]
    overdue: int
    awaiting: int

    @property
    def widest(self) -> int:
        return max((r.counts.total for r in self.rows), default=0) or 1


def worst_first(rows: list[AgencyCounts]) -> list[AgencyCounts]:
    return sorted(rows, key=lambda c: (-c.open_overdue, -c.total, c.agency))


def counts_by_level(session: Session, *, now: dt.datetime, calendar: WorkCalendar) -> Levels:
    """Agencies above village level with their own counts, each with how many villages it has
    and how much of their work is overdue; and the totals over everything. The villages' own
    counts are read when a commune is opened (village_counts), so this reads the bodies' rows
    and the villages' overdue ones, not every village subtask of the province."""
    moment = Moment.of(now, calendar)
    agencies: Sequence[Any] = session.execute(
        wide_select(
            col(Agency.id), col(Agency.code), col(Agency.name), col(Agency.kind), col(Agency.parent_id)
        )
    ).all()
    bodies = {a.id: a for a in agencies if a.kind is not AgencyKind.THON}
    villages = Counter(a.parent_id for a in agencies if a.kind is AgencyKind.THON)
    where = SubtaskFilter(agency_ids=tuple(bodies))
    own = {c.agency: c for c in agency_counts(session, now=now, calendar=calendar, where=where)}
    late: dict[int, int] = dict(
        session.execute(
            wide_select(col(Agency.parent_id), func.count())
            .select_from(Subtask)
            .join(Agency, col(Subtask.agency_id) == Agency.id)
            .where(col(Agency.kind) == AgencyKind.THON, condition(Timeliness.OVERDUE, moment))
            .group_by(col(Agency.parent_id))
        ).all()
    )
    rows = [
        CountsRow(
            own.get(a.code) or AgencyCounts(a.code, a.name), villages[agency_id], late.get(agency_id, 0)
        )
        for agency_id, a in bodies.items()
        # a commune with no work of its own still heads its villages' rows
        if a.code in own or villages[agency_id]
    ]
    rows.sort(key=lambda r: (-r.counts.open_overdue, -r.counts.total, r.counts.agency))
    awaiting = count_subtasks(
        session, SubtaskFilter(statuses=(SubtaskStatus.AWAITING_CONFIRMATION,)), moment=moment
    )
    overdue = sum(r.counts.open_overdue for r in rows) + sum(late.values())
    return Levels(rows, overdue, awaiting)


def village_counts(
    session: Session, commune: str, *, now: dt.datetime, calendar: WorkCalendar
) -> tuple[Agency, list[AgencyCounts]]:
    """One commune's villages, worst first (those without work too, with nothing to count)."""
    parent = session.exec(select(Agency).where(Agency.code == commune)).first()
    if parent is None:
        raise NotFound(f"không có cơ quan '{commune}'")
    villages: Sequence[Any] = session.execute(
        wide_select(col(Agency.id), col(Agency.code), col(Agency.name)).where(
            col(Agency.parent_id) == parent.id, col(Agency.kind) == AgencyKind.THON
        )
    ).all()
    where = SubtaskFilter(agency_ids=tuple(v.id for v in villages if v.id is not None))
    counted = {c.agency: c for c in agency_counts(session, now=now, calendar=calendar, where=where)}
    return parent, worst_first([counted.get(v.code) or AgencyCounts(v.code, v.name) for v in villages])


@dataclass
class TaskDetail:
    task: Task
    progress: Progress
    # the first of its subtasks, in due-date order; the rest are a list page away
    subtasks: list[SubtaskView]
    depends_on: list[Task]
    waits_for: dict[int, list[int]] = field(default_factory=dict)

    @property
    def more(self) -> int:
        return self.progress.listed - len(self.subtasks)


@dataclass
class DirectiveDetail:
    directive: Directive
    progress: DirectiveProgress
    tasks: list[TaskDetail]
    history: list[Event]


def directive_detail(
    session: Session,
    directive_id: int,
    *,
    now: dt.datetime,
    calendar: WorkCalendar,
    per_task: int = 20,
    history_limit: int = 200,
) -> DirectiveDetail:
    directive = session.get(Directive, directive_id)
    if directive is None:
        raise NotFound(f"không có văn bản #{directive_id}")
    tasks = session.exec(
        select(Task).where(Task.directive_id == directive_id).order_by(col(Task.position))
    ).all()
    task_ids = [t.id for t in tasks if t.id is not None]
    moment = Moment.of(now, calendar)
    groups = _by_task(moment, task_ids)
    progress = {task_id: Progress() for task_id in task_ids}
    whole = DirectiveProgress(directive=directive)
    rows: Sequence[Any] = session.execute(wide_select(groups)).all()
    for task_id, status, n, past, *_ in rows:
        progress[task_id].add(SubtaskStatus(status), int(n), int(past))
        whole.add(SubtaskStatus(status), int(n), int(past))
    first = first_of_each_task(
        session, SubtaskFilter(task_ids=tuple(task_ids)), now=now, calendar=calendar, per_task=per_task
    )
    blocked = [v.id for views in first.values() for v in views if v.status is SubtaskStatus.BLOCKED]
    waits_for = prerequisites_of(session, blocked)
    by_key = {t.key: t for t in tasks}
    details = [
        TaskDetail(
            task=task,
            progress=progress[task.id] if task.id is not None else Progress(),
            subtasks=first.get(task.id or 0, []),
            depends_on=[by_key[k] for k in task.depends_on if k in by_key],
            waits_for={v.id: waits_for[v.id] for v in first.get(task.id or 0, []) if v.id in waits_for},
        )
        for task in tasks
    ]
    events = session.exec(
        select(Event)
        .where(Event.directive_id == directive_id)
        .order_by(col(Event.at).desc(), col(Event.id).desc())
        .limit(history_limit)
    ).all()
    return DirectiveDetail(directive, whole, details, list(events))
