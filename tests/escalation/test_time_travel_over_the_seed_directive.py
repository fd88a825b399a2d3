"""Seven weeks of the seed directive (1/4/2020 to 20/5/2020), a sweep every day at 09:00 and on
some nights at 23:30, e-mail to each agency's mailbox from the config through a real SMTP server.
Some agencies finish early, some late, most never; what goes out each day is checked."""

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
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.clock import as_utc, parse_instant, to_local
from dondoc.record.enums import NotificationKind, NotificationStatus, SubtaskStatus
from dondoc.record.models import Agency, Event, Notification, Subtask, SubtaskDependency
from dondoc.work.actions import complete
from tests.receivers import smtp_env, smtp_server

FIRST, LAST = dt.date(2020, 4, 1), dt.date(2020, 5, 20)
NIGHTS = {dt.date(2020, 4, 16), dt.date(2020, 4, 29), dt.date(2020, 5, 4), dt.date(2020, 5, 15)}
THROUGH_PREFECT = dt.date(2020, 4, 17)  # the first overdue notices go through the deployed flow
COORDINATOR = Actor("VPHU", is_coordinator=True)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return parse_instant(f"{day.isoformat()}T{hour:02d}:{minute:02d}:00+07:00")


def mailbox_owners(ctx: Context) -> dict[str, str]:
    with ctx.session() as session:
        return {
            parse_qs(urlsplit(agency.notify[0]).query)["to"][0]: agency.code
            for agency in session.exec(select(Agency)).all()
            if agency.notify
        }


def pick_plan(ctx: Context) -> dict[int, dt.date]:
    """Who finishes when: two 16/4 items (one early, one late), three 30/4 items (one early, two
    late), and the prerequisite of a blocked item, so its dependent starts mid-way."""
    with ctx.session() as session:
        subs = session.exec(select(Subtask).order_by(col(Subtask.id))).all()
        by_due: dict[dt.date, list[Subtask]] = {}
        for sub in subs:
            if sub.due_at is not None and sub.status is SubtaskStatus.PENDING:
                by_due.setdefault(to_local(sub.due_at).date(), []).append(sub)
        prerequisite = session.exec(select(SubtaskDependency.prerequisite_id)).first()
    april16, april30 = by_due[dt.date(2020, 4, 16)], by_due[dt.date(2020, 4, 30)]
    plan = {
        april16[0].id: dt.date(2020, 4, 15),
        april16[1].id: dt.date(2020, 4, 22),
        april30[0].id: dt.date(2020, 4, 20),
        april30[1].id: dt.date(2020, 5, 6),
        april30[2].id: dt.date(2020, 5, 18),
    }
    assert prerequisite is not None
    plan[prerequisite] = dt.date(2020, 4, 10)
    return {k: v for k, v in plan.items() if k is not None}


def sweep_through_prefect(now: dt.datetime) -> dict[str, object]:
    from flows.sweep import sweep

    return asyncio.run(sweep(now=now.isoformat()))  # type: ignore[arg-type]


def sent_rows(ctx: Context) -> list[tuple[Notification, Subtask | None]]:
    with ctx.session() as session:
        rows = session.exec(
            select(Notification, Subtask)
            .join(Subtask, col(Notification.subtask_id) == Subtask.id, isouter=True)
            .where(Notification.status == NotificationStatus.SENT)
        ).all()
        return [(n, s) for n, s in rows]


