"""Write a directive's plan to the database in one transaction: register it, or update it.

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
from dondoc.record.bulk import insert_rows, update_rows
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
    ids = _add_subtasks(
        connection, plan, plan.subtasks, task_ids, agency_ids, now, actor, directive.id, calendar
    )
    _insert_edges(connection, plan, ids)
    return _result(session, directive, "created", added=len(ids))


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
) -> dict[SubtaskKey, int]:
    """Insert the planned subtasks and their "created" audit rows; returns their ids by key."""
    if not planned:
        return {}
    waiting = {dependent for dependent, _ in plan.dependencies}
    policy_of = {t.key: t.policy_name for t in plan.tasks}
    # a fan-out's subtasks share their policy, due day and status: snapshot and schedule each
    # combination once, and every row refers to the same snapshot
    snapshots = {name: snapshot(plan.policies[name]) for name in set(policy_of.values())}
    schedules: dict[tuple[str, SubtaskStatus, dt.date | None], Schedule] = {}
    due_ats = {day: end_of_local_day(day) for day in {sub.due_on for sub in planned} if day is not None}
    rows = []
    for sub in planned:
        status = SubtaskStatus.BLOCKED if sub.key in waiting else SubtaskStatus.PENDING
        policy_name = policy_of[sub.task_key]
        due_at = due_ats[sub.due_on] if sub.due_on else None
        combination = (policy_name, status, sub.due_on)
        if combination not in schedules:
            schedules[combination] = schedule(
                policy=snapshots[policy_name],
                status=status,
                due_at=due_at,
                cursor=0,
                action_due_at=None,
                now=now,
                calendar=calendar,
            )
        planned_schedule = schedules[combination]
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
                "policy": snapshots[policy_name],
                "action_cursor": planned_schedule.cursor,
                "action_due_at": planned_schedule.action_due_at,
                "next_action_at": planned_schedule.next_action_at,
            }
        )
    insert_rows(connection, _SUBTASKS, rows, advance=progress.stage("Ghi việc con", len(rows)))
    stored = _stored_ids(connection, directive_id, agency_ids)
    ids = {sub.key: stored[sub.key] for sub in planned}
    events = audit.event_rows(
        actor=actor,
        action="subtask.created",
        at=now,
        directive_id=directive_id,
        subtask_ids=list(ids.values()),
    )
    insert_rows(connection, _EVENTS, events, advance=progress.stage("Ghi nhật ký", len(events)))
    return ids


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
    connection = session.connection()
    current = _read_stored(connection, directive.id, agency_ids)
    planned = {sub.key: sub for sub in plan.subtasks}
    counted_from_prerequisite = {t.key for t in plan.tasks if t.rule.after_prerequisite}
    events: list[dict[str, Any]] = []

    def event(stored: _Stored, action: str, **detail: Any) -> None:
        events.extend(
            audit.event_rows(
                actor=actor,
                action=action,
                at=now,
                directive_id=directive.id,
                subtask_ids=[stored.id],
                **detail,
            )
        )

    cancelled = changed = 0
    for sub_key, stored in current.items():
        if sub_key not in planned:
            if stored.status.is_open:
                stored.status = SubtaskStatus.CANCELLED
                stored.changes.update(status=stored.status, next_action_at=None)
                event(stored, "subtask.cancelled", reason="không còn trong văn bản cập nhật")
                cancelled += 1
            continue
        if stored.status is SubtaskStatus.CANCELLED:
            stored.status = SubtaskStatus.PENDING
            stored.changes["status"] = stored.status
            event(stored, "subtask.restored")
            changed += 1
        due_on = planned[sub_key].due_on
        new_due = end_of_local_day(due_on) if due_on else None
        extended = stored.due_at != stored.original_due_at
        if sub_key[0] in counted_from_prerequisite:
            continue  # its due date is set when the prerequisite completes
        if stored.status.is_open and not extended and stored.due_at != new_due:
            event(
                stored,
                "subtask.due_changed",
                old=stored.due_at.isoformat() if stored.due_at else None,
                new=new_due.isoformat() if new_due else None,
            )
            stored.due_at = new_due
            stored.changes.update(due_at=new_due, original_due_at=new_due)
            changed += 1
    new = [sub for key, sub in planned.items() if key not in current]
    added = _add_subtasks(connection, plan, new, task_ids, agency_ids, now, actor, directive.id, calendar)
    waiting = {dependent for dependent, _ in plan.dependencies}
    for new_key, subtask_id in added.items():
        # as _add_subtasks wrote it: scheduled from the start for its due date
        due_on = planned[new_key].due_on
        due_at = end_of_local_day(due_on) if due_on else None
        status = SubtaskStatus.BLOCKED if new_key in waiting else SubtaskStatus.PENDING
        current[new_key] = _Stored(subtask_id, status, due_at, due_at, 0, due_at, {})
    _relink(connection, plan, current)
    _reschedule_changed(connection, current, now=now, calendar=calendar)
    insert_rows(connection, _EVENTS, events)
    audit.record(
        session,
        actor=actor,
        action="directive.updated",
        at=now,
        directive_id=directive.id,
        added=len(added),
        cancelled=cancelled,
        changed=changed,
        flow_run_id=flow_run_id,
    )
    directive.flow_run_id = flow_run_id or directive.flow_run_id
    return _result(session, directive, "updated", added=len(added), cancelled=cancelled, changed=changed)


def _relink(connection: Connection, plan: Plan, current: dict[SubtaskKey, _Stored]) -> None:
    """Replace the directive's dependency edges with the plan's, then block or free each
    not-yet-started subtask by whether a prerequisite is still open."""
    ids = [stored.id for stored in current.values()]
    for start in range(0, len(ids), 1000):  # IN lists stay well under SQLite's variable limit
        connection.execute(
            delete(SubtaskDependency).where(col(SubtaskDependency.subtask_id).in_(ids[start : start + 1000]))
        )
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
    moved_ids = list(moved)
    policies: dict[int, dict[str, Any]] = {}
    for start in range(0, len(moved_ids), 1000):
        part = moved_ids[start : start + 1000]
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
