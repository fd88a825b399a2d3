"""Write a directive's plan to the database in one transaction: register it, or update it."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

from sqlalchemy import delete, insert
from sqlmodel import Session, col, select

from dondoc.directives.plan import Plan, PlannedSubtask, PlannedTask, SubtaskKey
from dondoc.escalation.interpreter import reschedule, schedule
from dondoc.escalation.policies import snapshot
from dondoc.record import audit
from dondoc.record.audit import Actor
from dondoc.record.clock import end_of_local_day
from dondoc.record.enums import SubtaskStatus
from dondoc.record.errors import Conflict
from dondoc.record.models import Agency, Directive, Event, Subtask, SubtaskDependency, Task
from dondoc.record.workcalendar import WorkCalendar


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
    agency_ids = {a.code: a.id for a in session.exec(select(Agency)).all()}
    if directive is None:
        directive = Directive(
            number=number,
            registered_at=now,
            updated_at=now,
            flow_run_id=flow_run_id,
            **_directive_values(plan),
        )
        session.add(directive)
        session.flush()
        assert directive.id is not None
        tasks = _upsert_tasks(session, directive.id, plan, {})
        added = _add_subtasks(
            session, plan, plan.subtasks, tasks, agency_ids, now, actor, directive.id, calendar
        )
        _relink(session, plan, tasks, agency_ids, now)
        audit.record(
            session,
            actor=actor,
            action="directive.registered",
            at=now,
            directive_id=directive.id,
            tasks=len(plan.tasks),
            subtasks=added,
            flow_run_id=flow_run_id,
        )
        return _result(session, directive, "created", added=added)
    return _update(
        session, directive, plan, agency_ids, actor=actor, now=now, calendar=calendar, flow_run_id=flow_run_id
    )


def _upsert_tasks(
    session: Session, directive_id: int, plan: Plan, existing: dict[str, Task]
) -> dict[str, Task]:
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
    return tasks


def _add_subtasks(
    session: Session,
    plan: Plan,
    planned: list[PlannedSubtask],
    tasks: dict[str, Task],
    agency_ids: dict[str, int | None],
    now: dt.datetime,
    actor: Actor,
    directive_id: int,
    calendar: WorkCalendar,
) -> int:
    waiting = {dependent for dependent, _ in plan.dependencies}
    task_by_key = {t.key: t for t in plan.tasks}
    rows = []
    for sub in planned:
        due_at = end_of_local_day(sub.due_on) if sub.due_on else None
        policy_name = task_by_key[sub.task_key].policy_name
        status = SubtaskStatus.BLOCKED if sub.key in waiting else SubtaskStatus.PENDING
        policy = snapshot(plan.policies[policy_name])
        scheduled = schedule(
            policy=policy,
            status=status,
            due_at=due_at,
            cursor=0,
            action_due_at=None,
            now=now,
            calendar=calendar,
        )
        rows.append(
            {
                "task_id": tasks[sub.task_key].id,
                "agency_id": agency_ids[sub.agency_code],
                "role": sub.role,
                "status": status,
                "due_at": due_at,
                "original_due_at": due_at,
                "created_at": now,
                "updated_at": now,
                "policy_name": policy_name,
                "policy": policy,
                "action_cursor": scheduled.cursor,
                "action_due_at": scheduled.action_due_at,
                "next_action_at": scheduled.next_action_at,
            }
        )
    if not rows:
        return 0
    ids = session.scalars(
        insert(Subtask).returning(col(Subtask.id), sort_by_parameter_order=True), rows
    ).all()
    session.execute(
        insert(Event),
        audit.event_rows(
            actor=actor,
            action="subtask.created",
            at=now,
            directive_id=directive_id,
            subtask_ids=[i for i in ids if i is not None],
        ),
    )
    return len(ids)


def _subtask_ids(
    session: Session, directive_id: int, agency_codes: dict[int, str]
) -> dict[SubtaskKey, Subtask]:
    rows = session.exec(select(Subtask, Task.key).join(Task).where(Task.directive_id == directive_id)).all()
    return {(key, agency_codes[sub.agency_id]): sub for sub, key in rows}


def _relink(
    session: Session,
    plan: Plan,
    tasks: dict[str, Task],
    agency_ids: dict[str, int | None],
    now: dt.datetime,
) -> None:
    """Replace the directive's dependency edges with the plan's, then block or free each
    not-yet-started subtask by whether a prerequisite is still open."""
    codes = {v: k for k, v in agency_ids.items() if v is not None}
    directive_id = next(iter(tasks.values())).directive_id
    subs = _subtask_ids(session, directive_id, codes)
    ids = [s.id for s in subs.values()]
    session.execute(delete(SubtaskDependency).where(col(SubtaskDependency.subtask_id).in_(ids)))
    edges = [
        {"subtask_id": subs[dependent].id, "prerequisite_id": subs[prerequisite].id}
        for dependent, prerequisite in plan.dependencies
    ]
    if edges:
        session.execute(insert(SubtaskDependency), edges)
    open_prerequisites: dict[SubtaskKey, bool] = {}
    for dependent, prerequisite in plan.dependencies:
        still_open = subs[prerequisite].status is not SubtaskStatus.DONE
        open_prerequisites[dependent] = open_prerequisites.get(dependent, False) or still_open
    for key, sub in subs.items():
        if sub.status not in (SubtaskStatus.BLOCKED, SubtaskStatus.PENDING):
            continue
        wanted = SubtaskStatus.BLOCKED if open_prerequisites.get(key) else SubtaskStatus.PENDING
        if sub.status is not wanted:
            sub.status = wanted
            sub.updated_at = now
    session.flush()


def _update(
    session: Session,
    directive: Directive,
    plan: Plan,
    agency_ids: dict[str, int | None],
    *,
    actor: Actor,
    now: dt.datetime,
    calendar: WorkCalendar,
    flow_run_id: str | None,
) -> RegistrationResult:
    assert directive.id is not None
    for key, value in _directive_values(plan).items():
        setattr(directive, key, value)
    directive.updated_at = now
    existing_tasks = {
        t.key: t for t in session.exec(select(Task).where(Task.directive_id == directive.id)).all()
    }
    tasks = _upsert_tasks(session, directive.id, plan, existing_tasks)
    for key, task in existing_tasks.items():
        if key not in tasks:
            task.cancelled = True
    codes = {v: k for k, v in agency_ids.items() if v is not None}
    current = _subtask_ids(session, directive.id, codes)
    planned = {sub.key: sub for sub in plan.subtasks}
    counted_from_prerequisite = {t.key for t in plan.tasks if t.rule.after_prerequisite}

    cancelled = changed = 0
    for sub_key, sub in current.items():
        if sub_key not in planned:
            if sub.status.is_open:
                sub.status, sub.updated_at, sub.next_action_at = SubtaskStatus.CANCELLED, now, None
                audit.record(
                    session,
                    actor=actor,
                    action="subtask.cancelled",
                    at=now,
                    directive_id=directive.id,
                    subtask_id=sub.id,
                    reason="không còn trong văn bản cập nhật",
                )
                cancelled += 1
            continue
        if sub.status is SubtaskStatus.CANCELLED:
            sub.status = SubtaskStatus.PENDING
            audit.record(
                session,
                actor=actor,
                action="subtask.restored",
                at=now,
                directive_id=directive.id,
                subtask_id=sub.id,
            )
            changed += 1
        due_on = planned[sub_key].due_on
        new_due = end_of_local_day(due_on) if due_on else None
        extended = sub.due_at != sub.original_due_at
        if sub_key[0] in counted_from_prerequisite:
            continue  # its due date is set when the prerequisite completes
        if sub.status.is_open and not extended and sub.due_at != new_due:
            audit.record(
                session,
                actor=actor,
                action="subtask.due_changed",
                at=now,
                directive_id=directive.id,
                subtask_id=sub.id,
                old=sub.due_at.isoformat() if sub.due_at else None,
                new=new_due.isoformat() if new_due else None,
            )
            sub.due_at = sub.original_due_at = new_due
            sub.updated_at = now
            changed += 1
    new = [sub for key, sub in planned.items() if key not in current]
    added = _add_subtasks(session, plan, new, tasks, agency_ids, now, actor, directive.id, calendar)
    _relink(session, plan, tasks, agency_ids, now)
    # due dates and statuses may have changed above: the reminders follow
    for sub in _subtask_ids(session, directive.id, codes).values():
        reschedule(sub, now=now, calendar=calendar)
    audit.record(
        session,
        actor=actor,
        action="directive.updated",
        at=now,
        directive_id=directive.id,
        added=added,
        cancelled=cancelled,
        changed=changed,
        flow_run_id=flow_run_id,
    )
    directive.flow_run_id = flow_run_id or directive.flow_run_id
    return _result(session, directive, "updated", added=added, cancelled=cancelled, changed=changed)


def _result(
    session: Session,
    directive: Directive,
    status: Literal["created", "unchanged", "updated"],
    **counts: int,
) -> RegistrationResult:
    assert directive.id is not None
    task_count = len(
        session.exec(
            select(Task.id).where(Task.directive_id == directive.id, col(Task.cancelled).is_(False))
        ).all()
    )
    subtask_count = len(
        session.exec(
            select(Subtask.id)
            .join(Task)
            .where(Task.directive_id == directive.id, Subtask.status != SubtaskStatus.CANCELLED)
        ).all()
    )
    return RegistrationResult(directive.number, status, directive.id, task_count, subtask_count, **counts)
