"""A coordinator's answer to a reported completion: confirm it, or return it for redo."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session

from dondoc.escalation.interpreter import reschedule
from dondoc.notify import notices
from dondoc.record.audit import Actor
from dondoc.record.enums import SubtaskStatus
from dondoc.record.errors import Conflict
from dondoc.record.models import Subtask
from dondoc.record.roles import require_coordinator
from dondoc.record.workcalendar import WorkCalendar
from dondoc.work.actions import load_for_action, release_dependents, require_text
from dondoc.work.transitions import claim


def _require_awaiting_confirmation(sub: Subtask, refusal: str) -> None:
    if sub.status is not SubtaskStatus.AWAITING_CONFIRMATION:
        raise Conflict(f"việc con #{sub.id} đang ở trạng thái '{SubtaskStatus(sub.status).label}', {refusal}")


def _claim_awaiting(session: Session, sub: Subtask, what: str, **values: Any) -> None:
    claim(session, sub, allowed=[SubtaskStatus.AWAITING_CONFIRMATION], what=what, **values)


def confirm(
    session: Session,
    *,
    subtask_id: int,
    actor: Actor,
    now: dt.datetime,
    calendar: WorkCalendar,
    note: str | None = None,
) -> list[int]:
    """Close a reported completion; timeliness counts from the report, not from this moment.
    Returns the dependents it frees."""
    sub, task = load_for_action(session, subtask_id, actor)
    require_coordinator(actor, "chỉ bộ phận điều phối được xác nhận hoàn thành")
    text = require_text(note, "ghi chú", required=False)
    _require_awaiting_confirmation(sub, "không có báo cáo hoàn thành nào chờ xác nhận")
    _claim_awaiting(session, sub, "xác nhận hoàn thành", status=SubtaskStatus.DONE, updated_at=now)
    reschedule(sub, now=now, calendar=calendar)
    notices.record_and_tell_owner(
        session,
        actor=actor,
        action="subtask.confirmed",
        subtask=sub,
        directive_id=task.directive_id,
        detail={"note": text},
        now=now,
        calendar=calendar,
        subject=f"[Đã xác nhận] Việc con #{sub.id} được xác nhận hoàn thành",
        note=text,
    )
    return release_dependents(session, subtask_id=subtask_id, now=now, calendar=calendar)


def return_for_redo(
    session: Session, *, subtask_id: int, actor: Actor, now: dt.datetime, calendar: WorkCalendar, reason: str
) -> None:
    sub, task = load_for_action(session, subtask_id, actor)
    require_coordinator(actor, "chỉ bộ phận điều phối được trả lại kết quả")
    text = require_text(reason, "lý do trả lại")
    _require_awaiting_confirmation(sub, "chỉ trả lại được kết quả đang chờ xác nhận")
    _claim_awaiting(session, sub, "trả lại", status=SubtaskStatus.RETURNED, completed_at=None, updated_at=now)
    reschedule(sub, now=now, calendar=calendar)
    notices.record_and_tell_owner(
        session,
        actor=actor,
        action="subtask.returned",
        subtask=sub,
        directive_id=task.directive_id,
        detail={"reason": text},
        now=now,
        calendar=calendar,
        subject=f"[Trả lại] Việc con #{sub.id}: đề nghị thực hiện lại",
        reason=f"Lý do trả lại: {text}",
    )
