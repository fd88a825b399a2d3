"""More time: an agency asks with a reason and a date; a coordinator approves or rejects.
An approval moves due_at and keeps original_due_at, which the statistics still use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from dondoc.escalation.interpreter import reschedule
from dondoc.notify import notices
from dondoc.record import audit
from dondoc.record.audit import Actor
from dondoc.record.clock import end_of_local_day, format_date, local_today, to_local
from dondoc.record.enums import SubtaskStatus
from dondoc.record.errors import Conflict, DondocError
from dondoc.record.models import ExtensionRequest, Subtask
from dondoc.record.roles import require_coordinator
from dondoc.record.workcalendar import WorkCalendar
from dondoc.work.actions import (
    WORKING,
    load_for_action,
    require_agency_voice,
    require_text,
)
from dondoc.work.transitions import claim

PENDING = "pending"
APPROVED = "approved"
REJECTED = "rejected"
STATUS_LABELS = {PENDING: "Chờ duyệt", APPROVED: "Đã đồng ý", REJECTED: "Không đồng ý"}


def pending_request(session: Session, subtask_id: int) -> ExtensionRequest | None:
    return session.exec(
        select(ExtensionRequest).where(
            ExtensionRequest.subtask_id == subtask_id, ExtensionRequest.status == PENDING
        )
    ).first()


def requests_for(session: Session, subtask_id: int) -> list[ExtensionRequest]:
    return list(
        session.exec(
            select(ExtensionRequest)
            .where(ExtensionRequest.subtask_id == subtask_id)
            .order_by(col(ExtensionRequest.id))
        ).all()
    )


def _require_none_pending(session: Session, subtask_id: int) -> None:
    if pending_request(session, subtask_id) is not None:
        raise Conflict(f"việc con #{subtask_id} đã có đề nghị gia hạn đang chờ duyệt")


def _claim_decision(session: Session, request: ExtensionRequest, **values: Any) -> None:
    """Decide the request only if it is still pending: of two coordinators deciding at once, the
    second is told it has been decided."""
    won = session.execute(
        update(ExtensionRequest)
        .where(col(ExtensionRequest.id) == request.id, col(ExtensionRequest.status) == PENDING)
        .values(**values)
        .returning(col(ExtensionRequest.id))
        .execution_options(synchronize_session=False)
    ).first()
    if won is None:
        session.refresh(request)
        label = STATUS_LABELS.get(request.status, request.status)
        raise Conflict(f"đề nghị gia hạn của việc con #{request.subtask_id} đã được quyết định ({label})")
    for name, value in values.items():
        set_committed_value(request, name, value)


def _check_new_date(sub: Subtask, day: dt.date, *, now: dt.datetime, field: str) -> None:
    """A new due date moves the deadline forward and lies ahead: a day already past would make
    the subtask overdue the moment it is granted. `field` is the form's label, named in the error."""
    assert sub.due_at is not None
    current = to_local(sub.due_at).date()
    today = local_today(now)
    if day < today:
        raise DondocError(
            f"{field}: ngày {format_date(day)} đã qua (hôm nay {format_date(today)}); chọn từ hôm nay trở đi"
        )
    if day <= current:
        raise DondocError(f"{field}: ngày {format_date(day)} phải sau hạn hiện tại {format_date(current)}")
    if day.year > current.year + 5:
        raise DondocError(f"{field}: ngày {format_date(day)} quá xa (tối đa 5 năm)")


