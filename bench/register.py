"""Benchmark of registering a province's directive (prints figures; not a timed test).

A generated province (tests/province.py: ~100 communes and wards, 2,000 villages) and one
directive of it fanned out to every village, 100,150 subtasks with 105,000 dependencies:

1. planning alone (read, check, expand fan-outs, match dependencies) at several sizes;
2. dondoc's core writing it (plan + persist, no Prefect);
3. raw executemany of the same rows (read back from what dondoc wrote) into an identical
   database: the floor; goal: dondoc's persist within 3x of it;
4. the intake flow as `dondoc load` runs it (Prefect flow run, coarse tasks), and Prefect's
   fixed cost measured on a 100-subtask directive; goal: within 3x of raw plus that fixed cost;
5. the naive design, one Prefect task per subtask, on 1,000 subtasks, scaled to the whole.

Run: .venv/bin/python bench/register.py [--subtasks 100000] [--database-url postgresql+psycopg://…/db]
With --database-url (a PostgreSQL server; the bench makes and drops its own databases) the same
runs on PostgreSQL. The machine's load shows in every figure: compare the ratios.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="dondoc-bench-prefect-"))
os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")

from sqlalchemy import JSON, MetaData, Table, create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402
from sqlmodel import Session  # noqa: E402

from dondoc.context import Context  # noqa: E402
from dondoc.directives.plan import Plan  # noqa: E402
from dondoc.reading.reports import directive_markdown  # noqa: E402
from dondoc.record import clock  # noqa: E402
from dondoc.record.audit import Actor  # noqa: E402
from dondoc.record.db import engine_for  # noqa: E402
from dondoc.record.enums import Role, SubtaskStatus  # noqa: E402
from dondoc.record.models import Event, Subtask  # noqa: E402
from dondoc.registration import plan_from_file, register_directive  # noqa: E402
from tests.province import NUMBER, Province, write_directive, write_province  # noqa: E402

NOW = "2026-03-02T15:00:00+07:00"
# what registration writes; the rest (agencies, directive, tasks) is copied before timing
WRITTEN = ("subtask", "subtaskdependency", "event")
NAIVE_SAMPLE = 1_000


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


class Databases:
    """Fresh databases for each run: SQLite files, or databases on a PostgreSQL server."""

    def __init__(self, server_url: str | None, scratch: Path) -> None:
        self.server_url = server_url
        self.scratch = scratch
        self.made: list[str] = []

    def new(self, name: str) -> str:
        if self.server_url is None:
            return f"sqlite:///{self.scratch / (name + '.db')}"
        database = f"dondoc_bench_{os.getpid()}_{name}"
        with self._admin() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        self.made.append(database)
        return make_url(self.server_url).set(database=database).render_as_string(hide_password=False)

    @contextmanager
    def _admin(self) -> Iterator[Any]:
        assert self.server_url
        engine = create_engine(self.server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with engine.connect() as connection:
            yield connection

    def drop_all(self) -> None:
        if self.server_url:
            with self._admin() as connection:
                for database in self.made:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


def context_on(url: str, province: Province) -> Context:
    os.environ["DONDOC_DATABASE_URL"] = url
    os.environ["DONDOC_CONFIG"] = str(province.config)
    ctx = Context.load()
    ctx.initialise()
    return ctx


def bench_planning(scratch: Path, databases: Databases, sizes: list[int]) -> None:
    for size in sizes:
        province = write_province(scratch / f"plan-{size}", subtasks=size)
        ctx = context_on(databases.new(f"plan{size}"), province)
        elapsed, plan = timed(lambda ctx=ctx, province=province: plan_from_file(ctx, province.spec))
        print(
            f"planning {len(plan.subtasks):>9,} subtasks, {len(plan.dependencies):>9,} dependencies: "
            f"{elapsed:6.2f} s  ({elapsed / len(plan.subtasks) * 1e6:.1f} µs a subtask)",
            flush=True,
        )


def bench_core(ctx: Context, province: Province) -> tuple[float, float, Plan]:
    plan_time, plan = timed(lambda: plan_from_file(ctx, province.spec))
    at = clock.parse_instant(NOW)
    persist_time, result = timed(
        lambda: register_directive(ctx, plan, update=False, actor=Actor("VPTU"), now=at)
    )
    assert result.subtasks == province.subtasks, result
    print(
        f"dondoc core: plan {plan_time:.2f} s + persist {persist_time:.2f} s = {plan_time + persist_time:.2f} s "
        f"({result.subtasks:,} subtasks)",
        flush=True,
    )
    return plan_time, persist_time, plan


def _native_rows(url: str, table: Table) -> tuple[str, list[tuple[Any, ...]]]:
    """The table's rows as the driver returns them, and the statement that puts them back."""
    names = [c.name for c in table.columns]
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(make_url(url).database or "") as db:
            rows = db.execute(f"SELECT {', '.join(names)} FROM {table.name} ORDER BY 1").fetchall()
        marks = ", ".join("?" for _ in names)
    else:
        import psycopg

        selected = [f"{c.name}::text" if isinstance(c.type, JSON) else c.name for c in table.columns]
        with psycopg.connect(_libpq(url)) as db:
            rows = db.execute(f"SELECT {', '.join(selected)} FROM {table.name} ORDER BY 1").fetchall()
        marks = ", ".join("%s::json" if isinstance(c.type, JSON) else "%s" for c in table.columns)
    return f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})", rows


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def bench_raw(source_url: str, target_url: str, province: Province) -> float:
    """The rows dondoc wrote, put into an identical database with the driver's executemany."""
    context_on(target_url, province)
    metadata = MetaData()
    metadata.reflect(engine_for(source_url))
    before = [t for t in metadata.sorted_tables if t.name in ("directive", "task")]
    for table in before:
        statement, rows = _native_rows(source_url, table)
        _executemany(target_url, [(statement, rows)])
    batches = [_native_rows(source_url, metadata.tables[name]) for name in WRITTEN]
    engine_for(source_url).dispose()
    elapsed = _executemany(target_url, batches)
    counts = ", ".join(f"{len(rows):,} {name}" for name, (_, rows) in zip(WRITTEN, batches, strict=True))
    print(f"raw executemany of the same rows ({counts}): {elapsed:.2f} s", flush=True)
    return elapsed


