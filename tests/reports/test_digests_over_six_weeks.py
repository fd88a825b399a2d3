"""Six weeks of the seed directive with the morning digests (07:00) before each day's sweep
(09:00), e-mailed through a real SMTP server: one digest per agency per working day, never on a
holiday or a weekend, none twice when run again, none sent before 07:00; an agency that chose the
digest gets no message per item, one that chose items gets no digest; leadership hears on Mondays."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import col, select

from dondoc.context import Context
from dondoc.cycle import run_sweep
from dondoc.directives.intake import RegistrationResult
from dondoc.notify.dispatch import dispatch_page
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.clock import as_utc, local_today, to_local
from dondoc.record.enums import NotificationKind, NotificationStatus, Reminders
from dondoc.record.models import Agency, Notification
from dondoc.reports.digests import daily_digests, weekly_digest
from dondoc.work.actions import complete
from dondoc.work.extensions import approve_extension, request_extension
from dondoc.work.review import return_for_redo
from tests.receivers import smtp_env, smtp_server
from tests.reports.april import COORDINATOR, at, subtask_id

FIRST, LAST = dt.date(2020, 4, 1), dt.date(2020, 5, 12)
ITEM_KINDS = {
    NotificationKind.REMINDER,
    NotificationKind.DUE,
    NotificationKind.OVERDUE,
    NotificationKind.ESCALATION,
}
EARLY = dt.date(2020, 4, 21)  # a run at 06:00 that day: queued, held until 07:00


def digests(ctx: Context, now: dt.datetime, *, weekly: bool = False) -> tuple[int, int]:
    with ctx.session() as session:
        if weekly:
            result = weekly_digest(session, now=now, calendar=ctx.calendar)
        else:
            result = daily_digests(session, now=now, calendar=ctx.calendar, portal_url="http://dondoc.test")
    asyncio.run(dispatch_page(ctx, now=now))
    return result.queued, result.already_queued


def act(ctx: Context, day: dt.date) -> None:
    """The news a digest carries: an extension decided, a completion returned."""
    cal = ctx.calendar
    extended = subtask_id(ctx, "tam-dung-su-kien-lam-viec-tai-nha", "UBMTTQ")
    returned = subtask_id(ctx, "bo-tri-lai-bo-phan-mot-cua", "TT-SONLAM")
    with ctx.session() as session:
        if day == dt.date(2020, 4, 14):
            request_extension(
                session,
                subtask_id=extended,
                actor=Actor("UBMTTQ"),
                now=at("2020-04-14T10:00:00"),
                calendar=cal,
                reason="Chờ ý kiến",
                proposed_on=dt.date(2020, 4, 24),
            )
            approve_extension(
                session, subtask_id=extended, actor=COORDINATOR, now=at("2020-04-14T15:00:00"), calendar=cal
            )
        if day == dt.date(2020, 4, 28):
            complete(
                session,
                subtask_id=returned,
                actor=Actor("TT-SONLAM"),
                now=at("2020-04-28T16:00:00"),
                calendar=cal,
            )
            return_for_redo(
                session,
                subtask_id=returned,
                actor=COORDINATOR,
                now=at("2020-04-29T14:00:00"),
                calendar=cal,
                reason="Chưa có ảnh niêm yết",
            )


def mailbox_owners(ctx: Context) -> dict[str, str]:
    with ctx.session() as session:
        return {
            parse_qs(urlsplit(a.notify[0]).query)["to"][0]: a.code
            for a in session.exec(select(Agency)).all()
            if a.notify
        }


@pytest.fixture
def vphu_takes_items(ctx: Context, seeded: RegistrationResult) -> None:
    with ctx.session() as session:
        vphu = session.exec(select(Agency).where(Agency.code == "VPHU")).one()
        vphu.reminders = Reminders.ITEMS


def test_digests_once_per_agency_per_working_day(
    ctx: Context, seeded: RegistrationResult, vphu_takes_items: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    owners = mailbox_owners(ctx)
    with smtp_server() as (port, inbox):
        smtp_env(monkeypatch, port)
        day = FIRST
        while day <= LAST:
            morning = at(f"{day.isoformat()}T07:00:00")
            clock.set_now(morning)
            if day == EARLY:
                early = at(f"{day.isoformat()}T06:00:00")
                queued, _ = digests(ctx, early)
                assert queued > 0
                with ctx.session() as session:
                    held = session.exec(
                        select(Notification).where(
                            Notification.kind == NotificationKind.DIGEST,
                            col(Notification.created_at) == early,
                        )
                    ).all()
                assert {n.status for n in held} == {NotificationStatus.PENDING}
                assert {as_utc(n.next_attempt_at) for n in held} == {morning}  # quiet hours end at 07:00
            queued, again = digests(ctx, morning)
            if day == EARLY:
                assert queued == 0 and again > 0  # queued at 06:00, sent now
            if ctx.calendar.is_working_day(day):
                assert digests(ctx, at(f"{day.isoformat()}T07:05:00")) == (0, queued + again)
            else:
                assert (queued, again) == (0, 0), f"no digest on {day}"
            if day.weekday() == 0:
                weekly_queued, _ = digests(ctx, at(f"{day.isoformat()}T07:30:00"), weekly=True)
                assert weekly_queued == (3 if ctx.calendar.is_working_day(day) else 0)
            act(ctx, day)
            asyncio.run(run_sweep(ctx, now=at(f"{day.isoformat()}T09:00:00")))
            day += dt.timedelta(days=1)
        clock.set_now(None)
    with ctx.session() as session:
        rows = session.exec(select(Notification)).all()
    daily = [n for n in rows if n.kind == NotificationKind.DIGEST and n.step == "daily"]
    weekly = [n for n in rows if n.kind == NotificationKind.DIGEST and n.step == "weekly"]
    per_day = Counter((n.recipient_code, local_today(as_utc(n.created_at))) for n in daily)
    assert daily and max(per_day.values()) == 1
    assert all(ctx.calendar.is_working_day(d) for _, d in per_day)
    assert {d for _, d in per_day}.isdisjoint(
        {dt.date(2020, 4, 2), dt.date(2020, 4, 30), dt.date(2020, 5, 1)}
    )
    assert all(
        n.status == NotificationStatus.SENT and 7 <= to_local(as_utc(n.sent_at)).hour < 21
        for n in daily + weekly
    )  # type: ignore[arg-type]
    # each digest reached its agency's own mailbox, once
    received = Counter((owners[m.to[0]], m.subject) for m in inbox.mails if "[Tổng hợp" in m.subject)
    assert received == Counter((n.recipient_code, n.title) for n in daily + weekly)
    # the choice in config: XA-TANLAP takes the digest only, VPHU (here) items only
    tanlap = [n for n in rows if n.recipient_code == "XA-TANLAP"]
    assert any(n.kind == NotificationKind.DIGEST for n in tanlap)
    assert not any(NotificationKind(n.kind) in ITEM_KINDS for n in tanlap)
    vphu = [n for n in rows if n.recipient_code == "VPHU"]
    assert any(NotificationKind(n.kind) in ITEM_KINDS for n in vphu) and not any(
        n.kind == NotificationKind.DIGEST for n in vphu
    )
    # what the digests said
    by_key = {n.dedup_key: n for n in daily + weekly}
    assert "đồng ý gia hạn đến 24/04/2020" in by_key["digest|UBMTTQ|2020-04-15"].body
    returned = by_key["digest|TT-SONLAM|2020-05-04"].body
    assert "Bị trả lại, cần thực hiện lại (1)" in returned and "Chưa có ảnh niêm yết" in returned
    assert "Đến hạn trong tuần" in by_key["digest|XA-TANLAP|2020-04-27"].body
    assert {n.recipient_code for n in weekly} == {"TTHU", "TTHDND", "UBND"}
    assert {local_today(as_utc(n.created_at)) for n in weekly} == {
        dt.date(2020, 4, d) for d in (6, 13, 20, 27)
    } | {dt.date(2020, 5, d) for d in (4, 11)}
    assert "việc quá hạn lâu nhất" in by_key["digest-weekly|UBND|2020-05-04"].body
