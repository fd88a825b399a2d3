"""A directive's rows as intake writes them: its header's and its tasks' values, new subtasks with
their first schedules and "created" audit rows, and the dependency edges. A province's directive
fans out to thousands of villages, so subtasks, edges and audit rows go in as bulk Core inserts
(`record.bulk`), never one ORM object per row. The ids of new subtasks are read back with one
indexed query on (task, agency), which is unique: on both databases that costs a fraction of what
RETURNING through SQLAlchemy's insertmanyvalues does (bench/register.py, BENCHMARKS.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlmodel import Session

from dondoc.directives.plan import Plan, PlannedSubtask, PlannedTask, SubtaskKey
from dondoc.escalation.interpreter import Schedule, schedule
from dondoc.escalation.policies import snapshot
from dondoc.record import audit, progress
from dondoc.record.audit import Actor
from dondoc.record.bulk import insert_rows
from dondoc.record.clock import end_of_local_day
from dondoc.record.enums import SubtaskStatus
from dondoc.record.models import Event, Subtask, SubtaskDependency, Task
from dondoc.record.workcalendar import WorkCalendar

SUBTASKS = Subtask.__table__  # type: ignore[attr-defined]
EVENTS = Event.__table__  # type: ignore[attr-defined]
_EDGES = SubtaskDependency.__table__  # type: ignore[attr-defined]
TASKS = Task.__table__  # type: ignore[attr-defined]


@dataclass
class StoredSubtask:
    """A subtask as an update needs it: read as a plain row, changed in place, written back."""

    id: int
    status: SubtaskStatus
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    action_cursor: int
    action_due_at: dt.datetime | None
    changes: dict[str, Any]

    @classmethod
    def written(cls, subtask_id: int, row: dict[str, Any]) -> StoredSubtask:
        """A subtask as `add_subtasks` just wrote it."""
        return cls(
            subtask_id,
            row["status"],
            row["due_at"],
            row["original_due_at"],
            row["action_cursor"],
            row["action_due_at"],
            {},
        )


def task_values(task: PlannedTask) -> dict[str, Any]:
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


def directive_values(plan: Plan) -> dict[str, Any]:
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


def upsert_tasks(
    session: Session, directive_id: int, plan: Plan, existing: dict[str, Task]
) -> dict[str, int]:
    """Tasks are few (tens): ORM rows are fine here. Returns each task's id by its key."""
    tasks: dict[str, Task] = {}
    for planned in plan.tasks:
        row = existing.get(planned.key)
        if row is None:
            row = Task(directive_id=directive_id, key=planned.key, **task_values(planned))
            session.add(row)
        else:
            for key, value in task_values(planned).items():
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


def add_subtasks(
    connection: Connection,
    plan: Plan,
    planned: list[PlannedSubtask],
    task_ids: dict[str, int],
    agency_ids: dict[str, int],
    now: dt.datetime,
    actor: Actor,
    directive_id: int,
    calendar: WorkCalendar,
) -> dict[SubtaskKey, StoredSubtask]:
    """Insert the planned subtasks and their "created" audit rows; returns them as written, by key."""
    if not planned:
        return {}
    rows = _subtask_rows(plan, planned, task_ids, agency_ids, now, calendar)
    insert_rows(connection, SUBTASKS, rows, advance=progress.stage("Ghi việc con", len(rows)))
    ids = _stored_ids(connection, directive_id, agency_ids)
    added = {
        sub.key: StoredSubtask.written(ids[sub.key], row) for sub, row in zip(planned, rows, strict=True)
    }
    events = audit.event_rows(
        actor=actor,
        action="subtask.created",
        at=now,
        directive_id=directive_id,
        subtask_ids=[stored.id for stored in added.values()],
    )
    insert_rows(connection, EVENTS, events, advance=progress.stage("Ghi nhật ký", len(events)))
    return added


def _stored_ids(
    connection: Connection, directive_id: int, agency_ids: dict[str, int]
) -> dict[SubtaskKey, int]:
    """Every subtask id of the directive by (task key, agency code): one indexed query."""
    codes = {i: code for code, i in agency_ids.items()}
    rows: Any = connection.execute(
        sa.select(SUBTASKS.c.id, TASKS.c.key, SUBTASKS.c.agency_id)
        .join(TASKS, TASKS.c.id == SUBTASKS.c.task_id)
        .where(TASKS.c.directive_id == directive_id)
    )
    return {(key, codes[agency_id]): subtask_id for subtask_id, key, agency_id in rows}


def insert_edges(connection: Connection, plan: Plan, ids: dict[SubtaskKey, int]) -> None:
    edges = [
        {"subtask_id": ids[dependent], "prerequisite_id": ids[pre]} for dependent, pre in plan.dependencies
    ]
    insert_rows(connection, _EDGES, edges, advance=progress.stage("Ghi quan hệ phụ thuộc", len(edges)))
