"""Every portal action, once, for both the web forms and the REST API: one transaction each,
calling the core. Routes only parse input and shape output."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlmodel import Session

from dondoc.context import Context
from dondoc.portal.received import Upload
from dondoc.record import clock
from dondoc.record.enums import SubtaskStatus
from dondoc.record.errors import DondocError
from dondoc.record.models import Subtask
from dondoc.work import evidence, extensions, followups
from dondoc.work.access import Principal
from dondoc.work.actions import WORKING, acknowledge, complete, report_progress
from dondoc.work.assignment import cancel, reassign
from dondoc.work.review import confirm, return_for_redo

# creates the Prefect flow run of a follow-up, scheduled for its time; returns the run's id
Scheduler = Callable[[int, dt.datetime], str]
T = TypeVar("T")


class SchedulingFailed(DondocError):
    """The orchestrator could not be reached: nothing was recorded, try again later."""


@dataclass
class Outcome:
    subtask_id: int
    message: str
    freed: list[int] = field(default_factory=list)
    record_id: int | None = None


def _run_action(
    action: Callable[..., T],
    ctx: Context,
    principal: Principal,
    subtask_id: int,
    *,
    source: str,
    **inputs: Any,
) -> T:
    """Run a core action on the subtask in a transaction of its own, as the principal, now."""
    with ctx.session() as session:
        return action(
            session,
            subtask_id=subtask_id,
            actor=principal.actor(source),
            now=clock.now(),
            calendar=ctx.calendar,
            **inputs,
        )


@contextmanager
def _transaction(ctx: Context, session: Session | None) -> Iterator[Session]:
    """The caller's session when it has one (it commits), else a transaction of its own."""
    if session is not None:
        yield session
        return
    with ctx.session() as own:
        yield own


def ack(ctx: Context, principal: Principal, subtask_id: int, *, source: str) -> Outcome:
    with ctx.session() as session:
        acknowledge(session, subtask_id=subtask_id, actor=principal.actor(source), now=clock.now())
    return Outcome(subtask_id, "Đã tiếp nhận việc.")


def progress(ctx: Context, principal: Principal, subtask_id: int, *, source: str, note: str) -> Outcome:
    _run_action(report_progress, ctx, principal, subtask_id, source=source, note=note)
    return Outcome(subtask_id, "Đã ghi nhận tiến độ.")


def done(
    ctx: Context,
    principal: Principal,
    subtask_id: int,
    *,
    source: str,
    note: str | None,
    uploads: Sequence[Upload] = (),
    session: Session | None = None,
) -> Outcome:
    """`session`: the request's own, which signed the caller in and commits the whole."""
    if len(uploads) > evidence.MAX_FILES:
        raise DondocError(f"gửi tối đa {evidence.MAX_FILES} tệp minh chứng mỗi lần")
    # checked before anything is written; stored only once the action is allowed
    checked = [evidence.check(u.filename, u.data) for u in uploads]
    with _transaction(ctx, session) as session:
        freed = complete(
            session,
            subtask_id=subtask_id,
            actor=principal.actor(source),
            now=clock.now(),
            calendar=ctx.calendar,
            note=note,
            evidence=checked,
        )
        for stored, upload in zip(checked, uploads, strict=True):
            evidence.save(ctx.settings.home, stored, upload.data)
    message = (
        "Đã hoàn thành." if principal.is_coordinator else "Đã báo hoàn thành, chờ bộ phận điều phối xác nhận."
    )
    return Outcome(subtask_id, message, freed)


def confirm_done(
    ctx: Context, principal: Principal, subtask_id: int, *, source: str, note: str | None = None
) -> Outcome:
    freed = _run_action(confirm, ctx, principal, subtask_id, source=source, note=note)
    return Outcome(subtask_id, "Đã xác nhận hoàn thành.", freed)


def return_done(ctx: Context, principal: Principal, subtask_id: int, *, source: str, reason: str) -> Outcome:
    _run_action(return_for_redo, ctx, principal, subtask_id, source=source, reason=reason)
    return Outcome(subtask_id, "Đã trả lại để thực hiện lại.")


