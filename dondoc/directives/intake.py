"""Intake in the core: write a directive's plan to the database in one transaction, registering
or updating it (the intake flow, flows/intake.py, and `dondoc load` call it).

A province's directive fans out to thousands of villages, so the subtasks, their dependencies
and their audit rows go in as bulk Core inserts (`record.bulk`), never one ORM object per row,
and an update reads and rewrites them as plain rows. The ids of new subtasks are read back with
one indexed query on (task, agency), which is unique: on both databases that costs a fraction of
what RETURNING through SQLAlchemy's insertmanyvalues does (bench/register.py, BENCHMARKS.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import Connection, delete, func
from sqlmodel import Session, col, select

from dondoc.directives.plan import Plan, PlannedSubtask, PlannedTask, SubtaskKey
from dondoc.escalation.interpreter import Schedule, schedule
from dondoc.escalation.policies import snapshot
from dondoc.record import audit, progress
from dondoc.record.audit import Actor
from dondoc.record.bulk import chunks, insert_rows, update_rows
from dondoc.record.clock import end_of_local_day
from dondoc.record.enums import SubtaskStatus
from dondoc.record.errors import Conflict
from dondoc.record.models import Agency, Directive, Event, Subtask, SubtaskDependency, Task
from dondoc.record.workcalendar import WorkCalendar

_SUBTASKS = Subtask.__table__  # type: ignore[attr-defined]
_EVENTS = Event.__table__  # type: ignore[attr-defined]
_EDGES = SubtaskDependency.__table__  # type: ignore[attr-defined]
_TASKS = Task.__table__  # type: ignore[attr-defined]


@dataclass
class RegistrationResult:
    directive: str
    status: Literal["created", "unchanged", "updated"]
    directive_id: int
    tasks: int
    subtasks: int
    added: int = 0
    cancelled: int = 0
    changed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Stored:
    """A subtask as an update needs it: read as a plain row, changed in place, written back."""

    id: int
    status: SubtaskStatus
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    action_cursor: int
    action_due_at: dt.datetime | None
    changes: dict[str, Any]

    @classmethod
    def written(cls, subtask_id: int, row: dict[str, Any]) -> _Stored:
        """A subtask as `_add_subtasks` just wrote it."""
        return cls(
            subtask_id,
            row["status"],
            row["due_at"],
            row["original_due_at"],
            row["action_cursor"],
            row["action_due_at"],
            {},
        )


@dataclass(frozen=True)
class _Audit:
    """Who updates which directive, and when: each step of an update returns its audit rows."""

    actor: Actor
    now: dt.datetime
    directive_id: int

    def rows(self, stored: _Stored, action: str, **detail: Any) -> list[dict[str, Any]]:
        return audit.event_rows(
            actor=self.actor,
            action=action,
            at=self.now,
            directive_id=self.directive_id,
            subtask_ids=[stored.id],
            **detail,
        )


def _task_values(task: PlannedTask) -> dict[str, Any]:
    return {
        "position": task.position,
        "text": task.text,
        "lead_code": task.lead_code,
        "support_codes": task.support_codes,
        "due_rule": task.due_rule,
        "due_text": task.due_text,
        "policy_name": task.policy_name,
        "fan_out": task.fan_out,
        "depends_on": task.depends_on,
        "cancelled": False,
    }


def _directive_values(plan: Plan) -> dict[str, Any]:
    spec = plan.spec
    return {
        "kind": spec.kind,
        "title": spec.title,
        "issuer_code": plan.issuer_code,
        "issuer_name": plan.issuer_name,
        "issued_on": spec.issued_on,
        "source_file": spec.source or plan.source_file,
        "spec_hash": plan.spec_hash,
    }


def register_plan(
    session: Session,
    plan: Plan,
    *,
    update: bool,
    actor: Actor,
    now: dt.datetime,
    calendar: WorkCalendar,
    flow_run_id: str | None = None,
) -> RegistrationResult:
    """Register a new directive; the same spec again changes nothing; a changed spec needs `update`."""
    number = plan.spec.number
    directive = session.exec(select(Directive).where(Directive.number == number)).first()
    if directive is not None and directive.spec_hash == plan.spec_hash:
        return _result(session, directive, "unchanged")
    if directive is not None and not update:
        raise Conflict(
            f"{plan.source_file}: number: văn bản {number} đã được đăng ký với nội dung khác; dùng --update để cập nhật "
            "(thêm, hủy việc con, giữ lịch sử hoàn thành)"
        )
    agency_ids: dict[str, int] = {code: i for code, i in session.exec(select(Agency.code, Agency.id)).all()}  # type: ignore[misc]
    if directive is not None:
        return _update(
            session,
            directive,
            plan,
            agency_ids,
            actor=actor,
            now=now,
            calendar=calendar,
            flow_run_id=flow_run_id,
        )
    directive = Directive(
        number=number, registered_at=now, updated_at=now, flow_run_id=flow_run_id, **_directive_values(plan)
    )
    session.add(directive)
    session.flush()
    assert directive.id is not None
    task_ids = _upsert_tasks(session, directive.id, plan, {})
    # the directive's own audit row comes before its subtasks': publishing goes oldest first, and a
    # province's 100,000 "created" rows reach Prefect over several sweeps
    audit.record(
        session,
        actor=actor,
        action="directive.registered",
        at=now,
        directive_id=directive.id,
        tasks=len(plan.tasks),
        subtasks=len(plan.subtasks),
        flow_run_id=flow_run_id,
    )
    session.flush()
    connection = session.connection()
    added = _add_subtasks(
        connection, plan, plan.subtasks, task_ids, agency_ids, now, actor, directive.id, calendar
    )
    _insert_edges(connection, plan, {key: stored.id for key, stored in added.items()})
    return _result(session, directive, "created", added=len(added))


def _upsert_tasks(
    session: Session, directive_id: int, plan: Plan, existing: dict[str, Task]
) -> dict[str, int]:
    """Tasks are few (tens): ORM rows are fine here. Returns each task's id by its key."""
    tasks: dict[str, Task] = {}
    for planned in plan.tasks:
        row = existing.get(planned.key)
        if row is None:
            row = Task(directive_id=directive_id, key=planned.key, **_task_values(planned))
            session.add(row)
        else:
            for key, value in _task_values(planned).items():
                setattr(row, key, value)
        tasks[planned.key] = row
    session.flush()
    return {key: row.id for key, row in tasks.items() if row.id is not None}


