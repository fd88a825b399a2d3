"""Changes to subtasks. Each checks who acts, writes the audit log in the same transaction,
and never commits: the caller owns the transaction."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from dondoc import audit
from dondoc.audit import Actor
from dondoc.clock import end_of_local_day, local_today
from dondoc.duerules import parse_due_rule
from dondoc.enums import SubtaskStatus
from dondoc.errors import Conflict, NotFound
from dondoc.models import Agency, Directive, Subtask, SubtaskDependency, Task
from dondoc.permissions import require_act
from dondoc.workcalendar import WorkCalendar


def load_for_action(session: Session, subtask_id: int, actor: Actor) -> tuple[Subtask, Task]:
    found = session.exec(
        select(Subtask, Task, Agency)
        .join(Task, col(Subtask.task_id) == Task.id)
        .join(Agency, col(Subtask.agency_id) == Agency.id)
        .where(Subtask.id == subtask_id)
    ).first()
    if found is None:
        raise NotFound(f"không có việc con #{subtask_id}")
    sub, task, owner = found
    actor_agency = session.exec(select(Agency).where(Agency.code == actor.code)).first()
    require_act(actor, actor_agency, owner, subtask_id)
    return sub, task


def complete(
    session: Session,
    *,
    subtask_id: int,
    actor: Actor,
    now: dt.datetime,
    calendar: WorkCalendar,
    note: str | None = None,
) -> list[int]:
    """Mark a subtask done; returns the ids of the dependents it frees."""
    sub, task = load_for_action(session, subtask_id, actor)
    if sub.status is SubtaskStatus.BLOCKED:
        raise Conflict(f"việc con #{subtask_id} đang chờ việc trước hoàn thành, chưa thể báo xong")
    if not SubtaskStatus(sub.status).is_open:
        raise Conflict(f"việc con #{subtask_id} đã ở trạng thái '{SubtaskStatus(sub.status).label}'")
    sub.status = SubtaskStatus.DONE
    sub.completed_at = now
    sub.updated_at = now
    sub.next_action_at = None
    if note:
        sub.note = note
    audit.record(
        session,
        actor=actor,
        action="subtask.done",
        at=now,
        directive_id=task.directive_id,
        subtask_id=sub.id,
        note=note,
    )
    return release_dependents(session, subtask_id=subtask_id, now=now, calendar=calendar)


def release_dependents(
    session: Session, *, subtask_id: int, now: dt.datetime, calendar: WorkCalendar
) -> list[int]:
    """Free each dependent whose prerequisites are now all done; a due date counted from the
    prerequisite starts today."""
    dependent_ids = session.exec(
        select(SubtaskDependency.subtask_id).where(SubtaskDependency.prerequisite_id == subtask_id)
    ).all()
    freed: list[int] = []
    for dependent_id in dependent_ids:
        open_left = session.exec(
            select(Subtask.id)
            .join(SubtaskDependency, col(SubtaskDependency.prerequisite_id) == Subtask.id)
            .where(SubtaskDependency.subtask_id == dependent_id, Subtask.status != SubtaskStatus.DONE)
        ).first()
        dependent = session.get(Subtask, dependent_id)
        if open_left is not None or dependent is None or dependent.status is not SubtaskStatus.BLOCKED:
            continue
        task = session.get(Task, dependent.task_id)
        directive = session.get(Directive, task.directive_id) if task else None
        assert task is not None and directive is not None
        dependent.status = SubtaskStatus.PENDING
        dependent.updated_at = now
        rule = parse_due_rule(task.due_rule)
        if rule.after_prerequisite:
            due_on = rule.resolve(directive.issued_on, calendar, anchor_day=local_today(now))
            dependent.due_at = dependent.original_due_at = end_of_local_day(due_on) if due_on else None
        audit.record(
            session,
            actor=Actor.system(),
            action="subtask.unblocked",
            at=now,
            directive_id=task.directive_id,
            subtask_id=dependent_id,
            after=subtask_id,
        )
        freed.append(dependent_id)
    return freed
