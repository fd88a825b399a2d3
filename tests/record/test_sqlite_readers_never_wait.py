"""On SQLite every pooled connection has the settings (foreign keys, a busy timeout, WAL), and a
reader is never held up by a writer: while a sweep holds its write transaction open, the portal's
lists and counts read the last committed state, even with no patience at all (busy_timeout 0)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from sqlalchemy import Connection

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.reading.counts import agency_counts
from dondoc.reading.queries import SubtaskFilter, page_subtasks
from dondoc.record.clock import parse_instant
from dondoc.record.db import engine_for, pool_size

NOW = parse_instant("2020-04-20T09:00:00+07:00")


@pytest.fixture
def sqlite_ctx(ctx: Context) -> Iterator[Context]:
    if not ctx.settings.database_url.startswith("sqlite"):
        pytest.skip("SQLite's own connection settings")
    yield ctx


def pragmas(connection: Connection) -> tuple[int, int, str]:
    def one(name: str) -> object:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

    return int(one("foreign_keys")), int(one("busy_timeout")), str(one("journal_mode"))  # type: ignore[call-overload]


def test_every_pooled_connection_has_the_settings(sqlite_ctx: Context) -> None:
    engine = engine_for(sqlite_ctx.settings.database_url)
    assert engine.pool.size() == pool_size()  # type: ignore[attr-defined]
    with ExitStack() as held:
        # as many at once as a busy portal worker holds, each a different connection
        connections = [held.enter_context(engine.connect()) for _ in range(pool_size())]
        assert len({id(c.connection.dbapi_connection) for c in connections}) == pool_size()
        assert {pragmas(c) for c in connections} == {(1, 30000, "wal")}


def test_readers_do_not_wait_for_an_open_write(sqlite_ctx: Context, seeded: RegistrationResult) -> None:
    path = sqlite_ctx.settings.database_url.split("///", 1)[1]
    with sqlite_ctx.session() as session:
        before = page_subtasks(session, SubtaskFilter(), now=NOW, calendar=sqlite_ctx.calendar, limit=10)
    # a sweep's transaction: written, not committed
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN EXCLUSIVE")  # in WAL mode, readers still read
        writer.execute("UPDATE subtask SET status = 'cancelled'")
        with sqlite_ctx.session() as session:
            # a lock to wait for would fail at once ("database is locked") instead of waiting
            session.connection().exec_driver_sql("PRAGMA busy_timeout=0")
            during = page_subtasks(session, SubtaskFilter(), now=NOW, calendar=sqlite_ctx.calendar, limit=10)
            counts = agency_counts(session, now=NOW, calendar=sqlite_ctx.calendar)
            session.connection().exec_driver_sql("PRAGMA busy_timeout=30000")
        assert during == before  # the last committed state, not the open write
        assert sum(c.total for c in counts) == seeded.subtasks
    finally:
        writer.execute("ROLLBACK")
        writer.close()