class _FirstSchedules:
    """New subtasks' first schedules. A fan-out's subtasks share their policy, due day and status:
    each combination is snapshotted and scheduled once, and every row refers to the same snapshot."""

    def __init__(self, plan: Plan, planned: list[PlannedSubtask], now: dt.datetime, calendar: WorkCalendar):
        self.snapshots = {name: snapshot(plan.policies[name]) for name in {t.policy_name for t in plan.tasks}}
        self._due_ats = {day: end_of_local_day(day) for day in {s.due_on for s in planned} if day is not None}
        self._schedules: dict[tuple[str, SubtaskStatus, dt.date | None], Schedule] = {}
        self._now = now
        self._calendar = calendar

    def due_at(self, due_on: dt.date | None) -> dt.datetime | None:
        return self._due_ats[due_on] if due_on else None

    def of(self, policy_name: str, status: SubtaskStatus, due_on: dt.date | None) -> Schedule:
        combination = (policy_name, status, due_on)
        if combination not in self._schedules:
            self._schedules[combination] = schedule(
                policy=self.snapshots[policy_name],
                status=status,
                due_at=self.due_at(due_on),
                cursor=0,
                action_due_at=None,
                now=self._now,
                calendar=self._calendar,
            )
        return self._schedules[combination]


def _subtask_rows(
    plan: Plan,
    planned: list[PlannedSubtask],
    task_ids: dict[str, int],
    agency_ids: dict[str, int],
    now: dt.datetime,
    calendar: WorkCalendar,
) -> list[dict[str, Any]]:
    """The planned subtasks as rows: blocked while they wait for a prerequisite, scheduled."""
    waiting = {dependent for dependent, _ in plan.dependencies}
    policy_of = {t.key: t.policy_name for t in plan.tasks}
    first = _FirstSchedules(plan, planned, now, calendar)
    rows = []
    for sub in planned:
        status = SubtaskStatus.BLOCKED if sub.key in waiting else SubtaskStatus.PENDING
        policy_name = policy_of[sub.task_key]
        due_at = first.due_at(sub.due_on)
        planned_schedule = first.of(policy_name, status, sub.due_on)
        rows.append(
            {
                "task_id": task_ids[sub.task_key],
                "agency_id": agency_ids[sub.agency_code],
                "role": sub.role,
                "status": status,
                "due_at": due_at,
                "original_due_at": due_at,
                "created_at": now,
                "updated_at": now,
                "policy_name": policy_name,
                "policy": first.snapshots[policy_name],
                "action_cursor": planned_schedule.cursor,
                "action_due_at": planned_schedule.action_due_at,
                "next_action_at": planned_schedule.next_action_at,
            }
        )
    return rows


