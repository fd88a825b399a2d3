"""Benchmark of the sweep (prints figures; not a timed test).

1. Escalation pass with 10k, 100k and 1M open subtasks of which 1k are due: its cost should
   follow the work due (goal: time(1M) / time(10k) <= 1.5), and 1,000 due take <= 0.25 s.
2. Dispatch of the 1,000 notifications to a local HTTP receiver (Apprise json://, the tests' JSON
   receiver in a process of its own, as a webhook would be): goal >= 1,000/s, 0 duplicates.

Run: .venv/bin/python bench/sweep.py [--sizes 10000,100000,1000000]
     [--database postgresql+psycopg://dondoc:dondoc@127.0.0.1:5432/dondoc_sweepbench]
SQLite by default (a new file per size); on PostgreSQL the given database's public schema is
dropped and made again for each size. Synthetic rows are bulk-inserted with executemany, not
through intake. The load average is printed before each figure: the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from dondoc.context import Context  # noqa: E402
from dondoc.cycle import escalate_once  # noqa: E402
from dondoc.escalation.policies import snapshot  # noqa: E402
from dondoc.notify.dispatch import dispatch_page  # noqa: E402
from dondoc.record.clock import end_of_local_day, parse_instant, to_local  # noqa: E402
from dondoc.record.db import engine_for  # noqa: E402
from dondoc.record.enums import NotificationStatus  # noqa: E402
from tests.receivers import json_receiver  # noqa: E402

NOW = parse_instant("2020-04-13T09:00:00+07:00")
DUE = 1_000


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def fresh_context(home: Path, database: str | None) -> Context:
    os.environ["DONDOC_HOME"] = str(home)
    os.environ["DONDOC_CONFIG"] = str(ROOT / "config")
    if database:
        os.environ["DONDOC_DATABASE_URL"] = database
        engine_for(database).dispose()
        admin = create_engine(database, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        admin.dispose()
    else:
        os.environ.pop("DONDOC_DATABASE_URL", None)
    ctx = Context.load()
    ctx.initialise()
    return ctx


@contextmanager
def raw(ctx: Context) -> Iterator[tuple[Any, Any]]:
    """A DB-API connection and a function turning a UTC instant into what the driver stores."""
    sqlite = ctx.settings.database_url.startswith("sqlite")

    def when(value: dt.datetime) -> Any:
        # the format SQLAlchemy's SQLite DateTime writes; psycopg takes the datetime itself
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else value

    connection = engine_for(ctx.settings.database_url).raw_connection()
    try:
        yield connection, when
    finally:
        connection.close()


def sql(ctx: Context, statement: str) -> str:
    return statement if ctx.settings.database_url.startswith("sqlite") else statement.replace("?", "%s")


def populate(ctx: Context, open_subtasks: int) -> None:
    """One directive; tasks x agencies subtasks; DUE of them due now, the rest in months."""
    with raw(ctx) as (db, when):
        cursor = db.cursor()
        cursor.execute("SELECT id FROM agency ORDER BY id")
        agencies = [row[0] for row in cursor.fetchall()]
        policy = json.dumps(snapshot(ctx.policies["default"]))
        now = when(NOW)
        cursor.execute(
            sql(
                ctx,
                "INSERT INTO directive (id, number, kind, title, issuer_code, issuer_name, issued_on, spec_hash,"
                " registered_at, updated_at) VALUES (1, 'BENCH', 'ket_luan', 'bench', 'TTHU', '', '2020-04-01', '', ?, ?)",
            ),
            (now, now),
        )
        tasks = -(-open_subtasks // len(agencies))
        cursor.executemany(
            sql(
                ctx,
                "INSERT INTO task (id, directive_id, key, position, text, lead_code, support_codes, due_rule,"
                " policy_name, depends_on, cancelled) VALUES (?, 1, ?, ?, 'Nhiệm vụ thử', 'UBND', '[]', 'none',"
                " 'default', '[]', ?)",
            ),
            [(i + 1, f"t{i}", i, False) for i in range(tasks)],
        )
        soon = end_of_local_day(ctx.calendar.add_working_days(to_local(NOW).date(), 3))
        later = end_of_local_day(dt.date(2020, 9, 30))
        due_now, due_later = when(soon), when(later)
        claimable, later_action = when(NOW - dt.timedelta(hours=2)), when(later - dt.timedelta(days=7))
        step = open_subtasks // DUE

        def row(n: int) -> tuple[Any, ...]:
            due = n % step == 0 and n // step < DUE
            due_at = due_now if due else due_later
            return (
                n // len(agencies) + 1,
                agencies[n % len(agencies)],
                "lead",
                "pending",
                due_at,
                due_at,
                now,
                now,
                "default",
                policy,
                claimable if due else later_action,
                0,
                due_at,
            )

        insert = sql(
            ctx,
            "INSERT INTO subtask (task_id, agency_id, role, status, due_at, original_due_at, created_at, updated_at,"
            " policy_name, policy, next_action_at, action_cursor, action_due_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        )
        for start in range(0, open_subtasks, 50_000):
            cursor.executemany(insert, [row(n) for n in range(start, min(start + 50_000, open_subtasks))])
        db.commit()
        cursor.execute("ANALYZE")
        db.commit()


def expected_queued(ctx: Context) -> int:
    """One reminder per due subtask, but none for an agency that chose the daily digest."""
    with raw(ctx) as (db, when):
        cursor = db.cursor()
        cursor.execute(
            sql(
                ctx,
                "SELECT count(*) FROM subtask JOIN agency ON agency.id = subtask.agency_id"
                " WHERE subtask.next_action_at <= ? AND agency.reminders != 'digest'",
            ),
            (when(NOW),),
        )
        return int(cursor.fetchone()[0])


def escalate_all(ctx: Context) -> tuple[int, int]:
    claimed = queued = 0
    while True:
        result = escalate_once(ctx, now=NOW)
        claimed += result.claimed
        queued += result.queued
        if result.claimed == 0:
            return claimed, queued


def bench_escalation(size: int, database: str | None) -> float:
    with tempfile.TemporaryDirectory(prefix="dondoc-bench-") as tmp:
        ctx = fresh_context(Path(tmp), database)
        started = time.perf_counter()
        populate(ctx, size)
        loaded = time.perf_counter() - started
        expected = expected_queued(ctx)
        print(load(), flush=True)
        started = time.perf_counter()
        claimed, queued = escalate_all(ctx)
        elapsed = time.perf_counter() - started
        print(
            f"escalation, {size:>9,} open subtasks, {claimed} due: {elapsed:6.2f} s"
            f"  ({queued} notifications queued; rows inserted in {loaded:.1f} s)",
            flush=True,
        )
        assert claimed == DUE and queued == expected, (claimed, queued, expected)
        return elapsed


def serve_receiver(pipe: Connection) -> None:
    """The JSON receiver in a process of its own (a webhook is another machine): its port goes
    up the pipe, then, when asked, what it received."""
    with json_receiver() as hook:
        pipe.send(hook.port)
        pipe.recv()
        pipe.send([(m["path"], m["title"], m["message"]) for m in hook.received])


def bench_dispatch(database: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="dondoc-bench-") as tmp:
        ctx = fresh_context(Path(tmp), database)
        populate(ctx, 10_000)
        escalate_all(ctx)  # queue every notification first: only dispatch is timed
        ours, theirs = multiprocessing.Pipe()
        receiver = multiprocessing.get_context("spawn").Process(target=serve_receiver, args=(theirs,))
        receiver.start()
        os.environ["DONDOC_NOTIFY_REDIRECT"] = f"json://127.0.0.1:{ours.recv()}/bench"
        print(load(), flush=True)
        started = time.perf_counter()
        sent = 0
        while True:
            page = asyncio.run(dispatch_page(ctx, now=NOW))
            sent += page.sent
            if page.claimed == 0:
                break
        elapsed = time.perf_counter() - started
        del os.environ["DONDOC_NOTIFY_REDIRECT"]
        ours.send("done")
        received = ours.recv()
        receiver.join()
        duplicates = len(received) - len(set(received))
        print(
            f"dispatch, {sent} notifications to a local HTTP receiver: {elapsed:.2f} s = {sent / elapsed:.0f}/s"
            f"  (received {len(received)}, duplicates {duplicates})",
            flush=True,
        )
        with ctx.session() as session:
            from sqlmodel import func, select

            from dondoc.record.models import Notification

            left = session.exec(
                select(func.count()).where(Notification.status != NotificationStatus.SENT)
            ).one()
        assert sent == len(received) > 0 and duplicates == 0 and left == 0, (sent, len(received), left)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--database", default=None, help="a PostgreSQL URL (default: a SQLite file per size)")
    parser.add_argument("--skip-dispatch", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("database:", "PostgreSQL" if args.database else "SQLite", flush=True)
    times = {size: bench_escalation(size, args.database) for size in sizes}
    if len(sizes) > 1:
        ratio = times[sizes[-1]] / times[sizes[0]]
        print(f"ratio {sizes[-1]:,} / {sizes[0]:,}: {ratio:.2f} (goal <= 1.5)")
    if not args.skip_dispatch:
        bench_dispatch(args.database)


if __name__ == "__main__":
    main()
