"""What an agency does with its subtasks: acknowledge, report progress, report completion.

Each action checks who acts, writes the audit log in the same transaction, queues the
notifications it implies, and never commits: the caller owns the transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from dondoc.directives.duerules import parse_due_rule
from dondoc.escalation.interpreter import reschedule, rescheduled
from dondoc.notify import notices
from dondoc.record import audit
from dondoc.record.agency_tree import tree
from dondoc.record.audit import Actor
from dondoc.record.clock import end_of_local_day, local_today
from dondoc.record.enums import SubtaskStatus
from dondoc.record.errors import Conflict, DondocError, Forbidden, NotFound
from dondoc.record.models import Agency, Directive, Subtask, SubtaskDependency, Task
from dondoc.record.text import nfc, without_bidi
from dondoc.record.workcalendar import WorkCalendar
from dondoc.work.evidence import StoredFile, attach
from dondoc.work.permissions import require_act
from dondoc.work.transitions import claim, refusal

# statuses in which the agency is still working on it
WORKING = (
    SubtaskStatus.PENDING,
    SubtaskStatus.ACKNOWLEDGED,
    SubtaskStatus.IN_PROGRESS,
    SubtaskStatus.RETURNED,
)
TEXT_LIMIT = 4000


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
    require_act(actor, tree(session).by_code.get(actor.code), owner, subtask_id)
    return sub, task


def require_text(value: str | None, field: str, *, required: bool = True) -> str | None:
    # typed on a phone or a Mac, Vietnamese may arrive decomposed: store one form (NFC)
    # direction overrides would make the words show in another order than they were written
    text = without_bidi(nfc(value or "")).strip()
    # control characters are nobody's words, and PostgreSQL cannot store a NUL at all
    control = next((ch for ch in text if (ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 127), None)
    if control is not None:
        raise DondocError(f"{field}: có ký tự điều khiển không hợp lệ (U+{ord(control):04X})")
    if required and not text:
        raise DondocError(f"{field}: cần nhập nội dung")
    if len(text) > TEXT_LIMIT:
        raise DondocError(f"{field}: dài quá {TEXT_LIMIT} ký tự")
    return text or None


def require_agency_voice(actor: Actor, what: str) -> None:
    """Acknowledging, reporting progress and asking for time are the assigned agency's to say."""
    if actor.is_coordinator:
        raise Forbidden(f"{what} là việc của cơ quan được giao (hoặc cơ quan cấp trên trực tiếp)")


def _status(sub: Subtask) -> SubtaskStatus:
    return SubtaskStatus(sub.status)


def acknowledge(session: Session, *, subtask_id: int, actor: Actor, now: dt.datetime) -> Subtask:
    """The agency confirms it has received the assignment (a blocked one too: it knows what comes)."""
    sub, task = load_for_action(session, subtask_id, actor)
    require_agency_voice(actor, "tiếp nhận")
    if sub.acknowledged_at is not None:
        raise Conflict(f"việc con #{subtask_id} đã được tiếp nhận")
    status = _status(sub)
    if status not in (*WORKING, SubtaskStatus.BLOCKED):
        raise refusal(sub, "tiếp nhận")
    claim(
        session,
        sub,
        allowed=[status],
        what="tiếp nhận",
        also=[col(Subtask.acknowledged_at).is_(None)],
        status=SubtaskStatus.ACKNOWLEDGED if status is SubtaskStatus.PENDING else status,
        acknowledged_at=now,
        updated_at=now,
    )
    audit.record(
        session,
        actor=actor,
        action="subtask.acknowledged",
        at=now,
        directive_id=task.directive_id,
        subtask_id=sub.id,
    )
    return sub


