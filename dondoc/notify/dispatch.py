"""The dispatcher: sends a page of the outbox through Apprise (async, bounded concurrency),
records each outcome, retries failures with exponential backoff and, after the last attempt,
reports the failure to the coordinators.

A page is claimed first, in its own short transaction, by pushing next_attempt_at forward (a
lease): a second dispatcher does not see those rows, and rows of a dispatcher that died come
back when the lease ends."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import apprise
from apprise import plugins as apprise_plugins
from sqlalchemy import bindparam, update
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
# sends at once to one server: a district's agencies mostly share one mail relay or webhook host,
# which should not see a whole page at once
PER_TARGET = 8
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
    """A claimed row, as sent and then recorded: what the outcome's UPDATE and a failure report
    need is kept here, so recording a page reads nothing again."""

    id: int
    title: str
    body: str
    attempts: int = 0
    recipient_code: str = ""
    subtask_id: int | None = None
    step: str = ""
    row_title: str = ""
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
        out = _Outgoing(
            row.id, row.title, row.body, row.attempts, row.recipient_code, row.subtask_id, row.step, row.title
        )
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


def target_of(url: str) -> str:
    """The server a URL sends to (scheme, host and port, without credentials or path): the sends
    to one server are bounded together, however many agencies share it."""
    scheme, _, rest = url.partition("://")
    server = rest.split("/", 1)[0].split("?", 1)[0].rpartition("@")[2]
    return f"{scheme}://{server.lower()}"


class Senders:
    """A page's sends: at most `per_target` at once to one server (a webhook host, a mail relay),
    `concurrency` in all, and each URL parsed once a page (parsing one costs Apprise about a third
    of a local send). A plugin object is still made per message: a shared one would share its
    throttle (Apprise's default: one request per 5.5 s)."""

    def __init__(self, *, concurrency: int, per_target: int) -> None:
        self.total = asyncio.Semaphore(concurrency)
        self.per_target = per_target
        self.targets: dict[str, asyncio.Semaphore] = {}
        self.parsed: dict[str, dict[str, Any] | None] = {}

    def sender(self, urls: list[str]) -> tuple[apprise.Apprise | None, str]:
        """An Apprise object for these URLs, or None and the URL that is not valid."""
        sender = apprise.Apprise()
        for url in urls:
            if url not in self.parsed:
                self.parsed[url] = apprise_plugins.url_to_dict(url)
            parsed = self.parsed[url]
            plugin = apprise.Apprise.instantiate(dict(parsed)) if parsed else None
            if plugin is None or not sender.add(plugin):
                return None, url
        return sender, ""

    @asynccontextmanager
    async def slot(self, urls: list[str]) -> AsyncIterator[None]:
        """The targets' slots first, in one order (no two sends wait on each other), then the
        page's: a send waiting for a busy server holds no slot another server could use."""
        targets = sorted({target_of(url) for url in urls})
        async with AsyncExitStack() as stack:
            for target in targets:
                limit = self.targets.setdefault(target, asyncio.Semaphore(self.per_target))
                await stack.enter_async_context(limit)
            await stack.enter_async_context(self.total)
            yield


async def _send(out: _Outgoing, senders: Senders) -> None:
    """One notification to every URL of its recipient; Apprise's own log lines become the error.
    Its per-call log capture (AppriseResult.logs) is used rather than apprise.LogCapture, which
    hooks the shared logger and would mix the errors of concurrent sends."""
    if out.skip_reason or out.error:
        return
    sender, invalid = senders.sender(out.urls)
    if sender is None:
        out.error = "địa chỉ Apprise không hợp lệ: " + invalid.split(":", 1)[0] + "://…"
        return
    async with senders.slot(out.urls):
        # the body is text (an agency's note may hold markup): Apprise then escapes it for an
        # HTML target and keeps its line breaks, instead of sending it as live HTML
        result = await sender.async_notify(
            title=out.title, body=out.body, body_format=apprise.NotifyFormat.TEXT
        )
    if not result:
        lines = [entry.message for entry in result.logs()]
        out.error = " | ".join(dict.fromkeys(lines)) or f"Apprise: {result.status.name}"


_OUTBOX: Any = Notification.__table__  # type: ignore[attr-defined]
# a page's outcomes, one statement per kind of outcome (executed for all its rows at once)
_MARK_SENT = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id.in_(bindparam("ids", expanding=True)))
    .values(
        status=NotificationStatus.SENT.value,
        sent_at=bindparam("now"),
        last_error=None,
        attempts=_OUTBOX.c.attempts + 1,
    )
)
_MARK_SKIPPED = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("b_id"))
    .values(status=NotificationStatus.SKIPPED.value, last_error=bindparam("b_error"))
)
_MARK_RETRY = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("b_id"))
    .values(
        attempts=_OUTBOX.c.attempts + 1, last_error=bindparam("b_error"), next_attempt_at=bindparam("b_at")
    )
)
_MARK_FAILED = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("b_id"))
    .values(
        status=NotificationStatus.FAILED.value,
        attempts=_OUTBOX.c.attempts + 1,
        last_error=bindparam("b_error"),
    )
)