def _add_subtasks(
    connection: Connection,
    plan: Plan,
    planned: list[PlannedSubtask],
    task_ids: dict[str, int],
    agency_ids: dict[str, int],
    now: dt.datetime,
    actor: Actor,
    directive_id: int,
    calendar: WorkCalendar,
) -> dict[SubtaskKey, _Stored]:
    """Insert the planned subtasks and their "created" audit rows; returns them as written, by key."""
    if not planned:
        return {}
    rows = _subtask_rows(plan, planned, task_ids, agency_ids, now, calendar)
    insert_rows(connection, _SUBTASKS, rows, advance=progress.stage("Ghi việc con", len(rows)))
    ids = _stored_ids(connection, directive_id, agency_ids)
    added = {sub.key: _Stored.written(ids[sub.key], row) for sub, row in zip(planned, rows, strict=True)}
    events = audit.event_rows(
        actor=actor,
        action="subtask.created",
        at=now,
        directive_id=directive_id,
        subtask_ids=[stored.id for stored in added.values()],
    )
    insert_rows(connection, _EVENTS, events, advance=progress.stage("Ghi nhật ký", len(events)))
    return added


def _stored_ids(
    connection: Connection, directive_id: int, agency_ids: dict[str, int]
) -> dict[SubtaskKey, int]:
    """Every subtask id of the directive by (task key, agency code): one indexed query."""
    codes = {i: code for code, i in agency_ids.items()}
    rows: Any = connection.execute(
        sa.select(_SUBTASKS.c.id, _TASKS.c.key, _SUBTASKS.c.agency_id)
        .join(_TASKS, _TASKS.c.id == _SUBTASKS.c.task_id)
        .where(_TASKS.c.directive_id == directive_id)
    )
    return {(key, codes[agency_id]): subtask_id for subtask_id, key, agency_id in rows}


def _insert_edges(connection: Connection, plan: Plan, ids: dict[SubtaskKey, int]) -> None:
    edges = [
        {"subtask_id": ids[dependent], "prerequisite_id": ids[pre]} for dependent, pre in plan.dependencies
    ]
    insert_rows(connection, _EDGES, edges, advance=progress.stage("Ghi quan hệ phụ thuộc", len(edges)))


def _read_stored(
    connection: Connection, directive_id: int, agency_ids: dict[str, int]
) -> dict[SubtaskKey, _Stored]:
    codes = {i: code for code, i in agency_ids.items()}
    rows: Any = connection.execute(
        sa.select(
            _SUBTASKS.c.id,
            _TASKS.c.key,
            _SUBTASKS.c.agency_id,
            _SUBTASKS.c.status,
            _SUBTASKS.c.due_at,
            _SUBTASKS.c.original_due_at,
            _SUBTASKS.c.action_cursor,
            _SUBTASKS.c.action_due_at,
        )
        .join(_TASKS, _TASKS.c.id == _SUBTASKS.c.task_id)
        .where(_TASKS.c.directive_id == directive_id)
    )
    return {
        (key, codes[agency_id]): _Stored(sid, SubtaskStatus(status), due, original, cursor, action_due, {})
        for sid, key, agency_id, status, due, original, cursor, action_due in rows
    }