def report_progress(
    session: Session, *, subtask_id: int, actor: Actor, now: dt.datetime, calendar: WorkCalendar, note: str
) -> Subtask:
    sub, task = load_for_action(session, subtask_id, actor)
    require_agency_voice(actor, "báo cáo tiến độ")
    text = require_text(note, "tiến độ")
    if _status(sub) not in WORKING:
        raise refusal(sub, "báo cáo tiến độ")
    claim(
        session,
        sub,
        allowed=WORKING,
        what="báo cáo tiến độ",
        status=SubtaskStatus.IN_PROGRESS,
        acknowledged_at=sub.acknowledged_at or now,
        note=text,
        updated_at=now,
    )
    reschedule(sub, now=now, calendar=calendar)
    audit.record(
        session,
        actor=actor,
        action="subtask.progress",
        at=now,
        directive_id=task.directive_id,
        subtask_id=sub.id,
        note=text,
    )
    return sub


def complete(
    session: Session,
    *,
    subtask_id: int,
    actor: Actor,
    now: dt.datetime,
    calendar: WorkCalendar,
    note: str | None = None,
    evidence: Sequence[StoredFile] = (),
) -> list[int]:
    """Report a subtask done; returns the ids of the dependents it frees.

    An agency's report waits for a coordinator's confirmation (completed_at is the moment of the
    report, which the on-time statistics use once confirmed) and frees nothing yet; a
    coordinator marking it done closes it at once."""
    sub, task = load_for_action(session, subtask_id, actor)
    text = require_text(note, "ghi chú", required=False)
    if _status(sub) not in WORKING:
        raise refusal(sub, "báo hoàn thành")
    # without a note of its own, the last progress note stays as it is in the row
    own_note: dict[str, Any] = {"note": text} if text else {}
    status = SubtaskStatus.DONE if actor.is_coordinator else SubtaskStatus.AWAITING_CONFIRMATION
    claim(
        session,
        sub,
        allowed=WORKING,
        what="báo hoàn thành",
        status=status,
        completed_at=now,
        acknowledged_at=sub.acknowledged_at or now,
        updated_at=now,
        # the sweep's cursor in the same UPDATE: one write of the row, not two
        **rescheduled(sub, status, now=now, calendar=calendar),
        **own_note,
    )
    assert sub.id is not None
    files = attach(session, subtask_id=sub.id, files=evidence, actor=actor, now=now)
    event = audit.record_at_once(
        session,
        actor=actor,
        action="subtask.done",
        at=now,
        directive_id=task.directive_id,
        subtask_id=sub.id,
        note=text,
        evidence=[{"sha256": f.sha256, "filename": f.filename} for f in files],
        confirmed=actor.is_coordinator,
    )
    if actor.is_coordinator:
        return release_dependents(session, subtask_id=subtask_id, now=now, calendar=calendar)
    notices.tell_coordinators(
        session,
        event=event,
        subtask=sub,
        now=now,
        calendar=calendar,
        subject=f"[Báo hoàn thành] {actor.code}: việc con #{sub.id}, chờ xác nhận",
        note=text,
    )
    return []


def release_dependents(
    session: Session, *, subtask_id: int, now: dt.datetime, calendar: WorkCalendar
) -> list[int]:
    """Free each dependent whose prerequisites are now all done or cancelled (a cancelled
    prerequisite no longer holds anyone back); a due date counted from the prerequisite starts
    today.

    Each dependent is locked before its prerequisites are counted (in id order, so two of these
    never wait on each other): two prerequisites closed at the same moment on PostgreSQL would
    otherwise each see the other still open and free nothing. SQLite serialises them anyway."""
    dependent_ids = session.exec(
        select(SubtaskDependency.subtask_id)
        .where(SubtaskDependency.prerequisite_id == subtask_id)
        .order_by(col(SubtaskDependency.subtask_id))
    ).all()
    freed: list[int] = []
    for dependent_id in dependent_ids:
        dependent = session.get(Subtask, dependent_id, with_for_update=True, populate_existing=True)
        open_left = session.exec(
            select(Subtask.id)
            .join(SubtaskDependency, col(SubtaskDependency.prerequisite_id) == Subtask.id)
            .where(
                SubtaskDependency.subtask_id == dependent_id,
                col(Subtask.status).not_in([SubtaskStatus.DONE, SubtaskStatus.CANCELLED]),
            )
        ).first()
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
        reschedule(dependent, now=now, calendar=calendar)
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
