"""Benchmark of publishing the audit log to Prefect's event feed (prints figures; not a test).

The seed directive is registered (195 audit rows), then N synthetic progress rows are added with
one bulk insert; publish_pending sends everything pending to a Prefect test server in batches of
500, then waits for the server to store them. Printed: events per second end to end, and how the
time splits between sending and waiting for the server to store them.

Run: .venv/bin/python bench/publish.py [--rows 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    {
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_HOME": tempfile.mkdtemp(prefix="dondoc-bench-prefect-"),
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
    }
)

from prefect.testing.utilities import prefect_test_harness  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

import orchestration.events as publish  # noqa: E402
from dondoc.context import Context  # noqa: E402
from dondoc.record.audit import Actor, event_rows  # noqa: E402
from dondoc.record.clock import parse_instant  # noqa: E402
from dondoc.record.models import Event, Subtask  # noqa: E402
from dondoc.registration import plan_from_file, register_directive  # noqa: E402

SEED = ROOT / "config" / "directives" / "kl-giao-ban-thang-4-2020.yaml"
AT = parse_instant("2020-04-01T15:00:00+07:00")


def prepared(rows: int) -> Context:
    os.environ["DONDOC_HOME"] = tempfile.mkdtemp(prefix="dondoc-bench-")
    os.environ["DONDOC_CONFIG"] = str(ROOT / "config")
    os.environ.pop("DONDOC_DATABASE_URL", None)
    ctx = Context.load()
    ctx.initialise()
    result = register_directive(ctx, plan_from_file(ctx, SEED), update=False, actor=Actor("VPHU"), now=AT)
    with ctx.session() as session:
        subtask_ids = list(session.execute(select(Subtask.id)).scalars())
        session.execute(
            insert(Event),
            [
                row
                for i in range(rows)
                for row in event_rows(
                    actor=Actor("XA-HOABINH"),
                    action="subtask.progress",
                    at=AT,
                    directive_id=result.directive_id,
                    subtask_ids=[subtask_ids[i % len(subtask_ids)]],
                    note=f"Tiến độ lần {i}",
                )
            ],
        )
    return ctx


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    with prefect_test_harness(server_startup_timeout=120):
        ctx = prepared(args.rows)
        timings: dict[str, list[float]] = {"send": [], "stored": []}
        send, stored = publish._send, publish._stored

        async def timed_send(events: list) -> None:  # type: ignore[type-arg]
            start = time.perf_counter()
            await send(events)
            timings["send"].append(time.perf_counter() - start)

        async def timed_stored(events: list) -> set:  # type: ignore[type-arg]
            start = time.perf_counter()
            found = await stored(events)
            timings["stored"].append(time.perf_counter() - start)
            return found

        publish._send, publish._stored = timed_send, timed_stored  # type: ignore[assignment]
        total = 0
        start = time.perf_counter()
        while True:
            result = asyncio.run(publish.publish_pending(ctx))
            total += result.published
            if not result.pending or result.error:
                break
        elapsed = time.perf_counter() - start
        print(f"published {total:,} events in {elapsed:.1f} s: {total / elapsed:,.0f} events/s")
        print(
            f"sending {sum(timings['send']):.1f} s ({len(timings['send'])} batches of {publish.BATCH_SIZE}), "
            f"waiting until the server has stored them {sum(timings['stored']):.1f} s "
            "(its persister flushes every 5 s by default)"
        )
        if result.error:
            print(f"stopped on: {result.error}")


if __name__ == "__main__":
    main()
