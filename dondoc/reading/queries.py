"""Read models for people and scripts: subtask rows with their task, directive and agency, read a
page at a time, and the four counts per agency; filtered, ordered and counted in SQL."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Select, bindparam, func, nulls_last
from sqlalchemy import select as wide_select
from sqlmodel import Session, col, or_, select

from dondoc.reading.timeliness_sql import Moment, condition, timeliness_case
from dondoc.record.clock import iso_local
from dondoc.record.enums import Role, SubtaskStatus, Timeliness
from dondoc.record.errors import NotFound
from dondoc.record.models import (
    Agency,
    Directive,
    Event,
    ExtensionRequest,
    Subtask,
    SubtaskDependency,
    Task,
)
from dondoc.record.timeliness import days_late
from dondoc.record.workcalendar import WorkCalendar
from dondoc.work import extensions

MAX_PAGE = 1000


# slots, not frozen: a page builds fifty, and a frozen dataclass sets each field through
# object.__setattr__ (nothing mutates a view: it is read and shown)
@dataclass(slots=True)
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


@dataclass(frozen=True)
class SubtaskFilter:
    """Which subtasks a list or a count covers; each field given narrows it."""

    directive: str | None = None
    # a task's key, within `directive`
    task: str | None = None
    statuses: tuple[SubtaskStatus, ...] | None = None
    timeliness: Timeliness | None = None
    # exactly this agency's own subtasks
    agency: str | None = None
    # an agency's path: its subtasks and those of every agency under it
    subtree: str | None = None
    # only these agencies' (what a signed-in agency may see)
    agency_ids: tuple[int, ...] | None = None
    # only what this agency may see: its own and its direct children's (decided in the statement,
    # from the agency's id alone)
    visible_to: int | None = None
    subtask_ids: tuple[int, ...] | None = None
    task_ids: tuple[int, ...] | None = None
    # only subtasks with an extension request waiting for a decision
    extension_pending: bool = False

    def conditions(self, moment: Moment) -> list[ColumnElement[bool]]:
        """WHERE clauses on subtask alone (subqueries for the rest), so counts need no joins.
        Every value is a named parameter (`params`): the clauses of two filters of one `shape`
        differ only in their values, so a statement built from them can be kept and rerun."""
        found: list[ColumnElement[bool]] = []
        if self.directive is not None:
            tasks = select(Task.id).join(Directive, col(Task.directive_id) == Directive.id)
            tasks = tasks.where(Directive.number == bindparam("f_directive", self.directive))
            if self.task is not None:
                tasks = tasks.where(Task.key == bindparam("f_task", self.task))
            found.append(col(Subtask.task_id).in_(tasks))
        if self.task_ids is not None:
            found.append(col(Subtask.task_id).in_(_many("f_task_ids", self.task_ids)))
        if self.statuses is not None:
            found.append(col(Subtask.status).in_(_many("f_statuses", self.statuses)))
        if self.timeliness is not None:
            found.append(condition(self.timeliness, moment))
        if self.agency is not None:
            owner = select(Agency.id).where(Agency.code == bindparam("f_agency", self.agency))
            found.append(col(Subtask.agency_id).in_(owner))
        if self.subtree is not None:
            # exact on both databases, whatever the collation; the agency table is small
            prefix = func.substr(col(Agency.path), 1, bindparam("f_subtree_length", len(self.subtree)))
            under = select(Agency.id).where(prefix == bindparam("f_subtree", self.subtree))
            found.append(col(Subtask.agency_id).in_(under))
        if self.agency_ids is not None:
            found.append(col(Subtask.agency_id).in_(_many("f_agency_ids", self.agency_ids)))
        if self.visible_to is not None:
            viewer: BindParameter[int | None] = bindparam("f_visible_to", self.visible_to)
            seen = select(Agency.id).where(or_(col(Agency.id) == viewer, col(Agency.parent_id) == viewer))
            found.append(col(Subtask.agency_id).in_(seen))
        if self.subtask_ids is not None:
            found.append(col(Subtask.id).in_(_many("f_subtask_ids", self.subtask_ids)))
        if self.extension_pending:
            pending = select(ExtensionRequest.subtask_id).where(ExtensionRequest.status == extensions.PENDING)
            found.append(col(Subtask.id).in_(pending))
        return found

    def shape(self) -> tuple[Any, ...]:
        """What decides the clauses' form (which fields are given; the timeliness asked), not
        their values."""
        given = tuple(getattr(self, f.name) is not None for f in fields(self))
        return (*given, self.timeliness, self.extension_pending)

    def params(self, moment: Moment) -> dict[str, Any]:
        """The values of the named parameters `conditions` uses."""
        values: dict[str, Any] = {
            "f_directive": self.directive,
            "f_task": self.task,
            "f_task_ids": list(self.task_ids or ()),
            "f_statuses": list(self.statuses or ()),
            "f_agency": self.agency,
            "f_subtree": self.subtree,
            "f_subtree_length": len(self.subtree or ""),
            "f_agency_ids": list(self.agency_ids or ()),
            "f_visible_to": self.visible_to,
            "f_subtask_ids": list(self.subtask_ids or ()),
        }
        return {**values, **moment.params()}


def _many(name: str, values: tuple[Any, ...]) -> BindParameter[Any]:
    return bindparam(name, list(values), expanding=True)


@dataclass(frozen=True)
class Page:
    """One page of a list, ordered by due date (none last) then id, and how many there are."""

    items: list[SubtaskView]
    total: int
    offset: int
    limit: int

    @property
    def first(self) -> int:
        return self.offset + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.items)

    @property
    def next_offset(self) -> int | None:
        return self.last if self.last < self.total else None

    @property
    def previous_offset(self) -> int | None:
        return max(self.offset - self.limit, 0) if self.offset > 0 else None


def _rows(moment: Moment) -> Select[*tuple[Any, ...]]:
    query: Select[*tuple[Any, ...]] = (
        wide_select(
            col(Subtask.id),
            col(Directive.number),
            col(Task.key),
            col(Task.text),
            col(Agency.code),
            col(Agency.name),
            col(Subtask.role),
            col(Subtask.status),
            col(Subtask.due_at),
            col(Subtask.original_due_at),
            col(Subtask.completed_at),
            col(Subtask.note),
            timeliness_case(moment).label("timeliness"),
        )
        .join(Task, col(Subtask.task_id) == Task.id)
        .join(Directive, col(Task.directive_id) == Directive.id)
        .join(Agency, col(Subtask.agency_id) == Agency.id)
    )
    return query


ORDER = (nulls_last(col(Subtask.due_at).asc()), col(Subtask.id).asc())


def _view(row: Any, now: dt.datetime) -> SubtaskView:
    # unpacked as a tuple, in _rows' order: a Row's attribute is looked up by name, ten times
    # slower, and a page reads thirteen of them for each of its fifty rows
    (
        subtask_id,
        number,
        key,
        text,
        code,
        name,
        role,
        status_value,
        due_at,
        original_due_at,
        completed_at,
        note,
        timeliness,
        *_,  # what a caller added after them (first_of_each_task: the task and the rank)
    ) = row
    status = SubtaskStatus(status_value)
    finished = completed_at if status is SubtaskStatus.DONE else now
    return SubtaskView(
        id=subtask_id,
        directive=number,
        task=key,
        task_text=text,
        agency=code,
        agency_name=name,
        role=Role(role),
        status=status,
        due_at=due_at,
        original_due_at=original_due_at,
        completed_at=completed_at,
        timeliness=Timeliness(timeliness),
        days_late=days_late(due_at, finished or now) if status is not SubtaskStatus.CANCELLED else 0,
        note=note,
    )


def count_subtasks(session: Session, where: SubtaskFilter, *, moment: Moment) -> int:
    query = select(func.count()).select_from(Subtask).where(*where.conditions(moment))
    return int(session.exec(query).one())


def page_subtasks(
    session: Session,
    where: SubtaskFilter,
    *,
    now: dt.datetime,
    calendar: WorkCalendar,
    limit: int = 100,
    offset: int = 0,
    total: int | None = None,
) -> Page:
    """One page and the total, in two indexed queries: one when the first page holds them all,
    or when the caller knows the total already (the dashboard counts them in its GROUP BY)."""
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValueError(f"limit 1..{MAX_PAGE}, offset >= 0")
    moment = Moment.of(now, calendar)
    rows, count = _page_statements(where, moment)
    params = {**where.params(moment), "page_limit": limit, "page_offset": offset}
    connection = session.connection()
    items = [_view(row, moment.now) for row in connection.execute(rows, params).all()]
    if total is None:
        whole = offset == 0 and len(items) < limit
        total = len(items) if whole else int(connection.execute(count, params).scalar_one())
    return Page(items, total, offset, limit)


# a page's two statements by the shape of its filter: built, and keyed for SQLAlchemy's cache of
# compiled statements, once per process instead of once per request
_PAGE_STATEMENTS: dict[tuple[Any, ...], tuple[Select[Any], Select[Any]]] = {}
_building = threading.Lock()


def _page_statements(where: SubtaskFilter, moment: Moment) -> tuple[Select[Any], Select[Any]]:
    """The page's rows and the count of all that match, with every value a named parameter.

    The page's ids come first, from an index alone (the filters and the order need only its
    columns); then the page's rows, joined and with their timeliness: the database joins and
    computes 50 rows, not the thousands a commune's list skips over."""
    key = where.shape()
    built = _PAGE_STATEMENTS.get(key)
    if built is None:
        with _building:
            conditions = where.conditions(moment)
            ids = (
                select(Subtask.id)
                .where(*conditions)
                .order_by(*ORDER)
                .limit(bindparam("page_limit"))
                .offset(bindparam("page_offset"))
                .subquery()
            )
            rows = _rows(moment).join(ids, ids.c.id == Subtask.id).order_by(*ORDER)
            count = select(func.count()).select_from(Subtask).where(*conditions)
            built = _PAGE_STATEMENTS[key] = (rows, count)
    return built


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
    """Every subtask that matches, for scripts and tests over a set known to be small; what people
    look at goes through page_subtasks."""
    where = SubtaskFilter(
        directive=directive,
        agency=agency,
        statuses=(status,) if status else None,
        subtask_ids=tuple(subtask_ids) if subtask_ids is not None else None,
    )
    moment = Moment.of(now, calendar)
    query = _rows(moment).where(*where.conditions(moment)).order_by(*ORDER)
    return [_view(row, moment.now) for row in session.execute(query).all()]


