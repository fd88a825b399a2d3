"""Follow-ups ("hẹn đôn đốc"): a coordinator picks a moment; a Prefect flow run scheduled for it
reminds the agency then, unless the subtask has been reported done by that time.

The row is the record; the flow run is only the alarm clock, so firing twice reminds once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlmodel import Session, col, select

from dondoc.notify import notices
from dondoc.record import audit
from dondoc.record.audit import Actor
from dondoc.record.clock import as_utc, format_datetime
from dondoc.record.enums import NotificationKind, SubtaskStatus
from dondoc.record.errors import Conflict, DondocError, NotFound
from dondoc.record.models import FollowUp, Subtask, Task
from dondoc.record.roles import require_coordinator
from dondoc.work.actions import load_for_action, require_text
from dondoc.work.transitions import claim

SCHEDULED = "scheduled"
REMINDED = "reminded"
SKIPPED = "skipped"
STATUS_LABELS = {SCHEDULED: "Đã hẹn", REMINDED: "Đã nhắc", SKIPPED: "Không cần nhắc (đã xong)"}
# no reminder once the agency has reported it done, or it no longer needs doing
SETTLED = (SubtaskStatus.AWAITING_CONFIRMATION, SubtaskStatus.DONE, SubtaskStatus.CANCELLED)
UNSETTLED = tuple(s for s in SubtaskStatus if s not in SETTLED)
MAX_AHEAD = dt.timedelta(days=366 * 2)
# a worker starts a scheduled run a few seconds early (it prefetches): that is still on time
EARLY_GRACE = dt.timedelta(minutes=2)


def schedule_follow_up(
    session: Session,
    *,
    subtask_id: int,
    actor: Actor,
    now: dt.datetime,
    remind_at: dt.datetime,
    message: str | None = None,
) -> FollowUp:
    """Record the follow-up; the caller then creates its flow run and stores the run's id."""
    sub, task = load_for_action(session, subtask_id, actor)
    require_coordinator(actor, "chỉ bộ phận điều phối được hẹn đôn đốc")
    text = require_text(message, "nội dung nhắc", required=False)
    at = as_utc(remind_at)
    if at <= now:
        raise DondocError(
            f"Thời điểm nhắc: {format_datetime(at)} đã qua (bây giờ là {format_datetime(now)}); chọn một lúc sau đó"
        )
    if at > now + MAX_AHEAD:
        raise DondocError(f"Thời điểm nhắc: {format_datetime(at)} quá xa (tối đa 2 năm)")
    if SubtaskStatus(sub.status) in SETTLED:
        raise Conflict(
            f"việc con #{subtask_id} đang ở trạng thái '{SubtaskStatus(sub.status).label}', không cần đôn đốc"
        )
    # a double click must not book the same moment twice: the claim makes the second request
    # wait for the first's commit, so the check after it sees the first's follow-up
    claim(session, sub, allowed=UNSETTLED, what="hẹn đôn đốc", updated_at=now)
    _require_not_booked(session, subtask_id, at)
    assert sub.id is not None
    follow_up = FollowUp(subtask_id=sub.id, remind_at=at, message=text, created_by=actor.code, created_at=now)
    session.add(follow_up)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="subtask.follow_up_scheduled",
        at=now,
        directive_id=task.directive_id,
        subtask_id=sub.id,
        follow_up_id=follow_up.id,
        remind_at=format_datetime(at),
        note=text,
    )
    return follow_up


def _require_not_booked(session: Session, subtask_id: int, at: dt.datetime) -> None:
    booked = session.exec(
        select(FollowUp.id).where(
            FollowUp.subtask_id == subtask_id, FollowUp.remind_at == at, FollowUp.status == SCHEDULED
        )
    ).first()
    if booked is not None:
        raise Conflict(f"việc con #{subtask_id} đã có lịch hẹn đôn đốc #{booked} lúc {format_datetime(at)}")


def _claim_firing(session: Session, follow_up: FollowUp, status: str, now: dt.datetime) -> bool:
    """Mark the follow-up fired only if it is still scheduled: two runs firing it at once
    remind once."""
    won = session.execute(
        update(FollowUp)
        .where(col(FollowUp.id) == follow_up.id, col(FollowUp.status) == SCHEDULED)
        .values(status=status, fired_at=now)
        .returning(col(FollowUp.id))
        .execution_options(synchronize_session=False)
    ).first()
    session.refresh(follow_up)
    return won is not None


def fire(session: Session, *, follow_up_id: int, now: dt.datetime) -> str:
    """Remind the agency unless the subtask is settled; returns the follow-up's status after.

    Safe to run twice: only a follow-up still scheduled does anything."""
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None:
        raise NotFound(f"không có lịch hẹn đôn đốc #{follow_up_id}")
    if follow_up.status != SCHEDULED:
        return follow_up.status
    if now + EARLY_GRACE < as_utc(follow_up.remind_at):
        raise Conflict(
            f"lịch hẹn #{follow_up_id} là lúc {format_datetime(follow_up.remind_at)}, chưa đến giờ"
        )
    sub = session.get(Subtask, follow_up.subtask_id)
    task = session.get(Task, sub.task_id) if sub else None
    assert sub is not None and task is not None
    settled = SubtaskStatus(sub.status) in SETTLED
    if not _claim_firing(session, follow_up, SKIPPED if settled else REMINDED, now):
        return follow_up.status
    event = audit.record_at_once(
        session,
        actor=Actor.system(),
        action="subtask.follow_up_skipped" if settled else "subtask.follow_up_reminded",
        at=now,
        directive_id=task.directive_id,
        subtask_id=sub.id,
        follow_up_id=follow_up_id,
    )
    if not settled:
        notices.tell_owner(
            session,
            event=event,
            subtask=sub,
            now=now,
            kind=NotificationKind.FOLLOW_UP,
            subject="",
            note=follow_up.message,
        )
    return follow_up.status


def record_flow_run(session: Session, *, follow_up: FollowUp, flow_run_id: str) -> None:
    follow_up.flow_run_id = flow_run_id
    session.add(follow_up)


def for_subtask(session: Session, subtask_id: int) -> list[FollowUp]:
    return list(
        session.exec(
            select(FollowUp).where(FollowUp.subtask_id == subtask_id).order_by(col(FollowUp.id))
        ).all()
    )
