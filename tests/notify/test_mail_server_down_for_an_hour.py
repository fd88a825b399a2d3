"""The mail server is down for an hour on a reminders morning, then back: the sweeps of that
hour (every 15 minutes, as the cron runs them) keep the messages and retry with backoff, and
once it is back every message arrives exactly once; nothing fails, nobody is told of a failure."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

import pytest
from sqlmodel import select

from dondoc.context import Context
from dondoc.cycle import run_sweep
from dondoc.directives.intake import RegistrationResult
from dondoc.record.clock import parse_instant
from dondoc.record.enums import NotificationStatus
from dondoc.record.models import Notification
from tests.receivers import free_port, smtp_env, smtp_server

MORNING = parse_instant("2020-04-27T09:00:00+07:00")  # reminders for every end-of-month item
QUARTER = dt.timedelta(minutes=15)


def _outbox(ctx: Context) -> list[Notification]:
    with ctx.session() as session:
        return list(session.exec(select(Notification).order_by(Notification.id)).all())


def test_every_message_arrives_once_when_the_server_is_back(
    ctx: Context, seeded: RegistrationResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()  # nothing listens there for the first hour
    smtp_env(monkeypatch, port)
    at = MORNING
    while at < MORNING + dt.timedelta(hours=1):
        asyncio.run(run_sweep(ctx, now=at))
        at += QUARTER
    waiting = _outbox(ctx)
    assert len(waiting) > 50
    assert {r.status for r in waiting} == {NotificationStatus.PENDING}
    assert min(r.attempts for r in waiting) >= 3  # retried within the hour, not given up
    assert all(r.last_error for r in waiting)  # each failure recorded, in Apprise's words

    with smtp_server(port) as (_, inbox):
        for _ in range(8):  # the next two hours of sweeps
            asyncio.run(run_sweep(ctx, now=at))
            at += QUARTER
    rows = _outbox(ctx)
    assert len(rows) == len(waiting)  # no report of a failure was queued
    assert {r.status for r in rows} == {NotificationStatus.SENT}
    received = Counter((tuple(m.to), m.subject, m.body) for m in inbox.mails)
    assert sum(received.values()) == len(rows)
    assert max(received.values()) == 1
    assert all(r.sent_at is not None and r.sent_at >= MORNING + dt.timedelta(hours=1) for r in rows)