def _executemany(url: str, batches: list[tuple[str, list[tuple[Any, ...]]]]) -> float:
    """Timed from the first row to the commit, on a connection set up as dondoc's is."""
    if url.startswith("sqlite"):
        import sqlite3

        db = sqlite3.connect(make_url(url).database or "")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA journal_mode=WAL")
        started = time.perf_counter()
        for statement, rows in batches:
            db.executemany(statement, rows)
        db.commit()
        elapsed = time.perf_counter() - started
        db.close()
        return elapsed
    import psycopg

    with psycopg.connect(_libpq(url)) as pg:
        started = time.perf_counter()
        with pg.cursor() as cursor:
            for statement, rows in batches:
                cursor.executemany(statement, rows)
        pg.commit()
        return time.perf_counter() - started


def bench_flow(databases: Databases, province: Province, scratch: Path) -> tuple[float, float, float]:
    """The intake flow as `dondoc load` runs it, on the whole directive and on a small one."""
    from flows.intake import register

    small = write_directive(scratch / "small.yaml", village_tasks=0, number="151-KL/TU")
    context_on(databases.new("flowsmall"), province)
    fixed, _ = timed(lambda: register(str(small), update=False, actor="VPTU", now=NOW))
    ctx = context_on(databases.new("flow"), province)
    whole, result = timed(lambda: register(str(province.spec), update=False, actor="VPTU", now=NOW))
    assert result["subtasks"] == province.subtasks, result
    # the flow's last task publishes the directive's summary, read through dondoc.reading
    with ctx.session() as session:
        summary, _ = timed(
            lambda: directive_markdown(
                session, result["directive_id"], now=clock.parse_instant(NOW), calendar=ctx.calendar
            )
        )
    print(
        f"intake flow (Prefect): {whole:.2f} s for {province.subtasks:,} subtasks, of which the summary "
        f"artifact ~{summary:.2f} s; {fixed:.2f} s for a directive of 100 (Prefect's fixed cost)",
        flush=True,
    )
    return whole, fixed, summary


