"""The outbox: notifications are written in the transaction of the change that causes them and
sent later by the dispatcher. A unique dedup key makes queueing the same thing twice a no-op."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from dondoc.notify.messages import empty_context, render, subtask_context
from dondoc.notify.quiet_hours import out_of_quiet_hours, quiet_hours_of
from dondoc.record.clock import iso_local
from dondoc.record.enums import NotificationKind, NotificationStatus
from dondoc.record.models import Agency, Notification, Subtask
from dondoc.record.settings import portal_url_from_env
from dondoc.record.workcalendar import WorkCalendar


def _agency(session: Session, code: str) -> Agency | None:
    """Read once per transaction and code: a sweep queues hundreds of messages to a few dozen
    agencies, and a province has thousands, so a completion's notice must not read them all."""
    cached: dict[str, Agency | None] = session.info.setdefault("agencies_by_code", {})
    if code not in cached:
        cached[code] = session.exec(select(Agency).where(Agency.code == code)).first()
    return cached[code]


def enqueue(
    session: Session,
    *,
    kind: NotificationKind,
    recipient_code: str,
    dedup_key: str,
    now: dt.datetime,
    subtask_id: int | None = None,
    step: str = "",
    payload: dict[str, Any] | None = None,
    calendar: WorkCalendar | None = None,
) -> bool:
    """Queue one notification to one agency in the caller's transaction (never commits).

    False, and nothing written, when `dedup_key` is already queued (the insert's ON CONFLICT
    decides, so a concurrent sweep cannot slip a duplicate in between a check and the insert). `payload` carries what the
    template names beyond the subtask (reason, note, subject, message); it is kept on the row.
    Nothing leaves during quiet hours: the row waits for their end."""
    recipient = _agency(session, recipient_code)
    subtask = session.get(Subtask, subtask_id) if subtask_id is not None else None
    context = (
        subtask_context(session, subtask, now=now, portal_url=portal_url_from_env(), calendar=calendar)
        if subtask is not None
        else empty_context()
    )
    row = outbox_row(
        kind=kind,
        recipient_code=recipient_code,
        recipient_name=recipient.name if recipient else recipient_code,
        dedup_key=dedup_key,
        context=context,
        payload=payload,
        subtask_id=subtask_id,
        due_at=subtask.due_at if subtask is not None else None,
        step=step,
        now=now,
        ready_at=out_of_quiet_hours(now, quiet_hours_of(subtask.policy if subtask else None)),
    )
    return enqueue_rows(session, [row]) == 1


def outbox_row(
    *,
    kind: NotificationKind,
    recipient_code: str,
    recipient_name: str,
    dedup_key: str,
    context: dict[str, Any],
    payload: dict[str, Any] | None,
    subtask_id: int | None,
    due_at: dt.datetime | None,
    step: str,
    now: dt.datetime,
    ready_at: dt.datetime,
) -> dict[str, Any]:
    """One outbox row, its message rendered; `ready_at` is when it may leave (after quiet hours)."""
    extra = dict(payload or {})
    title, body = render(kind, {**context, "recipient": recipient_name, "extra": extra})
    if subtask_id is not None:
        # the due date the message speaks of: the dispatcher skips it if the due date moved since
        extra.setdefault("due_at", iso_local(due_at))
    return {
        "subtask_id": subtask_id,
        "kind": kind.value,
        "step": step,
        "recipient_code": recipient_code,
        "status": NotificationStatus.PENDING.value,
        "attempts": 0,
        "dedup_key": dedup_key,
        "title": title,
        "body": body,
        "payload": extra,
        "created_at": now,
        "next_attempt_at": ready_at,
    }


# built once: a sweep queues thousands, and a statement made per row (with its values in it)
# costs more to build and key for the cache than to run
_OUTBOX: Any = Notification.__table__  # type: ignore[attr-defined]
# RETURNING says which rows went in: psycopg reports no row count for ON CONFLICT DO NOTHING
_INSERT_UNLESS_QUEUED: dict[str, Any] = {
    "sqlite": sqlite.insert(_OUTBOX).on_conflict_do_nothing().returning(_OUTBOX.c.id),
    "postgresql": postgresql.insert(_OUTBOX).on_conflict_do_nothing().returning(_OUTBOX.c.id),
}


def enqueue_rows(session: Session, rows: list[dict[str, Any]]) -> int:
    """Queue many rows in one statement (SQLAlchemy sends a list with RETURNING as one multi-row
    INSERT … VALUES); returns how many went in. A concurrent transaction may have queued a key
    since we looked: ON CONFLICT DO NOTHING turns that race into 'already queued' instead of an
    error at commit."""
    if not rows:
        return 0
    stmt = _INSERT_UNLESS_QUEUED.get(session.get_bind().dialect.name)
    if stmt is None:  # no ON CONFLICT in the dialect: look first (only SQLite and PostgreSQL are run)
        keys = [row["dedup_key"] for row in rows]
        queued = set(
            session.exec(select(Notification.dedup_key).where(col(Notification.dedup_key).in_(keys)))
        )
        rows = [row for row in rows if row["dedup_key"] not in queued]
        stmt = insert(_OUTBOX).returning(_OUTBOX.c.id)
        if not rows:
            return 0
    return len(session.execute(stmt, rows).all())


def list_notifications(
    session: Session, *, status: NotificationStatus | None = None, limit: int | None = None
) -> list[Notification]:
    """The outbox, oldest first."""
    query = select(Notification).order_by(col(Notification.id))
    if status is not None:
        query = query.where(col(Notification.status) == status)
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query).all())


def public(row: Notification) -> dict[str, Any]:
    """The JSON form of `dondoc notifications --json` (times in +07:00)."""
    return {
        "id": row.id,
        "subtask": row.subtask_id,
        "kind": NotificationKind(row.kind).value,
        "step": row.step,
        "recipient": row.recipient_code,
        "status": NotificationStatus(row.status).value,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "dedup_key": row.dedup_key,
        "title": row.title,
        "created_at": iso_local(row.created_at),
        "next_attempt_at": iso_local(row.next_attempt_at),
        "sent_at": iso_local(row.sent_at),
    }
