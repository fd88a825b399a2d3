"""A sweep's batch is written set-based: one UPDATE claims it, one statement writes every
subtask's cursor, one the audit rows, one the outbox rows, after a few reads, however many
subtasks the batch holds; what it writes is what the rules say (tests of the steps and the
seven-week replay check those)."""

from __future__ import annotations

from collections import Counter

from sqlmodel import col, func, select

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.escalation.sweep import escalate_batch
from dondoc.record.clock import parse_instant
from dondoc.record.models import Event, Notification, Subtask
from tests.statements import statements

# three weeks after the seed's first due dates: overdue steps fire together, the later ones
# telling the body above and the lead too, so one batch writes audit rows and several messages
# per subtask
LATE = parse_instant("2020-05-06T09:00:00+07:00")


def one_batch(ctx: Context, limit: int) -> tuple[Counter[str], int, int]:
    with statements(ctx) as seen, ctx.session() as session:
        result = escalate_batch(session, now=LATE, calendar=ctx.calendar, limit=limit)
    assert result.claimed == limit
    return Counter(seen), result.queued, result.actions


def test_a_batch_of_any_size_is_the_same_few_statements(ctx: Context, seeded: RegistrationResult) -> None:
    small, _, _ = one_batch(ctx, 3)
    large, large_queued, actions = one_batch(ctx, 40)
    assert large_queued > 40 and actions > 40  # several messages and steps per subtask
    assert small == large
    assert large["UPDATE subtask"] == 2  # the claim, then every cursor in one executemany
    assert large["INSERT INTO notification"] == 1
    assert large["INSERT INTO event"] == 1
    assert sum(large.values()) <= 8  # and three reads, whatever the batch's size


def due_now(ctx: Context) -> int:
    with ctx.session() as session:
        return session.exec(select(func.count()).where(col(Subtask.next_action_at) <= LATE)).one()


def test_what_the_batch_wrote_is_there_once(ctx: Context, seeded: RegistrationResult) -> None:
    due_before = due_now(ctx)
    _, queued, _ = one_batch(ctx, 40)
    with ctx.session() as session:
        rows = session.exec(select(func.count()).select_from(Notification)).one()
        keys = session.exec(select(func.count(func.distinct(Notification.dedup_key)))).one()
        events = session.exec(select(Event.action, Event.detail).where(col(Event.actor) == "system")).all()
        moved = session.exec(select(func.count()).where(col(Subtask.action_cursor) > 0)).one()
    assert rows == keys == queued
    assert {action for action, _ in events} == {"subtask.overdue", "subtask.escalated"}
    assert all(detail["due"] and detail["step"].startswith("overdue@") for _, detail in events)
    # each claimed subtask's cursor went forward and its next look is not now: only the ones
    # left out of the batch are still due
    assert moved == 40
    assert due_before > 40 and due_now(ctx) == due_before - 40
