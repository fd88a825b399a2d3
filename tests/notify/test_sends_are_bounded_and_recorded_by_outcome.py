"""The dispatcher sends a page concurrently, but never more than `per_target` messages at once to
one server (a district's agencies share a mail relay or a webhook host), and records the page's
outcomes one statement per kind of outcome (sent, skipped, to retry), not one per message."""

from __future__ import annotations

import asyncio
from collections import Counter

from sqlmodel import select

from dondoc.context import Context
from dondoc.cycle import escalate_once
from dondoc.directives.intake import RegistrationResult
from dondoc.notify.dispatch import BACKOFF, dispatch_page, target_of
from dondoc.record.clock import as_utc, parse_instant
from dondoc.record.enums import NotificationStatus, SubtaskStatus
from dondoc.record.models import Agency, Notification, Subtask
from tests.receivers import json_receiver
from tests.statements import statements

MONTH_END = parse_instant("2020-04-27T09:00:00+07:00")  # reminders for every end-of-month item


def queue(ctx: Context) -> list[Notification]:
    escalate_once(ctx, now=MONTH_END, limit=1000)
    with ctx.session() as session:
        return list(session.exec(select(Notification).order_by(Notification.id)).all())


def route(ctx: Context, urls: dict[str, str]) -> None:
    with ctx.session() as session:
        for agency in session.exec(select(Agency)).all():
            agency.notify = [urls[agency.code]] if agency.code in urls else []


def test_a_target_never_has_more_than_its_share_in_flight(ctx: Context, seeded: RegistrationResult) -> None:
    rows = queue(ctx)
    recipients = sorted({r.recipient_code for r in rows})
    with json_receiver(delay=0.05) as first, json_receiver(delay=0.05) as second:
        route(ctx, {code: (first, second)[n % 2].url(code) for n, code in enumerate(recipients)})
        result = asyncio.run(dispatch_page(ctx, now=MONTH_END, limit=200, concurrency=16, per_target=3))
    assert result.sent == len(rows) > 30
    assert len(first.received) + len(second.received) == len(rows)
    # each server saw three at once (the page is sent concurrently), never four
    assert first.most_active == second.most_active == 3


def test_one_server_is_one_target_whatever_the_credentials_or_path() -> None:
    assert target_of("json://127.0.0.1:8080/UBND") == target_of("json://127.0.0.1:8080/XA-A?x=1")
    assert target_of("mailto://bot:p%40ss@Mail.example.vn:25?to=a@b") == "mailto://mail.example.vn:25"
    assert target_of("json://127.0.0.1:8080/a") != target_of("json://127.0.0.1:8081/a")


def test_a_page_is_recorded_one_statement_per_outcome(ctx: Context, seeded: RegistrationResult) -> None:
    rows = queue(ctx)
    recipients = sorted({r.recipient_code for r in rows})
    down = rows[0].recipient_code
    finished = next(r for r in rows if r.recipient_code != down)
    with ctx.session() as session:
        subtask = session.get(Subtask, finished.subtask_id)
        assert subtask is not None
        subtask.status = SubtaskStatus.DONE
    with json_receiver() as good, json_receiver(fail_first=1000) as bad:
        route(ctx, {code: (bad if code == down else good).url(code) for code in recipients})
        with statements(ctx) as seen:
            result = asyncio.run(dispatch_page(ctx, now=MONTH_END, limit=200))
    to_retry = sum(r.recipient_code == down for r in rows)
    assert (result.skipped, result.retrying, result.sent) == (1, to_retry, len(rows) - 1 - to_retry)
    assert result.sent > 30
    # the claim, then the sent, the skipped and the ones to retry: one UPDATE each
    assert Counter(seen)["UPDATE notification"] == 4
    with ctx.session() as session:
        after = {r.id: r for r in session.exec(select(Notification)).all()}
    for row in rows:
        mark = after[row.id]
        if row.id == finished.id:
            assert (mark.status, mark.attempts) == (NotificationStatus.SKIPPED, 0)
            assert "việc con đã chuyển sang" in (mark.last_error or "")
        elif row.recipient_code == down:
            assert (mark.status, mark.attempts) == (NotificationStatus.PENDING, 1)
            assert "error=500" in (mark.last_error or "")
            assert as_utc(mark.next_attempt_at) == MONTH_END + BACKOFF
        else:
            assert (mark.status, mark.attempts, mark.last_error) == (NotificationStatus.SENT, 1, None)
            assert mark.sent_at is not None and as_utc(mark.sent_at) == MONTH_END
    assert len(good.received) == result.sent and bad.failures == to_retry