def _update(
    session: Session,
    directive: Directive,
    plan: Plan,
    agency_ids: dict[str, int],
    *,
    actor: Actor,
    now: dt.datetime,
    calendar: WorkCalendar,
    flow_run_id: str | None,
) -> RegistrationResult:
    """Add what is new, cancel what is gone (keeping done work), move due dates that changed,
    re-link dependencies; each subtask whose status or due date moved is scheduled again."""
    assert directive.id is not None
    task_ids = _update_directive_and_tasks(session, directive, plan, now)
    connection = session.connection()
    current = _read_stored(connection, directive.id, agency_ids)
    planned = {sub.key: sub for sub in plan.subtasks}
    log = _Audit(actor, now, directive.id)
    cancelled = _cancel_gone(current, planned, log)
    restored = _restore_planned_again(current, planned, log)
    moved = _move_due_dates(current, planned, plan, log)
    new = [sub for key, sub in planned.items() if key not in current]
    added = _add_subtasks(connection, plan, new, task_ids, agency_ids, now, actor, directive.id, calendar)
    current.update(added)
    _relink(connection, plan, current)
    _reschedule_changed(connection, current, now=now, calendar=calendar)
    insert_rows(connection, _EVENTS, [*cancelled, *restored, *moved])
    counts = {"added": len(added), "cancelled": len(cancelled), "changed": len(restored) + len(moved)}
    audit.record(
        session,
        actor=actor,
        action="directive.updated",
        at=now,
        directive_id=directive.id,
        flow_run_id=flow_run_id,
        **counts,
    )
    directive.flow_run_id = flow_run_id or directive.flow_run_id
    return _result(session, directive, "updated", **counts)


def _update_directive_and_tasks(
    session: Session, directive: Directive, plan: Plan, now: dt.datetime
) -> dict[str, int]:
    """The directive's header and its tasks as the plan has them; a task gone is cancelled."""
    assert directive.id is not None
    for key, value in _directive_values(plan).items():
        setattr(directive, key, value)
    directive.updated_at = now
    existing_tasks = {
        t.key: t for t in session.exec(select(Task).where(Task.directive_id == directive.id)).all()
    }
    task_ids = _upsert_tasks(session, directive.id, plan, existing_tasks)
    for key, task in existing_tasks.items():
        if key not in task_ids:
            task.cancelled = True
    session.flush()
    return task_ids


def _cancel_gone(
    current: dict[SubtaskKey, _Stored], planned: dict[SubtaskKey, PlannedSubtask], log: _Audit
) -> list[dict[str, Any]]:
    """An open subtask the directive no longer has is cancelled; done work stays as it was."""
    gone = [stored for key, stored in current.items() if key not in planned and stored.status.is_open]
    reason = "không còn trong văn bản cập nhật"
    return _set_status(gone, SubtaskStatus.CANCELLED, log, "subtask.cancelled", reason=reason)


def _restore_planned_again(
    current: dict[SubtaskKey, _Stored], planned: dict[SubtaskKey, PlannedSubtask], log: _Audit
) -> list[dict[str, Any]]:
    """A cancelled subtask the directive has again starts over as pending."""
    back = [s for key, s in current.items() if key in planned and s.status is SubtaskStatus.CANCELLED]
    return _set_status(back, SubtaskStatus.PENDING, log, "subtask.restored")


def _set_status(
    subtasks: list[_Stored], status: SubtaskStatus, log: _Audit, action: str, **detail: Any
) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for stored in subtasks:
        stored.status = status
        stored.changes["status"] = status
        if status is SubtaskStatus.CANCELLED:
            stored.changes["next_action_at"] = None  # nothing more to remind of
        events += log.rows(stored, action, **detail)
    return events