def _record(
    session: Session, outs: list[_Outgoing], *, now: dt.datetime, max_attempts: int
) -> DispatchResult:
    """The page's outcomes, each group in one statement: sent, skipped, to retry, failed."""
    result = DispatchResult(claimed=len(outs))
    sent = [o.id for o in outs if not o.skip_reason and o.error is None]
    skipped = [{"b_id": o.id, "b_error": o.skip_reason} for o in outs if o.skip_reason]
    retry, failed = [], []
    for out in outs:
        if out.skip_reason or out.error is None:
            continue
        out.attempts += 1
        if out.attempts < max_attempts:
            # what would retry at night waits for the morning, like everything else
            retry_at = now + min(BACKOFF * 2 ** (out.attempts - 1), BACKOFF_CAP)
            retry.append(
                {"b_id": out.id, "b_error": out.error, "b_at": out_of_quiet_hours(retry_at, QuietHours())}
            )
        else:
            failed.append(out)
    connection = session.connection()
    if sent:
        connection.execute(_MARK_SENT, {"ids": sent, "now": now})
    for statement, params in (
        (_MARK_SKIPPED, skipped),
        (_MARK_RETRY, retry),
        (_MARK_FAILED, [{"b_id": o.id, "b_error": o.error} for o in failed]),
    ):
        if params:
            connection.execute(statement, params)
    reports = [o for o in failed if o.step != DELIVERY_FAILED]
    if reports:
        coordinators = list(
            session.exec(select(Agency.code).where(col(Agency.is_coordinator).is_(True))).all()
        )
        for out in reports:
            _report_failure(session, out, coordinators, now=now)
    result.sent, result.skipped, result.retrying, result.failed = (
        len(sent),
        len(skipped),
        len(retry),
        len(failed),
    )
    return result


def _report_failure(session: Session, out: _Outgoing, coordinators: list[str], *, now: dt.datetime) -> None:
    """Tell the coordinators that an agency could not be reached (never about a report itself,
    or a broken coordinator address would loop)."""
    for code in coordinators:
        enqueue(
            session,
            kind=NotificationKind.INFO,
            recipient_code=code,
            dedup_key=f"failed|{out.id}|{code}",
            now=now,
            subtask_id=out.subtask_id,
            step=DELIVERY_FAILED,
            payload={
                "subject": f"[Lỗi gửi thông báo] Không gửi được tới {out.recipient_code}",
                "reason": (
                    f"Thông báo #{out.id} ({out.row_title}) gửi {out.recipient_code} thất bại sau "
                    f"{out.attempts} lần thử, lần cuối lúc {format_datetime(as_utc(now))}. "
                    f"Lỗi: {out.error}"
                ),
            },
        )


async def dispatch_page(
    db: Sessions,
    *,
    now: dt.datetime,
    limit: int = PAGE_SIZE,
    concurrency: int = CONCURRENCY,
    per_target: int = PER_TARGET,
    max_attempts: int = MAX_ATTEMPTS,
) -> DispatchResult:
    """Claim, send and record one page of ready notifications."""
    with db.session() as session:
        ids = claim_page(session, now=now, limit=limit)
    if not ids:
        return DispatchResult()
    with db.session() as session:
        outs = _prepare(session, ids)
    senders = Senders(concurrency=concurrency, per_target=per_target)
    await asyncio.gather(*(_send(out, senders) for out in outs))
    with db.session() as session:
        return _record(session, outs, now=now, max_attempts=max_attempts)
