"""Each subtask's state at a past instant, derived in SQL from what is stored: when it was created,
its original due date and the extensions approved by then, the audit log's completions,
confirmations, returns, cancellations, restorations, unblockings and reassignments.

`subtask_states` is one SELECT (a row per subtask in scope, grouped over its audit rows) that the
report groups by agency or directive; nothing is loaded row by row into Python."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Subquery, and_, case, func, literal, null, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import col
from sqlmodel.sql.sqltypes import UTCDateTime

from dondoc.record.clock import end_of_local_day
from dondoc.record.models import Agency, Event, ExtensionRequest, Subtask, Task

CANCELLED = "cancelled"
DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
NO_DEADLINE = "no_deadline"
OPEN_OVERDUE = "open_overdue"
OPEN_WITHIN = "open_within_deadline"
BUCKETS = (DONE_ON_TIME, DONE_LATE, OPEN_WITHIN, OPEN_OVERDUE, NO_DEADLINE, CANCELLED)

_TRACKED = (
    "subtask.done",
    "subtask.confirmed",
    "subtask.returned",
    "subtask.cancelled",
    "subtask.restored",
    "subtask.unblocked",
)


class local_day_end(FunctionElement[dt.datetime]):
    """The end of a local calendar day (23:59:59 Asia/Ho_Chi_Minh) as a UTC instant, comparable
    with the stored instants: an approved extension keeps its new date as a day."""

    type = UTCDateTime()
    name = "local_day_end"
    inherit_cache = True


@compiles(local_day_end)
def _day_end_postgresql(element: local_day_end, compiler: Any, **kw: Any) -> str:
    day = compiler.process(element.clauses, **kw)
    return f"(({day} + TIME '23:59:59') AT TIME ZONE 'Asia/Ho_Chi_Minh')"


def _sqlite_shift() -> str:
    """The day's end in UTC as SQLite date modifiers ('+16 hours', …), from the clock's own
    end_of_local_day rather than a hard-coded offset."""
    end = end_of_local_day(dt.date(2000, 1, 1))
    return f"'+{end.hour} hours', '+{end.minute} minutes', '+{end.second} seconds'"


@compiles(local_day_end, "sqlite")
def _day_end_sqlite(element: local_day_end, compiler: Any, **kw: Any) -> str:
    day = compiler.process(element.clauses, **kw)
    # the text SQLAlchemy stores a DateTime as on SQLite, so string comparison orders correctly
    return f"(datetime({day}, {_sqlite_shift()}) || '.000000')"


def _latest(action: ColumnElement[bool], before: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.max(case((and_(action, before), col(Event.at)), else_=null()))


@dataclass(frozen=True)
class Scope:
    """Which subtasks a report reads: of these directives (all when None), created by `as_of`,
    and not already settled (done or cancelled) before `start`."""

    as_of: dt.datetime
    start: dt.datetime
    directive_ids: Sequence[int] | None = None
    # tasks whose due date counts from a prerequisite: no deadline until it is unblocked
    after_prerequisite_task_ids: Sequence[int] = ()


def _extension_day(t: ColumnElement[Any]) -> ScalarSelect[Any]:
    """The due day the extensions approved by `t` came to."""
    return (
        select(func.max(col(ExtensionRequest.granted_on)))
        .where(
            col(ExtensionRequest.subtask_id) == col(Subtask.id),
            col(ExtensionRequest.status) == "approved",
            col(ExtensionRequest.decided_at) <= t,
        )
        .scalar_subquery()
    )


def _owner_then(t: ColumnElement[Any]) -> ScalarSelect[Any]:
    """The agency it belonged to then: the one it was taken from by the first reassignment after."""
    later = Event.__table__.alias("later")  # type: ignore[attr-defined]
    return (
        select(later.c.detail["previous"].as_string())
        .where(
            later.c.subtask_id == col(Subtask.id),
            later.c.action == "subtask.reassigned",
            later.c.at > t,
        )
        .order_by(later.c.at, later.c.id)
        .limit(1)
        .scalar_subquery()
    )


def _transitions(t: ColumnElement[Any], s: ColumnElement[Any]) -> list[ColumnElement[Any]]:
    """The latest of each transition by `t` (the end of the period), and before `s` (its start)."""
    at = col(Event.at)
    action = col(Event.action)
    confirmed = or_(
        action == "subtask.confirmed",
        and_(action == "subtask.done", col(Event.detail)["confirmed"].as_boolean()),
    )
    return [
        _latest(action == "subtask.cancelled", at <= t).label("cancelled_at"),
        _latest(action == "subtask.restored", at <= t).label("restored_at"),
        _latest(confirmed, at <= t).label("closed_at"),
        _latest(action == "subtask.returned", at <= t).label("reopened_at"),
        _latest(action == "subtask.done", at <= t).label("reported_at"),
        _latest(action == "subtask.unblocked", at <= t).label("unblocked_at"),
        _latest(action == "subtask.cancelled", at < s).label("cancelled_before"),
        _latest(action == "subtask.restored", at < s).label("restored_before"),
        _latest(confirmed, at < s).label("closed_before"),
        _latest(action == "subtask.returned", at < s).label("reopened_before"),
    ]


def _facts(scope: Scope) -> Subquery:
    """One row per subtask in scope with the audit log's facts at `as_of` (and before `start`)."""
    t = literal(scope.as_of, UTCDateTime())
    s = literal(scope.start, UTCDateTime())
    after_prerequisite = (
        col(Subtask.task_id).in_(list(scope.after_prerequisite_task_ids))
        if scope.after_prerequisite_task_ids
        else literal(False)
    )
    query = (
        select(
            col(Subtask.id).label("id"),
            col(Subtask.task_id).label("task_id"),
            col(Task.directive_id).label("directive_id"),
            func.coalesce(_owner_then(t), col(Agency.code)).label("agency"),
            col(Subtask.original_due_at).label("original_due_at"),
            after_prerequisite.label("after_prerequisite"),
            _extension_day(t).label("extension_day"),
            *_transitions(t, s),
        )
        .join(Task, col(Subtask.task_id) == Task.id)
        .join(Agency, col(Subtask.agency_id) == Agency.id)
        .join(
            Event,
            and_(col(Event.subtask_id) == col(Subtask.id), col(Event.action).in_(_TRACKED)),
            isouter=True,
        )
        .where(col(Subtask.created_at) <= t)
        .group_by(col(Subtask.id), col(Subtask.task_id), col(Task.directive_id), col(Agency.code))
    )
    if scope.directive_ids is not None:
        query = query.where(col(Task.directive_id).in_(list(scope.directive_ids)))
    return query.subquery("facts")