def _move_due_dates(
    current: dict[SubtaskKey, _Stored], planned: dict[SubtaskKey, PlannedSubtask], plan: Plan, log: _Audit
) -> list[dict[str, Any]]:
    """An open subtask takes its new due date, unless it was extended (the extension stands) or
    its due date is counted from a prerequisite's completion (set when that completes)."""
    counted_from_prerequisite = {t.key for t in plan.tasks if t.rule.after_prerequisite}
    events: list[dict[str, Any]] = []
    for key, stored in current.items():
        if key not in planned or key[0] in counted_from_prerequisite:
            continue
        due_on = planned[key].due_on
        new_due = end_of_local_day(due_on) if due_on else None
        extended = stored.due_at != stored.original_due_at
        if stored.status.is_open and not extended and stored.due_at != new_due:
            old = stored.due_at.isoformat() if stored.due_at else None
            events += log.rows(
                stored, "subtask.due_changed", old=old, new=new_due.isoformat() if new_due else None
            )
            stored.due_at = new_due
            stored.changes.update(due_at=new_due, original_due_at=new_due)
    return events


def _relink(connection: Connection, plan: Plan, current: dict[SubtaskKey, _Stored]) -> None:
    """Replace the directive's dependency edges with the plan's, then block or free each
    not-yet-started subtask by whether a prerequisite is still open."""
    ids = [stored.id for stored in current.values()]
    for part in chunks(ids):
        connection.execute(delete(SubtaskDependency).where(col(SubtaskDependency.subtask_id).in_(part)))
    _insert_edges(connection, plan, {key: stored.id for key, stored in current.items()})
    open_prerequisite: set[SubtaskKey] = set()
    for dependent, prerequisite in plan.dependencies:
        if current[prerequisite].status is not SubtaskStatus.DONE:
            open_prerequisite.add(dependent)
    for key, stored in current.items():
        if stored.status not in (SubtaskStatus.BLOCKED, SubtaskStatus.PENDING):
            continue
        wanted = SubtaskStatus.BLOCKED if key in open_prerequisite else SubtaskStatus.PENDING
        if stored.status is not wanted:
            stored.status = wanted
            stored.changes["status"] = wanted


def _reschedule_changed(
    connection: Connection, current: dict[SubtaskKey, _Stored], *, now: dt.datetime, calendar: WorkCalendar
) -> None:
    """The reminders follow a new status or due date; rows that did not move keep their cursor."""
    moved = {stored.id: stored for stored in current.values() if stored.changes}
    if not moved:
        return
    policies: dict[int, dict[str, Any]] = {}
    for part in chunks(list(moved)):
        query = sa.select(_SUBTASKS.c.id, _SUBTASKS.c.policy).where(_SUBTASKS.c.id.in_(part))
        found: Any = connection.execute(query)
        policies.update((subtask_id, policy) for subtask_id, policy in found)
    rows = []
    for subtask_id, stored in moved.items():
        if "next_action_at" not in stored.changes:  # a cancelled subtask has nothing to schedule
            planned = schedule(
                policy=policies[subtask_id],
                status=stored.status,
                due_at=stored.due_at,
                cursor=stored.action_cursor,
                action_due_at=stored.action_due_at,
                now=now,
                calendar=calendar,
            )
            stored.changes.update(
                action_cursor=planned.cursor,
                action_due_at=planned.action_due_at,
                next_action_at=planned.next_action_at,
            )
        rows.append({"id": subtask_id, **stored.changes, "updated_at": now})
    update_rows(connection, _SUBTASKS, rows)


def _result(
    session: Session,
    directive: Directive,
    status: Literal["created", "unchanged", "updated"],
    **counts: int,
) -> RegistrationResult:
    assert directive.id is not None
    task_count = session.exec(
        select(func.count()).where(Task.directive_id == directive.id, col(Task.cancelled).is_(False))
    ).one()
    subtask_count = session.exec(
        select(func.count())
        .select_from(Subtask)
        .join(Task)
        .where(Task.directive_id == directive.id, Subtask.status != SubtaskStatus.CANCELLED)
    ).one()
    return RegistrationResult(directive.number, status, directive.id, task_count, subtask_count, **counts)