def bench_naive(databases: Databases, province: Province, plan: Plan) -> float:
    """One Prefect task per subtask, each writing its subtask and audit row through the ORM."""
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE

    ctx = context_on(databases.new("naive"), province)
    at = clock.parse_instant(NOW)
    # the directive and its tasks without subtasks: the naive tasks below write those
    tiny = dataclasses.replace(plan, subtasks=[], dependencies=[])
    created = register_directive(ctx, tiny, update=False, actor=Actor("VPTU"), now=at)
    with ctx.session() as session:
        from sqlmodel import select

        from dondoc.record.models import Agency, Task

        agencies = {a.code: a.id for a in session.exec(select(Agency)).all()}
        tasks = {
            t.key: t.id for t in session.exec(select(Task).where(Task.directive_id == created.directive_id))
        }
    policy = plan.policies["default"].model_dump(mode="json")

    @task(cache_policy=NO_CACHE)
    def create_subtask(task_key: str, agency_code: str, role: str) -> None:
        with Session(engine_for(ctx.settings.database_url)) as session:
            sub = Subtask(
                task_id=tasks[task_key],
                agency_id=agencies[agency_code],
                role=Role(role),
                status=SubtaskStatus.PENDING,
                created_at=at,
                updated_at=at,
                policy=policy,
            )
            session.add(sub)
            session.flush()
            session.add(
                Event(at=at, actor="VPTU", action="subtask.created", source="flow", subtask_id=sub.id)
            )
            session.commit()

    @flow(name="naive-intake")
    def naive(subtasks: list[tuple[str, str, str]]) -> None:
        for task_key, agency_code, role in subtasks:
            create_subtask(task_key, agency_code, role)

    sample = [(s.task_key, s.agency_code, s.role.value) for s in plan.subtasks[:NAIVE_SAMPLE]]
    elapsed, _ = timed(lambda: naive(sample))
    scaled = elapsed * len(plan.subtasks) / NAIVE_SAMPLE
    print(
        f"naive (one Prefect task per subtask): {elapsed:.2f} s for {NAIVE_SAMPLE:,}, "
        f"scaled to {len(plan.subtasks):,}: {scaled:,.0f} s",
        flush=True,
    )
    return scaled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subtasks", type=int, default=100_000)
    parser.add_argument("--plan-sizes", default="10000,100000,300000")
    parser.add_argument("--database-url", help="a PostgreSQL server (postgresql+psycopg://…)")
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dondoc-bench-") as tmp:
        scratch = Path(tmp)
        os.environ["DONDOC_HOME"] = str(scratch / "home")
        databases = Databases(args.database_url, scratch)
        where = "PostgreSQL" if args.database_url else "SQLite"
        print(f"database: {where}; province: ", end="")
        province = write_province(scratch / "province", subtasks=args.subtasks)
        print(
            f"{province.agencies:,} agencies, {province.villages:,} villages, directive {NUMBER}", flush=True
        )
        try:
            bench_planning(scratch, databases, [int(s) for s in args.plan_sizes.split(",") if s])
            dondoc_url = databases.new("dondoc")
            ctx = context_on(dondoc_url, province)
            plan_time, persist_time, plan = bench_core(ctx, province)
            raw = bench_raw(dondoc_url, databases.new("raw"), province)
            print(f"ratio persist / raw: {persist_time / raw:.2f} (goal <= 3)")
            print(f"ratio plan + persist / raw: {(plan_time + persist_time) / raw:.2f}")
            with prefect_harness() as started:
                print(f"Prefect's temporary server started in {started:.1f} s (`dondoc serve` keeps one)")
                whole, fixed, summary = bench_flow(databases, province, scratch)
                print(f"ratio (flow - fixed) / raw: {(whole - fixed) / raw:.2f} (goal <= 3)")
                print(
                    f"ratio (flow - fixed - summary) / raw: {(whole - fixed - summary) / raw:.2f} "
                    "(the summary reads through dondoc.reading)"
                )
                if not args.skip_naive:
                    naive = bench_naive(databases, province, plan)
                    print(f"ratio naive (scaled) / intake flow: {naive / whole:.0f}")
        finally:
            databases.drop_all()


@contextmanager
def prefect_harness() -> Iterator[float]:
    """Prefect's temporary server, as `dondoc load` starts one when no server runs; yields how
    long it took to start."""
    from prefect.testing.utilities import prefect_test_harness

    started = time.perf_counter()
    with prefect_test_harness(server_startup_timeout=120):
        yield time.perf_counter() - started


if __name__ == "__main__":
    main()
