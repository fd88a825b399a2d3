"""Escalation in the core, the first half of a sweep cycle (dondoc.cycle): take the subtasks whose
next action has come (an index range on next_action_at), advance each one's cursor and queue its
notifications in the same transaction. Cost follows the work due, not the number of open
subtasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, or_, select

from dondoc.escalation.interpreter import Action, decide
from dondoc.escalation.policies import StepKind, from_snapshot
from dondoc.escalation.recipients import resolve
from dondoc.notify.outbox import enqueue
from dondoc.record import audit
from dondoc.record.audit import Actor
from dondoc.record.clock import as_utc, to_local
from dondoc.record.enums import NotificationKind, Reminders, SubtaskStatus
from dondoc.record.models import Agency, Directive, Subtask, Task
from dondoc.record.workcalendar import WorkCalendar

BATCH_SIZE = 500


@dataclass
class EscalationResult:
    claimed: int = 0
    actions: int = 0
    queued: int = 0

    def add(self, other: EscalationResult) -> None:
        self.claimed += other.claimed
        self.actions += other.actions
        self.queued += other.queued


def claim_due(session: Session, *, now: dt.datetime, limit: int) -> list[int]:
    """Take up to `limit` subtasks whose time has come, by a conditional UPDATE: a second sweep
    running at once finds next_action_at already cleared (SQLite serialises the writers; on
    PostgreSQL the second UPDATE waits for the row, re-checks the WHERE and skips it). The rows
    get their new next_action_at before this transaction commits."""
    due_ids = (
        select(Subtask.id)
        .where(col(Subtask.next_action_at) <= now)
        .order_by(col(Subtask.next_action_at))
        .limit(limit)
    )
    claimed = session.execute(
        update(Subtask)
        .where(col(Subtask.next_action_at) <= now, col(Subtask.id).in_(due_ids.scalar_subquery()))
        .values(next_action_at=None)
        .returning(col(Subtask.id))
        .execution_options(synchronize_session=False)
    )
    return [row[0] for row in claimed]


def _kind_for(action: Action, recipient_code: str, assignee_code: str) -> NotificationKind:
    # telling anyone but the assignee that it is late is an escalation
    if action.kind is NotificationKind.OVERDUE and recipient_code != assignee_code:
        return NotificationKind.ESCALATION
    return action.kind


def dedup_key(subtask_id: int, action: Action, recipient_code: str, due_at: dt.datetime) -> str:
    """Subtask, step, repeat, recipient, and the due date they were computed for: after an
    extension the new date's reminders are new notifications."""
    return f"{subtask_id}|{action.label}|{recipient_code}|{to_local(due_at).date().isoformat()}"


def escalate_batch(
    session: Session, *, now: dt.datetime, calendar: WorkCalendar, limit: int = BATCH_SIZE
) -> EscalationResult:
    """One batch, in the caller's transaction (never commits)."""
    result = EscalationResult()
    ids = claim_due(session, now=now, limit=limit)
    result.claimed = len(ids)
    if not ids:
        return result
    # the directive comes along so the rows hold it: the session's identity map keeps objects
    # only while something refers to them, and each message names its directive
    rows = session.exec(
        select(Subtask, Task, Directive)
        .join(Task, col(Subtask.task_id) == Task.id)
        .join(Directive, col(Task.directive_id) == Directive.id)
        .where(col(Subtask.id).in_(ids))
        .order_by(col(Subtask.id))
        .execution_options(populate_existing=True)
    ).all()
    # the batch's assignees and the coordinators, not all of a province's thousands of agencies
    assignee_ids = {sub.agency_id for sub, _, _ in rows}
    agencies: dict[int | None, Agency] = {
        a.id: a
        for a in session.exec(
            select(Agency).where(or_(col(Agency.id).in_(assignee_ids), col(Agency.is_coordinator).is_(True)))
        ).all()
    }
    coordinators = [a.code for a in agencies.values() if a.is_coordinator]
    # an agency that chose the daily digest gets no message per item (reminders.gets_items); the
    # few that did, by code, since a step may tell agencies beyond the batch's assignees
    digest_only = set(
        session.exec(select(Agency.code).where(col(Agency.reminders) == Reminders.DIGEST)).all()
    )
    # the cursors are written in one batch at the end, not one UPDATE per queued message
    with session.no_autoflush:
        for sub, task, _directive in rows:
            _escalate_one(
                session,
                sub,
                task,
                agencies,
                coordinators,
                digest_only,
                now=now,
                calendar=calendar,
                result=result,
            )
    session.flush()
    return result


def _escalate_one(
    session: Session,
    sub: Subtask,
    task: Task,
    agencies: dict[int | None, Agency],
    coordinators: list[str],
    digest_only: set[str],
    *,
    now: dt.datetime,
    calendar: WorkCalendar,
    result: EscalationResult,
) -> None:
    """Advance one subtask's cursor and queue what its fired steps say, to whom they say it."""
    assert sub.id is not None
    due_at = as_utc(sub.due_at) if sub.due_at else None
    if due_at != (as_utc(sub.action_due_at) if sub.action_due_at else None):
        # the due date moved without a reschedule: the policy starts again for the new date
        sub.action_cursor, sub.action_due_at = 0, due_at
    policy = from_snapshot(sub.policy)
    decision = decide(
        policy=policy,
        status=SubtaskStatus(sub.status),
        due_at=due_at,
        cursor=sub.action_cursor,
        now=now,
        calendar=calendar,
    )
    sub.action_cursor = decision.cursor
    sub.next_action_at = decision.next_action_at
    assignee = agencies[sub.agency_id]
    told: set[str] = set()
    # latest action first: an agency named by two steps firing together gets one message,
    # the most recent news
    for action in reversed(decision.fire):
        assert due_at is not None
        result.actions += 1
        targets = resolve(
            action.step.notify,
            assignee_code=assignee.code,
            escalates_to_code=assignee.escalates_to_code,
            lead_code=task.lead_code,
            coordinator_codes=coordinators,
        )
        if action.step.kind is StepKind.OVERDUE:
            _record_lateness(session, sub, task, action, targets, assignee.code, now=now, due_at=due_at)
        for code in [c for c in targets if c not in told and c not in digest_only]:
            told.add(code)
            result.queued += enqueue(
                session,
                kind=_kind_for(action, code, assignee.code),
                recipient_code=code,
                dedup_key=dedup_key(sub.id, action, code, due_at),
                now=now,
                subtask_id=sub.id,
                step=action.label,
                calendar=calendar,
            )


def _record_lateness(
    session: Session,
    sub: Subtask,
    task: Task,
    action: Action,
    targets: list[str],
    assignee_code: str,
    *,
    now: dt.datetime,
    due_at: dt.datetime,
) -> None:
    """An overdue step is a transition of the subtask's life, so it goes to the audit log in the
    sweep's transaction: 'overdue' when only the assignee is told, 'escalated' when the step
    reaches beyond it (the body above, the lead, the coordinators)."""
    beyond = [code for code in targets if code != assignee_code]
    audit.record(
        session,
        actor=Actor.system(),
        action="subtask.escalated" if beyond else "subtask.overdue",
        at=now,
        directive_id=task.directive_id,
        subtask_id=sub.id,
        step=action.label,
        due=to_local(due_at).date().isoformat(),
        told=beyond,
    )