@pytest.mark.usefixtures("prefect_server")
def test_seven_weeks_of_reminders_and_escalations(
    ctx: Context, seeded: RegistrationResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    owners = mailbox_owners(ctx)
    finishes = pick_plan(ctx)
    with smtp_server() as (port, inbox):
        smtp_env(monkeypatch, port)
        day = FIRST
        seen = 0
        while day <= LAST:
            morning = at(day, 9)
            clock.set_now(morning)
            if day == THROUGH_PREFECT:
                result = sweep_through_prefect(morning)
                assert result["dispatch"]["sent"] > 0  # type: ignore[index]
            else:
                asyncio.run(run_sweep(ctx, now=morning))
            sent = sent_rows(ctx)
            new = [(n, s) for n, s in sent if as_utc(n.sent_at) == morning]  # type: ignore[arg-type]
            assert len(sent) == seen + len(new)
            seen = len(sent)
            if not ctx.calendar.is_working_day(day):
                assert new == [], f"nothing goes out on {day}, a day off"
            for notification, sub in new:
                assert sub is not None and sub.due_at is not None
                due = as_utc(sub.due_at)
                kind = NotificationKind(notification.kind)
                if kind is NotificationKind.REMINDER:
                    assert morning < due
                elif kind is NotificationKind.DUE:
                    assert morning < due and (due - morning).days <= 3
                else:
                    assert morning > due, f"{kind} for #{sub.id} before its due date"
            for sub_id, done_day in finishes.items():
                if done_day == day:
                    clock.set_now(at(day, 10))
                    with ctx.session() as session:
                        complete(
                            session,
                            subtask_id=sub_id,
                            actor=COORDINATOR,
                            now=at(day, 10),
                            calendar=ctx.calendar,
                        )
            if day in NIGHTS:
                night = at(day, 23, 30)
                asyncio.run(run_sweep(ctx, now=night))
                assert len(sent_rows(ctx)) == seen, f"nothing goes out at night ({day})"
            day += dt.timedelta(days=1)
        clock.set_now(None)

    sent = sent_rows(ctx)
    kinds = Counter(NotificationKind(n.kind) for n, _ in sent)
    assert {
        NotificationKind.REMINDER,
        NotificationKind.DUE,
        NotificationKind.OVERDUE,
        NotificationKind.ESCALATION,
    } <= set(kinds)

    # every sent row really received, once, in the recipient's own mailbox
    received = Counter((owners[m.to[0]], m.subject) for m in inbox.mails)
    expected = Counter((n.recipient_code, n.title) for n, _ in sent)
    assert received == expected

    # nothing twice: one message per subtask, step and recipient
    assert max(Counter((n.subtask_id, n.step, n.recipient_code) for n, _ in sent).values()) == 1

    # nothing at night, nothing after done, nothing while blocked
    with ctx.session() as session:
        subs = {s.id: s for s in session.exec(select(Subtask).order_by(col(Subtask.id))).all()}
        coordinators = set(session.exec(select(Agency.id).where(col(Agency.is_coordinator).is_(True))).all())
        unblocked_at = {
            e.subtask_id: as_utc(e.at)
            for e in session.exec(select(Event)).all()
            if e.action == "subtask.unblocked"
        }
    for notification, _ in sent:
        sent_at = as_utc(notification.sent_at)  # type: ignore[arg-type]
        assert 7 <= to_local(sent_at).hour < 21
        sub = subs[notification.subtask_id]
        if sub.completed_at is not None:
            assert sent_at < as_utc(sub.completed_at)
        if sub.id in unblocked_at:
            assert sent_at > unblocked_at[sub.id]
    for sub_id in finishes:
        assert subs[sub_id].status is SubtaskStatus.DONE and subs[sub_id].next_action_at is None

    # staying late reaches beyond the agency: an item due 30/4 and never done, of an agency that
    # is not itself a coordinator (a coordinator's own item tells it as overdue, not escalated)
    never = next(
        s
        for s in subs.values()
        if s.status is SubtaskStatus.PENDING
        and s.agency_id not in coordinators
        and s.due_at
        and to_local(s.due_at).date() == dt.date(2020, 4, 30)
    )
    with ctx.session() as session:
        assignee = session.get(Agency, never.agency_id)
        told = {
            n.recipient_code
            for n, _ in sent
            if n.subtask_id == never.id and n.kind == NotificationKind.ESCALATION
        }
    assert assignee is not None and assignee.escalates_to_code in told
    assert {"VPHU", "VPUB"} <= told  # the coordinators, at 10 working days late

    # the late finisher of 30/4 was told it was late, and nothing after it reported done
    late = next(k for k, v in finishes.items() if v == dt.date(2020, 5, 6))
    assert any(n.kind == NotificationKind.OVERDUE for n, _ in sent if n.subtask_id == late)
