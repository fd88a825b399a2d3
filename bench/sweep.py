"""Benchmark of the sweep (prints figures; not a timed test).

1. Escalation pass with 10k, 100k and 1M open subtasks of which 1k are due: its cost should
   follow the work due (goal: time(1M) / time(10k) <= 1.5).
2. Dispatch of 1,000 notifications to a local HTTP receiver (Apprise json://): goal >= 200/s.

Run: .venv/bin/python bench/sweep.py [--sizes 10000,100000,1000000]
Synthetic rows are bulk-inserted with executemany, not through intake.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dondoc.context import Context  # noqa: E402
from dondoc.cycle import escalate_once  # noqa: E402
from dondoc.escalation.policies import snapshot  # noqa: E402
from dondoc.notify.dispatch import dispatch_page  # noqa: E402
from dondoc.record.clock import end_of_local_day, parse_instant, to_local  # noqa: E402
from dondoc.record.enums import NotificationStatus  # noqa: E402
from tests.receivers import json_receiver  # noqa: E402

NOW = parse_instant("2020-04-13T09:00:00+07:00")
DUE = 1_000


def fresh_context(home: Path) -> Context:
    os.environ["DONDOC_HOME"] = str(home)
    os.environ["DONDOC_CONFIG"] = str(ROOT / "config")
    os.environ.pop("DONDOC_DATABASE_URL", None)
    ctx = Context.load()
    ctx.initialise()
    return ctx


def stamp(value: dt.datetime) -> str:
    # the format SQLAlchemy's SQLite DateTime writes
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def populate(ctx: Context, open_subtasks: int) -> None:
    """One directive; tasks x agencies subtasks; DUE of them due now, the rest in months."""
    db = sqlite3.connect(ctx.settings.home / "dondoc.db")
    agencies = [row[0] for row in db.execute("SELECT id FROM agency ORDER BY id")]
    policy = json.dumps(snapshot(ctx.policies["default"]))
    now = stamp(NOW)
    db.execute(
        "INSERT INTO directive (id, number, kind, title, issuer_code, issued_on, spec_hash, registered_at, updated_at)"
        " VALUES (1, 'BENCH', 'ket_luan', 'bench', 'TTHU', '2020-04-01', '', ?, ?)",
        (now, now),
    )
    tasks = -(-open_subtasks // len(agencies))
    db.executemany(
        "INSERT INTO task (id, directive_id, key, position, text, lead_code, support_codes, due_rule,"
        " policy_name, depends_on, cancelled) VALUES (?, 1, ?, ?, 'Nhiệm vụ thử', 'UBND', '[]', 'none', 'default', '[]', 0)",
        ((i + 1, f"t{i}", i) for i in range(tasks)),
    )
    soon = end_of_local_day(ctx.calendar.add_working_days(to_local(NOW).date(), 3))
    later = end_of_local_day(dt.date(2020, 9, 30))
    later_action = stamp(later - dt.timedelta(days=7))

    def rows():
        for n in range(open_subtasks):
            due_now = n % (open_subtasks // DUE) == 0 and n // (open_subtasks // DUE) < DUE
            due_at = stamp(soon if due_now else later)
            yield (
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
                stamp(NOW - dt.timedelta(hours=2)) if due_now else later_action,
                0,
                due_at,
            )

    db.executemany(
        "INSERT INTO subtask (task_id, agency_id, role, status, due_at, original_due_at, created_at, updated_at,"
        " policy_name, policy, next_action_at, action_cursor, action_due_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows(),
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()


def bench_escalation(size: int) -> float:
    with tempfile.TemporaryDirectory(prefix="dondoc-bench-") as tmp:
        ctx = fresh_context(Path(tmp))
        started = time.perf_counter()
        populate(ctx, size)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        claimed = queued = 0
        while True:
            result = escalate_once(ctx, now=NOW)
            claimed += result.claimed
            queued += result.queued
            if result.claimed == 0:
                break
        elapsed = time.perf_counter() - started
        print(
            f"escalation, {size:>9,} open subtasks, {claimed} due: {elapsed:6.2f} s"
            f"  ({queued} notifications queued; rows inserted in {loaded:.1f} s)",
            flush=True,
        )
        assert claimed == DUE and queued == DUE
        return elapsed


def bench_dispatch() -> None:
    with tempfile.TemporaryDirectory(prefix="dondoc-bench-") as tmp, json_receiver() as hook:
        ctx = fresh_context(Path(tmp))
        populate(ctx, 10_000)
        claimed = 1
        while claimed:  # queue every notification first: only dispatch is timed
            claimed = escalate_once(ctx, now=NOW).claimed
        os.environ["DONDOC_NOTIFY_REDIRECT"] = hook.url("bench")
        started = time.perf_counter()
        sent = 0
        while True:
            page = asyncio.run(dispatch_page(ctx, now=NOW))
            sent += page.sent
            if page.claimed == 0:
                break
        elapsed = time.perf_counter() - started
        del os.environ["DONDOC_NOTIFY_REDIRECT"]
        assert sent == DUE == len(hook.received), (sent, len(hook.received))
        print(
            f"dispatch, {sent} notifications to a local HTTP receiver: {elapsed:.2f} s = {sent / elapsed:.0f}/s"
        )
        with ctx.session() as session:
            from sqlmodel import func, select

            from dondoc.record.models import Notification

            left = session.exec(
                select(func.count()).where(Notification.status != NotificationStatus.SENT)
            ).one()
        assert left == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    times = {size: bench_escalation(size) for size in sizes}
    if len(sizes) > 1:
        ratio = times[sizes[-1]] / times[sizes[0]]
        print(f"ratio {sizes[-1]:,} / {sizes[0]:,}: {ratio:.2f} (goal <= 1.5)")
    bench_dispatch()


if __name__ == "__main__":
    main()
