"""The dispatcher: sends a page of the outbox through Apprise (async, bounded concurrency),
records each outcome, retries failures with exponential backoff and, after the last attempt,
reports the failure to the coordinators.

A page is claimed first, in its own short transaction, by pushing next_attempt_at forward (a
lease): a second dispatcher does not see those rows, and rows of a dispatcher that died come
back when the lease ends."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field

import apprise
from sqlalchemy import update
from sqlmodel import Session, col, select

from dondoc.notify import filetarget  # noqa: F401  (registers the dondocfile:// schema with Apprise)
from dondoc.notify.outbox import enqueue
from dondoc.notify.quiet_hours import QuietHours, out_of_quiet_hours
from dondoc.notify.targets import MissingVariable, route
from dondoc.record.clock import as_utc, format_datetime, iso_local
from dondoc.record.db import Sessions
from dondoc.record.enums import CHASED_STATUSES, NotificationKind, NotificationStatus, SubtaskStatus
from dondoc.record.models import Agency, Notification, Subtask

PAGE_SIZE = 200
CONCURRENCY = 16
# a mail server down for a morning loses nothing: the waits double from 2 minutes up to an hour,
# so the 10th and last attempt comes some five hours after the first
MAX_ATTEMPTS = 10
BACKOFF = dt.timedelta(minutes=2)  # then 4, 8, 16, 32, then every hour
BACKOFF_CAP = dt.timedelta(hours=1)
LEASE = dt.timedelta(minutes=10)
DELIVERY_FAILED = "delivery_failed"

# the policy-driven kinds speak of a subtask still being chased at a given due date
_CHASING = frozenset(
    {NotificationKind.REMINDER, NotificationKind.DUE, NotificationKind.OVERDUE, NotificationKind.ESCALATION}
)


@dataclass
class DispatchResult:
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0

    def add(self, other: DispatchResult) -> None:
        for name in ("claimed", "sent", "retrying", "failed", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def more_ready(self, page_size: int) -> bool:
        """A full page may have left more behind; a final failure queued reports to send now."""
        return self.claimed >= page_size or self.failed > 0


@dataclass
class _Outgoing:
    id: int
    title: str
    body: str
    urls: list[str] = field(default_factory=list)
    skip_reason: str | None = None
    error: str | None = None


def claim_page(session: Session, *, now: dt.datetime, limit: int) -> list[int]:
    """Conditional UPDATE of the ready rows: only rows still pending and ready are taken."""
    ready = (
        select(Notification.id)
        .where(Notification.status == NotificationStatus.PENDING, col(Notification.next_attempt_at) <= now)
        .order_by(col(Notification.next_attempt_at), col(Notification.id))
        .limit(limit)
    )
    taken = session.execute(
        update(Notification)
        .where(
            col(Notification.status) == NotificationStatus.PENDING,
            col(Notification.next_attempt_at) <= now,
            col(Notification.id).in_(ready.scalar_subquery()),
        )
        .values(next_attempt_at=now + LEASE)
        .returning(col(Notification.id))
        .execution_options(synchronize_session=False)
    )
    return [row[0] for row in taken]


def skip_reason(row: Notification, subtask: Subtask | None) -> str | None:
    """Checked just before sending: the world may have moved since the row was queued."""
    if subtask is None:
        return None
    status = SubtaskStatus(subtask.status)
    if NotificationKind(row.kind) in _CHASING:
        if status not in CHASED_STATUSES:
            return f"việc con đã chuyển sang '{status.label}'"
        if row.payload.get("due_at", iso_local(subtask.due_at)) != iso_local(subtask.due_at):
            return "hạn đã thay đổi"
    elif row.kind == NotificationKind.FOLLOW_UP and not status.is_open:
        return f"việc con đã chuyển sang '{status.label}'"
    return None


def _prepare(session: Session, ids: list[int]) -> list[_Outgoing]:
    rows = session.exec(select(Notification).where(col(Notification.id).in_(ids))).all()
    codes = {r.recipient_code for r in rows}
    agencies = {a.code: a for a in session.exec(select(Agency).where(col(Agency.code).in_(codes))).all()}
    sub_ids = {r.subtask_id for r in rows if r.subtask_id is not None}
    subtasks = {s.id: s for s in session.exec(select(Subtask).where(col(Subtask.id).in_(sub_ids))).all()}
    prepared = []
    for row in rows:
        assert row.id is not None
        out = _Outgoing(row.id, row.title, row.body)
        out.skip_reason = skip_reason(row, subtasks.get(row.subtask_id) if row.subtask_id else None)
        agency = agencies.get(row.recipient_code)
        try:
            target = route(
                agency.notify if agency else [],
                recipient_code=row.recipient_code,
                recipient_name=agency.name if agency else row.recipient_code,
            )
        except MissingVariable as exc:
            out.error = str(exc)
        else:
            out.urls, out.title = target.urls, target.title_prefix + row.title
            if not out.urls:
                out.error = f"cơ quan {row.recipient_code} không có địa chỉ nhận thông báo"
        prepared.append(out)
    return prepared


async def _send(out: _Outgoing, limit: asyncio.Semaphore) -> None:
    """One notification to every URL of its recipient; Apprise's own log lines become the error.
    Its per-call log capture (AppriseResult.logs) is used rather than apprise.LogCapture, which
    hooks the shared logger and would mix the errors of concurrent sends."""
    if out.skip_reason or out.error:
        return
    sender = apprise.Apprise()
    for url in out.urls:
        if not sender.add(url):
            out.error = "địa chỉ Apprise không hợp lệ: " + url.split(":", 1)[0] + "://…"
            return
    async with limit:
        # the body is text (an agency's note may hold markup): Apprise then escapes it for an
        # HTML target and keeps its line breaks, instead of sending it as live HTML
        result = await sender.async_notify(
            title=out.title, body=out.body, body_format=apprise.NotifyFormat.TEXT
        )
    if not result:
        lines = [entry.message for entry in result.logs()]
        out.error = " | ".join(dict.fromkeys(lines)) or f"Apprise: {result.status.name}"


def _record(
    session: Session, outs: list[_Outgoing], *, now: dt.datetime, max_attempts: int
) -> DispatchResult:
    result = DispatchResult(claimed=len(outs))
    rows = {
        r.id: r
        for r in session.exec(select(Notification).where(col(Notification.id).in_([o.id for o in outs])))
    }
    for out in outs:
        row = rows[out.id]
        if out.skip_reason:
            row.status, row.last_error = NotificationStatus.SKIPPED, out.skip_reason
            result.skipped += 1
            continue
        row.attempts += 1
        if out.error is None:
            row.status, row.sent_at, row.last_error = NotificationStatus.SENT, now, None
            result.sent += 1
            continue
        row.last_error = out.error
        if row.attempts < max_attempts:
            # what would retry at night waits for the morning, like everything else
            retry_at = now + min(BACKOFF * 2 ** (row.attempts - 1), BACKOFF_CAP)
            row.next_attempt_at = out_of_quiet_hours(retry_at, QuietHours())
            result.retrying += 1
            continue
        row.status = NotificationStatus.FAILED
        result.failed += 1
        if row.step != DELIVERY_FAILED:
            _report_failure(session, row, now=now)
    return result


def _report_failure(session: Session, row: Notification, *, now: dt.datetime) -> None:
    """Tell the coordinators that an agency could not be reached (never about a report itself,
    or a broken coordinator address would loop)."""
    coordinators = session.exec(select(Agency.code).where(Agency.is_coordinator == True)).all()  # noqa: E712
    for code in coordinators:
        enqueue(
            session,
            kind=NotificationKind.INFO,
            recipient_code=code,
            dedup_key=f"failed|{row.id}|{code}",
            now=now,
            subtask_id=row.subtask_id,
            step=DELIVERY_FAILED,
            payload={
                "subject": f"[Lỗi gửi thông báo] Không gửi được tới {row.recipient_code}",
                "reason": (
                    f"Thông báo #{row.id} ({row.title}) gửi {row.recipient_code} thất bại sau "
                    f"{row.attempts} lần thử, lần cuối lúc {format_datetime(as_utc(now))}. "
                    f"Lỗi: {row.last_error}"
                ),
            },
        )


async def dispatch_page(
    db: Sessions,
    *,
    now: dt.datetime,
    limit: int = PAGE_SIZE,
    concurrency: int = CONCURRENCY,
    max_attempts: int = MAX_ATTEMPTS,
) -> DispatchResult:
    """Claim, send and record one page of ready notifications."""
    with db.session() as session:
        ids = claim_page(session, now=now, limit=limit)
    if not ids:
        return DispatchResult()
    with db.session() as session:
        outs = _prepare(session, ids)
    limit_sends = asyncio.Semaphore(concurrency)
    await asyncio.gather(*(_send(out, limit_sends) for out in outs))
    with db.session() as session:
        return _record(session, outs, now=now, max_attempts=max_attempts)