def request_extension(
    ctx: Context, principal: Principal, subtask_id: int, *, source: str, reason: str, proposed_on: dt.date
) -> Outcome:
    request = _run_action(
        extensions.request_extension,
        ctx,
        principal,
        subtask_id,
        source=source,
        reason=reason,
        proposed_on=proposed_on,
    )
    return Outcome(subtask_id, "Đã gửi đề nghị gia hạn.", record_id=request.id)


def approve_extension(
    ctx: Context,
    principal: Principal,
    subtask_id: int,
    *,
    source: str,
    due_on: dt.date | None = None,
    note: str | None = None,
) -> Outcome:
    request = _run_action(
        extensions.approve_extension, ctx, principal, subtask_id, source=source, due_on=due_on, note=note
    )
    return Outcome(
        subtask_id, f"Đã đồng ý gia hạn đến {clock.format_date(request.granted_on)}.", record_id=request.id
    )


def reject_extension(
    ctx: Context, principal: Principal, subtask_id: int, *, source: str, reason: str
) -> Outcome:
    request = _run_action(
        extensions.reject_extension, ctx, principal, subtask_id, source=source, reason=reason
    )
    return Outcome(subtask_id, "Đã không đồng ý gia hạn.", record_id=request.id)


def reassign_to(
    ctx: Context,
    principal: Principal,
    subtask_id: int,
    *,
    source: str,
    agency: str,
    reason: str | None = None,
) -> Outcome:
    _run_action(
        reassign, ctx, principal, subtask_id, source=source, agency_code=agency.strip(), reason=reason
    )
    return Outcome(subtask_id, f"Đã giao lại cho {agency.strip()}.")


def cancel_subtask(
    ctx: Context, principal: Principal, subtask_id: int, *, source: str, reason: str
) -> Outcome:
    freed = _run_action(cancel, ctx, principal, subtask_id, source=source, reason=reason)
    return Outcome(subtask_id, "Đã hủy việc.", freed)


def follow_up(
    ctx: Context,
    principal: Principal,
    subtask_id: int,
    *,
    source: str,
    at: dt.datetime,
    message: str | None,
    scheduler: Scheduler,
) -> Outcome:
    """Record the follow-up and create its scheduled flow run in one go: if the orchestrator
    cannot take it, the record is rolled back and the coordinator told to try again."""
    with ctx.session() as session:
        record = followups.schedule_follow_up(
            session,
            subtask_id=subtask_id,
            actor=principal.actor(source),
            now=clock.now(),
            remind_at=at,
            message=message,
        )
        assert record.id is not None
        try:
            run_id = scheduler(record.id, clock.as_utc(record.remind_at))
        except Exception as exc:
            raise SchedulingFailed(
                f"không tạo được lịch nhắc trên Prefect ({type(exc).__name__}): thử lại sau"
            ) from exc
        followups.record_flow_run(session, follow_up=record, flow_run_id=run_id)
        record_id = record.id
        when = clock.format_datetime(record.remind_at)
    return Outcome(subtask_id, f"Đã hẹn đôn đốc lúc {when}.", record_id=record_id)


def available(principal: Principal, sub: Subtask, *, pending_extension: bool) -> set[str]:
    """The actions the signed-in principal may take on this subtask now (forms to show)."""
    status = SubtaskStatus(sub.status)
    if principal.is_coordinator:
        allowed = set()
        if status is SubtaskStatus.AWAITING_CONFIRMATION:
            allowed |= {"confirm", "return"}
        if status in WORKING:
            allowed.add("done")
        if pending_extension and status.is_open:
            allowed |= {"extension/approve", "extension/reject"}
        if status in (*WORKING, SubtaskStatus.BLOCKED):
            allowed.add("reassign")
        if status.is_open:
            allowed.add("cancel")
        if status not in followups.SETTLED:
            allowed.add("follow-up")
        return allowed
    allowed = set()
    if sub.acknowledged_at is None and status in (*WORKING, SubtaskStatus.BLOCKED):
        allowed.add("ack")
    if status in WORKING:
        allowed |= {"progress", "done"}
        if sub.due_at is not None and not pending_extension:
            allowed.add("extension")
    return allowed
