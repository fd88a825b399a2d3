"""The outbox reaches real receivers: e-mail through aiosmtpd, JSON webhooks over HTTP; failures
are retried with backoff, recorded in Apprise's words, and reported to the coordinators; what is
no longer true is skipped; two sweeps at once send nothing twice."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from dondoc.context import Context
from dondoc.cycle import escalate_once, run_sweep
from dondoc.directives.intake import RegistrationResult
from dondoc.notify.dispatch import dispatch_page
from dondoc.record.clock import parse_instant
from dondoc.record.enums import NotificationKind, NotificationStatus, SubtaskStatus
from dondoc.record.models import Agency, Notification, Subtask
from tests.receivers import json_receiver, smtp_env, smtp_server

REMINDERS_DAY = parse_instant("2020-04-13T09:00:00+07:00")  # 3 working days before 16/4


def sweep(ctx: Context, at: dt.datetime) -> None:
    asyncio.run(run_sweep(ctx, now=at))


def outbox(ctx: Context) -> list[Notification]:
    with ctx.session() as session:
        return list(session.exec(select(Notification).order_by(Notification.id)).all())


def route_agencies(ctx: Context, urls: dict[str, str], default: str) -> None:
    """Point every agency at a test receiver (their config addresses are placeholders)."""
    with ctx.session() as session:
        for agency in session.exec(select(Agency)).all():
            agency.notify = [urls.get(agency.code, default)]


def test_reminders_reach_each_agency_mailbox_from_the_config(
    ctx: Context, seeded: RegistrationResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server() as (port, inbox):
        smtp_env(monkeypatch, port)
        sweep(ctx, REMINDERS_DAY)
    rows = outbox(ctx)
    assert rows and {r.status for r in rows} == {NotificationStatus.SENT}
    assert {r.kind for r in rows} == {NotificationKind.REMINDER}
    assert sorted(m.subject for m in inbox.mails) == sorted(r.title for r in rows)
    mail = next(m for m in inbox.mails if m.to == ["ubnd@sonlam.gov.vn"])
    assert "còn 3 ngày làm việc" in mail.subject and "hạn 16/04/2020" in mail.subject
    assert "Kết luận số 125-KL/HU ngày 01/04/2020" in mail.body
    assert "/subtasks/" in mail.body


def test_a_receiver_failing_twice_gets_it_on_the_third_attempt(
    ctx: Context, seeded: RegistrationResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    with json_receiver(fail_first=2) as hook:
        monkeypatch.setenv("DONDOC_NOTIFY_REDIRECT", hook.url("demo"))
        with ctx.session() as session:
            one = session.exec(select(Subtask).where(Subtask.next_action_at <= REMINDERS_DAY)).first()
            assert one is not None
            # only one subtask is due, so the failures land on one notification
            for other in session.exec(select(Subtask).where(Subtask.id != one.id)).all():
                other.next_action_at = None
        sweep(ctx, REMINDERS_DAY)
        (row,) = outbox(ctx)
        assert (row.status, row.attempts) == (NotificationStatus.PENDING, 1)
        assert "error=500" in (row.last_error or "")  # Apprise's own words
        sweep(ctx, REMINDERS_DAY + dt.timedelta(minutes=1))  # backoff not over: nothing tried
        assert outbox(ctx)[0].attempts == 1
        sweep(ctx, REMINDERS_DAY + dt.timedelta(minutes=2))
        sweep(ctx, REMINDERS_DAY + dt.timedelta(minutes=6))
        (row,) = outbox(ctx)
        assert (row.status, row.attempts, row.last_error) == (NotificationStatus.SENT, 3, None)
        assert len(hook.received) == 1
        assert hook.received[0]["title"].startswith("[Gửi ")  # the intended recipient, redirected


def test_after_the_last_attempt_it_fails_and_the_coordinators_are_told(
    ctx: Context, seeded: RegistrationResult
) -> None:
    with json_receiver() as good, json_receiver(fail_first=1000) as bad:
        route_agencies(ctx, {"UBND": bad.url("UBND")}, default=good.url("other"))
        at = REMINDERS_DAY
        for minutes in (0, 2, 4, 8, 16, 32, 60, 60, 60, 60):  # each wait of the backoff
            at += dt.timedelta(minutes=minutes)
            sweep(ctx, at)
        rows = outbox(ctx)
    failed = [r for r in rows if r.recipient_code == "UBND"]
    assert [(r.status, r.attempts) for r in failed] == [(NotificationStatus.FAILED, 10)]
    reports = [r for r in rows if r.step == "delivery_failed"]
    assert {r.recipient_code for r in reports} == {"VPHU", "VPUB"}
    assert all(r.status == NotificationStatus.SENT for r in reports)
    told = [m for m in good.received if m["title"].startswith("[Lỗi gửi thông báo]")]
    assert len(told) == 2 and "error=500" in told[0]["message"]
    assert bad.failures == 10


def test_what_was_done_before_sending_is_skipped(ctx: Context, seeded: RegistrationResult) -> None:
    with json_receiver() as hook:
        route_agencies(ctx, {}, default=hook.url())
        overdue_day = parse_instant("2020-04-17T09:00:00+07:00")
        escalate_once(ctx, now=overdue_day)
        queued = outbox(ctx)
        assert {r.kind for r in queued} == {NotificationKind.OVERDUE}
        with ctx.session() as session:
            done = session.get(Subtask, queued[0].subtask_id)
            assert done is not None
            done.status = SubtaskStatus.DONE
        result = asyncio.run(dispatch_page(ctx, now=overdue_day))
    assert (result.skipped, result.sent) == (1, len(queued) - 1)
    assert outbox(ctx)[0].status == NotificationStatus.SKIPPED
    assert len(hook.received) == len(queued) - 1


def test_an_unset_variable_in_an_address_is_recorded_by_name(
    ctx: Context, seeded: RegistrationResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SMTP_USER", "SMTP_PASSWORD", "SMTP_HOST", "SMTP_PORT", "SMTP_FROM"):
        monkeypatch.delenv(name, raising=False)
    sweep(ctx, REMINDERS_DAY)
    rows = outbox(ctx)
    assert rows and all(r.status == NotificationStatus.PENDING for r in rows)
    assert all("SMTP_USER" in (r.last_error or "") for r in rows)


def test_two_sweeps_at_once_send_nothing_twice(ctx: Context, seeded: RegistrationResult) -> None:
    at = parse_instant("2020-04-27T09:00:00+07:00")  # reminders for every end-of-month item
    with json_receiver() as hook:
        route_agencies(ctx, {}, default=hook.url())
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda _: sweep(ctx, at), range(2)))
        rows = outbox(ctx)
    assert len(rows) > 50
    assert {r.status for r in rows} == {NotificationStatus.SENT}
    assert len({r.dedup_key for r in rows}) == len(rows)
    received = Counter((m["path"], m["title"], m["message"]) for m in hook.received)
    assert len(hook.received) == len(rows) and max(received.values()) == 1
