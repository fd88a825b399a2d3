"""The same core on PostgreSQL: migrations, registration, completion, the four counts.

A quick check while the suite runs on SQLite (with DONDOC_TEST_POSTGRES_URL; .ci/run sets it);
when the whole suite runs on PostgreSQL (DONDOC_TEST_DATABASE_URL) it checks all of this and
more, so these are skipped there."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dondoc.context import Context
from dondoc.reading.counts import agency_counts
from dondoc.reading.queries import list_subtasks
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.registration import plan_from_file, register_directive
from dondoc.work.actions import complete
from tests.conftest import SEED_REGISTERED_AT, SEED_SPEC
from tests.databases import ON_POSTGRES

pytestmark = pytest.mark.skipif(ON_POSTGRES, reason="the whole suite runs on PostgreSQL")


@pytest.fixture
def pg_ctx(
    home: object, new_postgres_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> Context:
    monkeypatch.setenv("DONDOC_DATABASE_URL", new_postgres_database())
    ctx = Context.load()
    ctx.initialise()
    return ctx


def test_seed_registers_and_completes_on_postgres(pg_ctx: Context) -> None:
    at = clock.parse_instant(SEED_REGISTERED_AT)
    result = register_directive(
        pg_ctx, plan_from_file(pg_ctx, SEED_SPEC), update=False, actor=Actor("VPHU"), now=at
    )
    assert result.status == "created" and result.subtasks > 150
    again = register_directive(
        pg_ctx, plan_from_file(pg_ctx, SEED_SPEC), update=False, actor=Actor("VPHU"), now=at
    )
    assert again.status == "unchanged"
    later = clock.parse_instant("2020-04-20T09:00")
    with pg_ctx.session() as session:
        views = list_subtasks(session, now=later, calendar=pg_ctx.calendar)
        compose = [v for v in views if v.task == "bien-soan-to-roi"]
        for view in compose:
            complete(
                session, subtask_id=view.id, actor=Actor.system("cli"), now=later, calendar=pg_ctx.calendar
            )
    with pg_ctx.session() as session:
        views = list_subtasks(session, now=later, calendar=pg_ctx.calendar)
        counts = agency_counts(session, now=later, calendar=pg_ctx.calendar)
    assert all(v.status == "pending" for v in views if v.task == "in-to-roi")
    assert sum(c.total for c in counts) == result.subtasks
    assert sum(c.open_overdue for c in counts) > 0


def test_sweep_claims_and_queues_once_on_postgres(pg_ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlmodel import func, select

    from dondoc.cycle import escalate_once
    from dondoc.record.models import Notification

    register_directive(
        pg_ctx,
        plan_from_file(pg_ctx, SEED_SPEC),
        update=False,
        actor=Actor("VPHU"),
        now=clock.parse_instant(SEED_REGISTERED_AT),
    )
    morning = clock.parse_instant("2020-04-13T09:00")
    first = escalate_once(pg_ctx, now=morning, limit=10_000)
    assert first.claimed > 0 and first.queued > 0
    again = escalate_once(pg_ctx, now=morning, limit=10_000)
    assert again.claimed == 0 and again.queued == 0
    with pg_ctx.session() as session:
        rows = session.exec(select(func.count()).select_from(Notification)).one()
        keys = session.exec(select(func.count(func.distinct(Notification.dedup_key)))).one()
    assert rows == keys == first.queued