def first_of_each_task(
    session: Session, where: SubtaskFilter, *, now: dt.datetime, calendar: WorkCalendar, per_task: int
) -> dict[int, list[SubtaskView]]:
    """The first `per_task` subtasks of each task (in list order), in one query: a directive's
    page shows a few of each task, not the two thousand of a village fan-out."""
    moment = Moment.of(now, calendar)
    rank = func.row_number().over(partition_by=col(Subtask.task_id), order_by=ORDER)
    ranked = (
        _rows(moment)
        .add_columns(col(Subtask.task_id).label("task_id"), rank.label("rank"))
        .where(*where.conditions(moment))
        .subquery()
    )
    rows = session.execute(
        wide_select(ranked).where(ranked.c.rank <= per_task).order_by(ranked.c.task_id, ranked.c.rank)
    ).all()
    found: dict[int, list[SubtaskView]] = {}
    for row in rows:
        found.setdefault(row.task_id, []).append(_view(row, moment.now))
    return found


def get_subtask(
    session: Session, subtask_id: int, *, now: dt.datetime, calendar: WorkCalendar
) -> SubtaskView:
    # a page of one, through the statements a page keeps (an action's answer reads this)
    # (a page of one id has at most one: nothing to count)
    one = SubtaskFilter(subtask_ids=(subtask_id,))
    found = page_subtasks(session, one, now=now, calendar=calendar, limit=1, total=1)
    if not found.items:
        raise NotFound(f"không có việc con #{subtask_id}")
    return found.items[0]


def history(session: Session, subtask_id: int) -> list[Event]:
    return list(
        session.exec(
            select(Event).where(Event.subtask_id == subtask_id).order_by(col(Event.at), col(Event.id))
        ).all()
    )


def prerequisites(session: Session, subtask_id: int) -> list[int]:
    return prerequisites_of(session, [subtask_id]).get(subtask_id, [])


def prerequisites_of(session: Session, subtask_ids: list[int]) -> dict[int, list[int]]:
    """What each of these subtasks waits for, in one query."""
    if not subtask_ids:
        return {}
    rows = session.exec(
        select(SubtaskDependency.subtask_id, SubtaskDependency.prerequisite_id)
        .where(col(SubtaskDependency.subtask_id).in_(subtask_ids))
        .order_by(col(SubtaskDependency.prerequisite_id))
    ).all()
    found: dict[int, list[int]] = {}
    for subtask_id, prerequisite_id in rows:
        found.setdefault(subtask_id, []).append(prerequisite_id)
    return found
