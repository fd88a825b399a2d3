"""A registered directive updated to a changed spec: what is new is added, what is gone is
cancelled (done work stays as it was), due dates that changed move, dependencies are linked again,
and each subtask whose status or due date moved is scheduled again. Subtasks are read and written
back as plain rows (`record.bulk`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, delete
from sqlmodel import Session, col, select

from dondoc.directives.plan import Plan, PlannedSubtask, SubtaskKey
from dondoc.directives.rows import (
    EVENTS,
    SUBTASKS,
    TASKS,
    StoredSubtask,
    add_subtasks,
    directive_values,
    insert_edges,
    upsert_tasks,
)
from dondoc.escalation.interpreter import schedule
from dondoc.record import audit
from dondoc.record.audit import Actor
from dondoc.record.bulk import chunks, insert_rows, update_rows
from dondoc.record.clock import end_of_local_day
from dondoc.record.enums import SubtaskStatus
from dondoc.record.models import Directive, SubtaskDependency, Task
from dondoc.record.workcalendar import WorkCalendar


@dataclass(frozen=True)
class _Audit:
    """Who updates which directive, and when: each step of an update returns its audit rows."""

    actor: Actor
    now: dt.datetime
    directive_id: int

    def rows(self, stored: StoredSubtask, action: str, **detail: Any) -> list[dict[str, Any]]:
        return audit.event_rows(
            actor=self.actor,
            action=action,
            at=self.now,
            directive_id=self.directive_id,
            subtask_ids=[stored.id],
            **detail,
        )


def _read_stored(
    connection: Connection, directive_id: int, agency_ids: dict[str, int]
) -> dict[SubtaskKey, StoredSubtask]:
    codes = {i: code for code, i in agency_ids.items()}
    rows: Any = connection.execute(
        sa.select(
            SUBTASKS.c.id,
            TASKS.c.key,
            SUBTASKS.c.agency_id,
            SUBTASKS.c.status,
            SUBTASKS.c.due_at,
            SUBTASKS.c.original_due_at,
            SUBTASKS.c.action_cursor,
            SUBTASKS.c.action_due_at,
        )
        .join(TASKS, TASKS.c.id == SUBTASKS.c.task_id)
        .where(TASKS.c.directive_id == directive_id)
    )
    return {
        (key, codes[agency_id]): StoredSubtask(
            sid, SubtaskStatus(status), due, original, cursor, action_due, {}
        )
        for sid, key, agency_id, status, due, original, cursor, action_due in rows
    }


def update_registered(
    session: Session,
    directive: Directive,
    plan: Plan,
    agency_ids: dict[str, int],
    *,
    actor: Actor,
    now: dt.datetime,
    calendar: WorkCalendar,
    flow_run_id: str | None,
) -> dict[str, int]:
    """Add what is new, cancel what is gone (keeping done work), move due dates that changed,
    re-link dependencies; each subtask whose status or due date moved is scheduled again.
    Returns how many subtasks were added, cancelled and changed."""
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
    added = add_subtasks(connection, plan, new, task_ids, agency_ids, now, actor, directive.id, calendar)
    current.update(added)
    _relink(connection, plan, current)
    _reschedule_changed(connection, current, now=now, calendar=calendar)
    insert_rows(connection, EVENTS, [*cancelled, *restored, *moved])
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
    return counts


def _update_directive_and_tasks(
    session: Session, directive: Directive, plan: Plan, now: dt.datetime
) -> dict[str, int]:
    """The directive's header and its tasks as the plan has them; a task gone is cancelled."""
    assert directive.id is not None
    for key, value in directive_values(plan).items():
        setattr(directive, key, value)
    directive.updated_at = now
    existing_tasks = {
        t.key: t for t in session.exec(select(Task).where(Task.directive_id == directive.id)).all()
    }
    task_ids = upsert_tasks(session, directive.id, plan, existing_tasks)
    for key, task in existing_tasks.items():
        if key not in task_ids:
            task.cancelled = True
    session.flush()
    return task_ids


def _cancel_gone(
    current: dict[SubtaskKey, StoredSubtask], planned: dict[SubtaskKey, PlannedSubtask], log: _Audit
) -> list[dict[str, Any]]:
    """An open subtask the directive no longer has is cancelled; done work stays as it was."""
    gone = [stored for key, stored in current.items() if key not in planned and stored.status.is_open]
    reason = "không còn trong văn bản cập nhật"
    return _set_status(gone, SubtaskStatus.CANCELLED, log, "subtask.cancelled", reason=reason)


def _restore_planned_again(
    current: dict[SubtaskKey, StoredSubtask], planned: dict[SubtaskKey, PlannedSubtask], log: _Audit
) -> list[dict[str, Any]]:
    """A cancelled subtask the directive has again starts over as pending."""
    back = [s for key, s in current.items() if key in planned and s.status is SubtaskStatus.CANCELLED]
    return _set_status(back, SubtaskStatus.PENDING, log, "subtask.restored")


def _set_status(
    subtasks: list[StoredSubtask], status: SubtaskStatus, log: _Audit, action: str, **detail: Any
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
    current: dict[SubtaskKey, StoredSubtask],
    planned: dict[SubtaskKey, PlannedSubtask],
    plan: Plan,
    log: _Audit,
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


def _relink(connection: Connection, plan: Plan, current: dict[SubtaskKey, StoredSubtask]) -> None:
    """Replace the directive's dependency edges with the plan's, then block or free each
    not-yet-started subtask by whether a prerequisite is still open."""
    ids = [stored.id for stored in current.values()]
    for part in chunks(ids):
        connection.execute(delete(SubtaskDependency).where(col(SubtaskDependency.subtask_id).in_(part)))
    insert_edges(connection, plan, {key: stored.id for key, stored in current.items()})
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
    connection: Connection,
    current: dict[SubtaskKey, StoredSubtask],
    *,
    now: dt.datetime,
    calendar: WorkCalendar,
) -> None:
    """The reminders follow a new status or due date; rows that did not move keep their cursor."""
    moved = {stored.id: stored for stored in current.values() if stored.changes}
    if not moved:
        return
    policies: dict[int, dict[str, Any]] = {}
    for part in chunks(list(moved)):
        query = sa.select(SUBTASKS.c.id, SUBTASKS.c.policy).where(SUBTASKS.c.id.in_(part))
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
    update_rows(connection, SUBTASKS, rows)
