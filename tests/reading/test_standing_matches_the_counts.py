"""A directive's standing, computed by one GROUP BY for the Prefect artifacts, says what the
reports say (the four counts per agency, done out of not cancelled), on SQLite and on PostgreSQL;
and claiming audit rows to publish works on both."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import col, select

from dondoc.context import Context
from dondoc.reading.counts import agency_counts
from dondoc.reading.standing import directive_standing, directives_in_progress
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.enums import SubtaskStatus
from dondoc.record.models import Subtask
from dondoc.record.publication import claim, mark_published, pending_count
from dondoc.registration import plan_from_file, register_directive
from dondoc.work.actions import complete
from dondoc.work.assignment import cancel
from tests.conftest import SEED_REGISTERED_AT, SEED_SPEC

POSTGRES_URL = os.environ.get("DONDOC_TEST_POSTGRES_URL")
COORDINATOR = Actor("VPHU", is_coordinator=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, home: Path, monkeypatch: pytest.MonkeyPatch) -> Context:
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("DONDOC_TEST_POSTGRES_URL not set")
        engine = create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        monkeypatch.setenv("DONDOC_DATABASE_URL", POSTGRES_URL)
    ctx = Context.load()
    ctx.initialise()
    return ctx


def test_standing_agrees_with_the_report(backend: Context) -> None:
    ctx = backend
    result = register_directive(
        ctx,
        plan_from_file(ctx, SEED_SPEC),
        update=False,
        actor=Actor("VPHU"),
        now=clock.parse_instant(SEED_REGISTERED_AT),
    )
    with ctx.session() as session:
        pending = session.exec(
            select(Subtask.id).where(Subtask.status == SubtaskStatus.PENDING).order_by(col(Subtask.id))
        ).all()
    # done early, done late, cancelled; the rest open, some of them overdue by 5/5
    for subtask_id, when in ((pending[0], "2020-04-10T10:00"), (pending[1], "2020-05-04T10:00")):
        with ctx.session() as session:
            complete(
                session,
                subtask_id=subtask_id,
                actor=COORDINATOR,
                now=clock.parse_instant(when),
                calendar=ctx.calendar,
            )
    with ctx.session() as session:
        cancel(
            session,
            subtask_id=pending[2],
            actor=COORDINATOR,
            now=clock.parse_instant("2020-04-12T10:00"),
            calendar=ctx.calendar,
            reason="Không cần",
        )

    now = clock.parse_instant("2020-05-05T09:00")
    with ctx.session() as session:
        standing = directive_standing(session, result.directive_id, now=now)
        report = agency_counts(session, now=now, calendar=ctx.calendar)
        assert directives_in_progress(session) == [result.directive_id]
    by_code = {a.agency: a for a in standing.agencies}
    for row in report:
        if row.total == 0:
            continue  # only cancelled work: no row in the standing
        mine = by_code[row.agency]
        assert (mine.done_on_time, mine.done_late, mine.open_within, mine.open_overdue, mine.no_deadline) == (
            row.done_on_time,
            row.done_late,
            row.open_within,
            row.open_overdue,
            row.no_deadline,
        ), row.agency
    assert sum(a.done_late for a in standing.agencies) == 1 and standing.done == 2
    assert standing.counted == result.subtasks - 1 and standing.overdue > 0
    assert standing.percent == round(100 * 2 / (result.subtasks - 1), 1)

    wall = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    with ctx.session() as session:
        total = pending_count(session)
        ids, lease = claim(session, now=wall, limit=50)
    with ctx.session() as session:
        assert claim(session, now=wall, limit=10_000)[0][0] == ids[-1] + 1
        assert mark_published(session, ids=ids, lease=lease, now=wall) == 50
    with ctx.session() as session:
        assert pending_count(session) == total - 50
