"""A coordinator changes who does a subtask, or whether it is done at all."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from dondoc.directives.registry import CODE_PATTERN, registry_from_db
from dondoc.escalation.interpreter import reschedule
from dondoc.notify import notices
from dondoc.record.audit import Actor
from dondoc.record.enums import OPEN_STATUSES, SubtaskStatus
from dondoc.record.errors import Conflict, DondocError
from dondoc.record.models import Agency, Subtask
from dondoc.record.roles import require_coordinator
from dondoc.record.workcalendar import WorkCalendar
from dondoc.work.actions import (
    WORKING,
    load_for_action,
    release_dependents,
    require_text,
)
from dondoc.work.transitions import claim


def _agency_named(session: Session, agency_code: str) -> Agency:
    # a code is letters, digits and dashes: anything else is no agency (and never reaches SQL,
    # where PostgreSQL refuses a NUL outright)
    well_formed = CODE_PATTERN.match(agency_code) is not None
    target = session.exec(select(Agency).where(Agency.code == agency_code)).first() if well_formed else None
    if target is None:
        near = registry_from_db(session).suggest(agency_code)
        raise DondocError(
            f"cơ quan: không có '{agency_code}'" + (f"; gần nhất: {', '.join(near)}" if near else "")
        )
    return target


def _require_reassignable(session: Session, sub: Subtask, status: SubtaskStatus, target: Agency) -> None:
    """Open work, to an agency it is not already with, which has no subtask of that task yet."""
    if status not in (*WORKING, SubtaskStatus.BLOCKED):
        raise Conflict(f"việc con #{sub.id} đang ở trạng thái '{status.label}', không giao lại được")
    if target.id == sub.agency_id:
        raise Conflict(f"việc con #{sub.id} đang giao cho {target.code}")
    taken = session.exec(
        select(Subtask.id).where(Subtask.task_id == sub.task_id, col(Subtask.agency_id) == target.id)
    ).first()
    if taken is not None:
        raise Conflict(f"{target.code} đã có việc con #{taken} của cùng nhiệm vụ")


def reassign(
    session: Session,
    *,
    subtask_id: int,
    actor: Actor,
    now: dt.datetime,
    calendar: WorkCalendar,
    agency_code: str,
    reason: str | None = None,
) -> Subtask:
    """Hand the subtask to another agency, which starts from receipt again."""
    sub, task = load_for_action(session, subtask_id, actor)
    require_coordinator(actor, "chỉ bộ phận điều phối được giao lại việc")
    text = require_text(reason, "lý do", required=False)
    target = _agency_named(session, agency_code)
    status = SubtaskStatus(sub.status)
    _require_reassignable(session, sub, status, target)
    previous = session.get(Agency, sub.agency_id)
    assert previous is not None and target.id is not None
    claim(
        session,
        sub,
        allowed=[status],
        what="giao lại",
        # two coordinators handing it to two agencies at once: the second finds it moved
        also=[col(Subtask.agency_id) == previous.id],
        agency_id=target.id,
        acknowledged_at=None,
        completed_at=None,
        status=status if status is SubtaskStatus.BLOCKED else SubtaskStatus.PENDING,
        updated_at=now,
    )
    reschedule(sub, now=now, calendar=calendar)
    notices.record_and_tell_owner(
        session,
        actor=actor,
        action="subtask.reassigned",
        subtask=sub,
        directive_id=task.directive_id,
        detail={"previous": previous.code, "to": target.code, "reason": text},
        now=now,
        calendar=calendar,
        subject=f"[Giao việc] Việc con #{sub.id} được giao cho {target.name}",
        reason=f"Trước đây giao cho {previous.name}." + (f" Lý do: {text}" if text else ""),
    )
    return sub


def cancel(
    session: Session, *, subtask_id: int, actor: Actor, now: dt.datetime, calendar: WorkCalendar, reason: str
) -> list[int]:
    """Cancel a subtask that is no longer needed; what waited for it goes ahead. Returns the
    dependents it frees."""
    sub, task = load_for_action(session, subtask_id, actor)
    require_coordinator(actor, "chỉ bộ phận điều phối được hủy việc")
    text = require_text(reason, "lý do hủy")
    status = SubtaskStatus(sub.status)
    if not status.is_open:
        raise Conflict(f"việc con #{subtask_id} đang ở trạng thái '{status.label}', không hủy được")
    claim(
        session,
        sub,
        allowed=OPEN_STATUSES,
        what="hủy",
        status=SubtaskStatus.CANCELLED,
        updated_at=now,
    )
    reschedule(sub, now=now, calendar=calendar)
    notices.record_and_tell_owner(
        session,
        actor=actor,
        action="subtask.cancelled",
        subtask=sub,
        directive_id=task.directive_id,
        detail={"reason": text},
        now=now,
        calendar=calendar,
        subject=f"[Hủy việc] Việc con #{sub.id} không còn phải thực hiện",
        reason=f"Lý do: {text}",
    )
    return release_dependents(session, subtask_id=subtask_id, now=now, calendar=calendar)