def _still(happened: ColumnElement[Any], undone: ColumnElement[Any]) -> ColumnElement[bool]:
    """It happened, and was not undone afterwards (a cancellation restored, a completion returned)."""
    return and_(happened.is_not(None), or_(undone.is_(None), undone < happened))


def subtask_states(scope: Scope) -> Subquery:
    """Per subtask in scope: directive, agency (at the time), due dates in force, when it was
    reported done, whether it had been extended, and its bucket among BUCKETS."""
    f = _facts(scope)
    t = literal(scope.as_of, UTCDateTime())
    waiting = and_(f.c.after_prerequisite, f.c.unblocked_at.is_(None))
    original_due = case((waiting, null()), else_=f.c.original_due_at)
    due = case(
        (waiting, null()),
        (f.c.extension_day.is_not(None), local_day_end(f.c.extension_day)),
        else_=f.c.original_due_at,
    )
    cancelled = _still(f.c.cancelled_at, f.c.restored_at)
    done = _still(f.c.closed_at, f.c.reopened_at)
    bucket = case(
        (cancelled, literal(CANCELLED)),
        (and_(done, or_(due.is_(None), f.c.reported_at <= due)), literal(DONE_ON_TIME)),
        (done, literal(DONE_LATE)),
        (due.is_(None), literal(NO_DEADLINE)),
        (due < t, literal(OPEN_OVERDUE)),
        else_=literal(OPEN_WITHIN),
    )
    settled_before = or_(
        _still(f.c.cancelled_before, f.c.restored_before), _still(f.c.closed_before, f.c.reopened_before)
    )
    late_original = and_(done, ~cancelled, original_due.is_not(None), f.c.reported_at > original_due)
    return (
        select(
            f.c.id,
            f.c.task_id,
            f.c.directive_id,
            f.c.agency,
            original_due.label("original_due_at"),
            due.label("due_at"),
            f.c.reported_at,
            bucket.label("bucket"),
            case((and_(~waiting, f.c.extension_day.is_not(None)), 1), else_=0).label("extended"),
            case((late_original, 1), else_=0).label("late_original"),
        )
        .where(~settled_before)
        .subquery("states")
    )
