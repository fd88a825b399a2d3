"""Escalation in the core, the first half of a sweep cycle (dondoc.cycle): take the subtasks whose
next action has come (an index range on next_action_at), advance each one's cursor and queue its
notifications in the same transaction. Cost follows the work due, not the number of open
subtasks."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, Text, bindparam, cast, insert, update
from sqlalchemy import select as select_columns  # any number of columns, as Core rows
from sqlmodel import Session, col, or_, select

from dondoc.escalation.interpreter import Action, Plans, decide
from dondoc.escalation.policies import StepKind
from dondoc.escalation.recipients import resolve
from dondoc.notify.messages import SubtaskFacts, facts_context
from dondoc.notify.outbox import enqueue_rows, outbox_row
from dondoc.notify.quiet_hours import out_of_quiet_hours, quiet_hours_of
from dondoc.record.audit import Actor
from dondoc.record.clock import as_utc, local_date
from dondoc.record.enums import NotificationKind, Reminders, SubtaskStatus
from dondoc.record.models import Agency, Directive, Event, Subtask, Task
from dondoc.record.settings import portal_url_from_env
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
    return f"{subtask_id}|{action.label}|{recipient_code}|{local_date(due_at).isoformat()}"


@dataclass
class _Advance:
    """One subtask of a batch, advanced: its new cursor, and for each fired action whom it names
    (for the audit row) and whom it tells now (for the outbox)."""

    row: Row[Any]
    policy_key: str
    due_at: dt.datetime | None
    cursor: dict[str, Any]
    sends: list[tuple[Action, list[str], list[str]]] = field(default_factory=list)


# the batch's cursors in one statement, executed for all its rows (executemany)
_SUBTASK: Any = Subtask.__table__  # type: ignore[attr-defined]
_EVENT: Any = Event.__table__  # type: ignore[attr-defined]
_ADVANCE = (
    update(_SUBTASK)
    .where(_SUBTASK.c.id == bindparam("b_id"))
    .values(
        action_cursor=bindparam("b_cursor"),
        action_due_at=bindparam("b_due"),
        next_action_at=bindparam("b_next"),
    )
)


def escalate_batch(
    session: Session, *, now: dt.datetime, calendar: WorkCalendar, limit: int = BATCH_SIZE
) -> EscalationResult:
    """One batch, in the caller's transaction (never commits), set-based: the claim, three reads
    (the subtasks with their task, directive and assignee; the coordinators and digest-only
    agencies; the recipients' names), then one statement each for the cursors, the audit rows
    and the outbox rows, whatever the batch's size."""
    result = EscalationResult()
    ids = claim_due(session, now=now, limit=limit)
    result.claimed = len(ids)
    if not ids:
        return result
    rows = _read_batch(session, ids)
    coordinators, digest_only = _coordinators_and_digest_only(session)
    plans = Plans(calendar)
    advanced = [_advance(row, plans, coordinators, digest_only, now=now) for row in rows]
    session.connection().execute(_ADVANCE, [a.cursor for a in advanced])
    events = [e for a in advanced for e in _lateness_events(a, now=now)]
    if events:
        session.connection().execute(insert(_EVENT), events)
    result.actions = sum(len(a.sends) for a in advanced)
    result.queued = enqueue_rows(session, _outbox_rows(session, advanced, now=now, calendar=calendar))
    return result


def _read_batch(session: Session, ids: list[int]) -> Sequence[Row[Any]]:
    """The claimed subtasks with what their messages name, as Core rows (no ORM objects)."""
    return session.execute(
        select_columns(
            col(Subtask.id),
            col(Subtask.role),
            col(Subtask.status),
            col(Subtask.due_at),
            col(Subtask.original_due_at),
            # as its text: the batch's few distinct snapshots are parsed once each
            cast(col(Subtask.policy), Text).label("policy"),
            col(Subtask.action_cursor),
            col(Subtask.action_due_at),
            col(Task.directive_id),
            col(Task.text),
            col(Task.lead_code),
            col(Directive.number),
            col(Directive.kind),
            col(Directive.issued_on),
            col(Agency.code),
            col(Agency.name),
            col(Agency.escalates_to_code),
        )
        .join(Task, col(Subtask.task_id) == Task.id)
        .join(Directive, col(Task.directive_id) == Directive.id)
        .join(Agency, col(Subtask.agency_id) == Agency.id)
        .where(col(Subtask.id).in_(ids))
        .order_by(col(Subtask.id))
    ).all()


def _coordinators_and_digest_only(session: Session) -> tuple[list[str], set[str]]:
    """The coordinators, and the agencies that chose the daily digest (reminders.gets_items): they
    get no message per item. A step may tell agencies beyond the batch's assignees, so the few
    digest-only ones are read by code, not a province's thousands of agencies."""
    found = session.execute(
        select(Agency.code, Agency.is_coordinator, Agency.reminders)
        .where(or_(col(Agency.is_coordinator).is_(True), col(Agency.reminders) == Reminders.DIGEST))
        .order_by(col(Agency.id))
    ).all()
    return [r.code for r in found if r.is_coordinator], {
        r.code for r in found if r.reminders == Reminders.DIGEST
    }


def _advance(
    row: Row[Any], plans: Plans, coordinators: list[str], digest_only: set[str], *, now: dt.datetime
) -> _Advance:
    """Where the subtask's cursor moves, and to whom each fired step speaks."""
    due_at = as_utc(row.due_at) if row.due_at else None
    cursor, action_due_at = row.action_cursor, row.action_due_at
    if due_at != (as_utc(action_due_at) if action_due_at else None):
        # the due date moved without a reschedule: the policy starts again for the new date
        cursor, action_due_at = 0, due_at
    key, policy = plans.policy(row.policy)
    decision = decide(
        policy=policy,
        status=SubtaskStatus(row.status),
        due_at=due_at,
        cursor=cursor,
        now=now,
        calendar=plans.calendar,
        actions=plans.actions(key, due_at) if due_at is not None else None,
    )
    advanced = _Advance(
        row,
        key,
        due_at,
        {
            "b_id": row.id,
            "b_cursor": decision.cursor,
            "b_due": action_due_at,
            "b_next": decision.next_action_at,
        },
    )
    told: set[str] = set()
    # latest action first: an agency named by two steps firing together gets one message,
    # the most recent news
    for action in reversed(decision.fire):
        targets = resolve(
            action.step.notify,
            assignee_code=row.code,
            escalates_to_code=row.escalates_to_code,
            lead_code=row.lead_code,
            coordinator_codes=coordinators,
        )
        tell = [c for c in targets if c not in told and c not in digest_only]
        told.update(tell)
        advanced.sends.append((action, targets, tell))
    return advanced


def _lateness_events(advanced: _Advance, *, now: dt.datetime) -> list[dict[str, Any]]:
    """An overdue step is a transition of the subtask's life, so it goes to the audit log in the
    sweep's transaction: 'overdue' when only the assignee is told, 'escalated' when the step
    reaches beyond it (the body above, the lead, the coordinators)."""
    row, system = advanced.row, Actor.system()
    events = []
    for action, targets, _ in advanced.sends:
        if action.step.kind is not StepKind.OVERDUE:
            continue
        assert advanced.due_at is not None
        beyond = [code for code in targets if code != row.code]
        detail = {"step": action.label, "due": local_date(advanced.due_at).isoformat(), "told": beyond}
        events.append(
            {
                "at": now,
                "actor": system.code,
                "action": "subtask.escalated" if beyond else "subtask.overdue",
                "source": system.source,
                "directive_id": row.directive_id,
                "subtask_id": row.id,
                "detail": detail,
            }
        )
    return events


def _outbox_rows(
    session: Session, batch: list[_Advance], *, now: dt.datetime, calendar: WorkCalendar
) -> list[dict[str, Any]]:
    """Every message of the batch, rendered, in subtask order; the recipients' names in one read."""
    codes = {code for a in batch for _, _, tell in a.sends for code in tell}
    if not codes:
        return []
    names = dict(session.execute(select(Agency.code, Agency.name).where(col(Agency.code).in_(codes))).all())
    link = portal_url_from_env()
    quiet: dict[str, dt.datetime] = {}
    rows = []
    for advanced in batch:
        if not any(tell for _, _, tell in advanced.sends):
            continue
        row, due_at = advanced.row, advanced.due_at
        assert due_at is not None
        context = facts_context(_facts(row), now=now, portal_url=link, calendar=calendar)
        key = advanced.policy_key
        if key not in quiet:
            quiet[key] = out_of_quiet_hours(now, quiet_hours_of(json.loads(key)))
        for action, _, tell in advanced.sends:
            rows += [
                outbox_row(
                    kind=_kind_for(action, code, row.code),
                    recipient_code=code,
                    recipient_name=names.get(code, code),
                    dedup_key=dedup_key(row.id, action, code, due_at),
                    context=context,
                    payload=None,
                    subtask_id=row.id,
                    due_at=row.due_at,
                    step=action.label,
                    now=now,
                    ready_at=quiet[key],
                )
                for code in tell
            ]
    return rows


def _facts(row: Row[Any]) -> SubtaskFacts:
    return SubtaskFacts(
        id=row.id,
        role=row.role,
        status=row.status,
        due_at=row.due_at,
        original_due_at=row.original_due_at,
        item=row.text,
        directive_number=row.number,
        directive_kind=row.kind,
        issued_on=row.issued_on,
        agency_name=row.name,
        agency_code=row.code,
    )