def request_extension(
    session: Session,
    *,
    subtask_id: int,
    actor: Actor,
    now: dt.datetime,
    calendar: WorkCalendar,
    reason: str,
    proposed_on: dt.date,
) -> ExtensionRequest:
    sub, task = load_for_action(session, subtask_id, actor)
    require_agency_voice(actor, "đề nghị gia hạn")
    text = require_text(reason, "lý do")
    assert text is not None
    if SubtaskStatus(sub.status) not in WORKING:
        raise Conflict(
            f"việc con #{subtask_id} đang ở trạng thái '{SubtaskStatus(sub.status).label}', không thể đề nghị gia hạn"
        )
    if sub.due_at is None:
        raise Conflict(f"việc con #{subtask_id} không có thời hạn, không cần gia hạn")
    _require_none_pending(session, subtask_id)
    _check_new_date(sub, proposed_on, now=now, field="Đến ngày")
    # two requests at once both found none pending: the claim makes the second wait for the
    # first's commit, and the check repeated after it then sees the first's request
    claim(session, sub, allowed=WORKING, what="đề nghị gia hạn", updated_at=now)
    _require_none_pending(session, subtask_id)
    assert sub.id is not None
    request = ExtensionRequest(
        subtask_id=sub.id, requested_by=actor.code, requested_at=now, reason=text, proposed_on=proposed_on
    )
    session.add(request)
    event = audit.record_at_once(
        session,
        actor=actor,
        action="subtask.extension_requested",
        at=now,
        directive_id=task.directive_id,
        subtask_id=sub.id,
        reason=text,
        proposed_on=proposed_on.isoformat(),
    )
    notices.tell_coordinators(
        session,
        event=event,
        subtask=sub,
        now=now,
        calendar=calendar,
        subject=f"[Đề nghị gia hạn] {actor.code}: việc con #{sub.id} đến {format_date(proposed_on)}",
        reason=f"Lý do: {text}",
    )
    return request


def _decide(
    session: Session, subtask_id: int, actor: Actor, what: str
) -> tuple[Subtask, int, ExtensionRequest]:
    sub, task = load_for_action(session, subtask_id, actor)
    require_coordinator(actor, f"chỉ bộ phận điều phối được {what}")
    request = pending_request(session, subtask_id)
    if request is None:
        raise Conflict(f"việc con #{subtask_id} không có đề nghị gia hạn nào đang chờ duyệt")
    return sub, task.directive_id, request


def approve_extension(
    session: Session,
    *,
    subtask_id: int,
    actor: Actor,
    now: dt.datetime,
    calendar: WorkCalendar,
    due_on: dt.date | None = None,
    note: str | None = None,
) -> ExtensionRequest:
    """Grant the proposed date, or another one the coordinator sets."""
    sub, directive_id, request = _decide(session, subtask_id, actor, "duyệt gia hạn")
    text = require_text(note, "ghi chú", required=False)
    granted = due_on or request.proposed_on
    if sub.due_at is None or not SubtaskStatus(sub.status).is_open:
        raise Conflict(f"việc con #{subtask_id} không còn gia hạn được")
    _check_new_date(sub, granted, now=now, field="Hạn mới" if due_on else "Hạn mới (theo đề nghị)")
    _claim_decision(
        session,
        request,
        status=APPROVED,
        decided_by=actor.code,
        decided_at=now,
        granted_on=granted,
        decision_note=text,
    )
    previous = sub.due_at
    sub.original_due_at = sub.original_due_at or previous
    sub.due_at = end_of_local_day(granted)
    sub.updated_at = now
    reschedule(sub, now=now, calendar=calendar)
    notices.record_and_tell_owner(
        session,
        actor=actor,
        action="subtask.extension_approved",
        subtask=sub,
        directive_id=directive_id,
        detail={"previous_due": format_date(previous), "due": format_date(granted), "note": text},
        now=now,
        calendar=calendar,
        subject=f"[Đồng ý gia hạn] Việc con #{sub.id}: hạn mới {format_date(granted)}",
        note=text,
    )
    return request


def reject_extension(
    session: Session, *, subtask_id: int, actor: Actor, now: dt.datetime, calendar: WorkCalendar, reason: str
) -> ExtensionRequest:
    sub, directive_id, request = _decide(session, subtask_id, actor, "từ chối gia hạn")
    text = require_text(reason, "lý do")
    _claim_decision(
        session, request, status=REJECTED, decided_by=actor.code, decided_at=now, decision_note=text
    )
    notices.record_and_tell_owner(
        session,
        actor=actor,
        action="subtask.extension_rejected",
        subtask=sub,
        directive_id=directive_id,
        detail={"reason": text},
        now=now,
        calendar=calendar,
        subject=f"[Không đồng ý gia hạn] Việc con #{sub.id}: giữ hạn {format_date(sub.due_at)}",
        reason=f"Lý do: {text}",
    )
    return request
