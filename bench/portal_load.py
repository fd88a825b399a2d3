"""Benchmark of the portal under a province's load (prints figures; not a timed test).

Builds a province of N subtasks (bench/province.py), starts the portal in W worker processes
(`uvicorn --factory dondoc.portal.app:create_app`, as `dondoc serve --workers W` runs it, without
the Prefect side, which this load does not touch), then for D seconds runs C agency clients
(communes and villages, each with its own link) that read pages of their list and report their
own subtasks done, while a coordinator reads the dashboard and opens communes' villages, and a
sweep cycle (escalation and dispatch, as the sweep deployment runs it) works through what is due.
Afterwards it checks in the database that every completion the clients were told of is there.

Goals (issue 13): 50 agency clients at 100,000 subtasks, p99 < 100 ms, no error; the coordinator's
dashboard < 300 ms; the same on PostgreSQL at 1,000,000.

Then, unless --no-floor, dondoc against its floor (bench/floor_compare.py): the SQL dondoc's
handlers send for an agency's page and for a completion is recorded on a scratch copy of the
database, a bare ASGI app replays it (bench/floor.py), and each server in turn serves the same
agency clients on the measured database; it prints "page: dondoc X ms, floor Y ms, ratio Z;
completion: …" (CPU a request) and the self-check of the recording.

Run: .venv/bin/python bench/portal_load.py [--subtasks 100000] [--clients 50] [--workers 2]
     [--duration 30] [--think 1.0] [--database postgresql+psycopg://…] [--home DIR]
     [--no-floor] [--floor-think 1.0 0]
Small (proves it works, a few minutes):
     .venv/bin/python bench/portal_load.py --subtasks 20000 --clients 10 --duration 10 --floor-think 1 0
Everything listens and connects on 127.0.0.1 only; the run is bounded by --duration.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_clients import Pace, Results, Timings, agency_client, coordinator, warm_up  # noqa: E402
from bench.province import Province, populate, write_config  # noqa: E402
from dondoc.context import Context  # noqa: E402
from dondoc.record.clock import parse_instant  # noqa: E402
from dondoc.record.db import POOL_SIZE_ENV, pool_size_for_workers  # noqa: E402

NOW = parse_instant("2026-03-16T09:00:00+07:00")  # a Monday morning
HOST = "127.0.0.1"


def environment(home: Path, database: str | None, workers: int) -> dict[str, str]:
    env = {
        **os.environ,
        "DONDOC_HOME": str(home),
        "DONDOC_CONFIG": str(home / "config"),
        "DONDOC_NOW": NOW.isoformat(),
        "DONDOC_NOTIFY_REDIRECT": "dondocfile://",
        POOL_SIZE_ENV: str(pool_size_for_workers(workers)),
        "DO_NOT_TRACK": "1",
    }
    if database:
        env["DONDOC_DATABASE_URL"] = database
    else:
        env.pop("DONDOC_DATABASE_URL", None)
    return env


def postgres_admin(url: str, *statements: str) -> None:
    """Statements on the server's maintenance database (CREATE/DROP DATABASE)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


def build(home: Path, env: dict[str, str], subtasks: int) -> Province:
    """A fresh copy of the province: built once per home and size (a minute or two at a million),
    then copied for each run, so every run starts from the same state (a SQLite file copy, a
    PostgreSQL database cloned from a template)."""
    from sqlalchemy.engine import make_url

    from dondoc.record.db import engine_for

    marker, database = home / "province.json", env.get("DONDOC_DATABASE_URL")
    pristine = home / "province.sqlite"
    name = make_url(database).database if database else None
    template = f"{name}_province"
    built = marker.exists() and json.loads(marker.read_text())["subtasks"] == subtasks
    if built and database:
        postgres_admin(
            database,
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'CREATE DATABASE "{name}" TEMPLATE "{template}"',
        )
        return Province(**json.loads(marker.read_text()))
    if built:
        for suffix in ("", "-wal", "-shm"):
            (home / f"dondoc.db{suffix}").unlink(missing_ok=True)
        shutil.copyfile(pristine, home / "dondoc.db")
        return Province(**json.loads(marker.read_text()))
    if database:
        postgres_admin(
            database,
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'DROP DATABASE IF EXISTS "{template}"',
            f'CREATE DATABASE "{name}"',
        )
    write_config(home / "config")
    os.environ.update({k: v for k, v in env.items() if k.startswith("DONDOC_")})
    if not database:
        os.environ.pop("DONDOC_DATABASE_URL", None)
    ctx = Context.load()
    ctx.initialise()
    started = time.perf_counter()
    province = populate(ctx, subtasks=subtasks, now=NOW)
    print(f"built {province.subtasks:,} subtasks in {time.perf_counter() - started:.0f} s", flush=True)
    engine_for(ctx.settings.database_url).dispose()  # SQLite: checkpoints the WAL into the file
    if database:
        postgres_admin(database, f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
    else:
        shutil.copyfile(home / "dondoc.db", pristine)
    marker.write_text(json.dumps(province.__dict__))
    return province


def issue_links(env: dict[str, str], agencies: list[str], coordinator: str = "VPUBT") -> dict[str, str]:
    """A fresh link for each client agency and for the coordinator (in a child: the settings are env's)."""
    code = (
        "import json, sys\n"
        "from dondoc.context import Context\nfrom dondoc.record.clock import now\n"
        "from dondoc.work.access import issue_link\n"
        "ctx = Context.load(); out = {}\n"
        "with ctx.session() as s:\n"
        "    for c in json.loads(sys.argv[1]):\n"
        "        out[c] = issue_link(s, code=c, coordinator=False, rotate=True, now=now()).token\n"
        "    out['coordinator'] = issue_link(s, code=sys.argv[2], coordinator=True, rotate=True, now=now()).token\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(agencies), coordinator],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout))


def start_portal(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "uvicorn", "dondoc.portal.app:create_app", "--factory"]
    argv += ["--host", HOST, "--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    argv += ["--no-access-log"]
    return subprocess.Popen(argv, env=env, cwd=ROOT, start_new_session=True)


async def wait_answering(base: str, portal: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(600):
            if portal.poll() is not None:
                raise SystemExit(f"the portal stopped (exit {portal.returncode})")
            try:
                if (await client.get(f"{base}/healthz", timeout=1)).status_code == 200:
                    return
            except httpx.TransportError:
                await asyncio.sleep(0.2)
    raise SystemExit("the portal never answered")


def start_sweep(env: dict[str, str], nice: int) -> subprocess.Popen[str]:
    code = (
        "import asyncio, json, time\nfrom dondoc.context import Context\nfrom dondoc.cycle import run_sweep\n"
        "from dondoc.record.clock import now\n"
        "started = time.perf_counter(); result = asyncio.run(run_sweep(Context.load(), now=now()))\n"
        "print(json.dumps({**result.as_dict(), 'seconds': time.perf_counter() - started}))\n"
    )
    # a sweep is batch work: a deployment may run its worker at a lower priority than the portal
    return subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.nice(nice),
    )


def check_completions(env: dict[str, str], completed: dict[int, str]) -> list[str]:
    """Every completion a client was told of, in the database: awaiting confirmation, at now, by it."""
    code = (
        "import json, sys\nfrom sqlmodel import col, select\nfrom dondoc.context import Context\n"
        "from dondoc.record.models import Event, Subtask\n"
        "ids = [int(i) for i in json.loads(sys.argv[1])]; found = {}\n"
        "with Context.load().session() as s:\n"
        "    for sub in s.exec(select(Subtask).where(col(Subtask.id).in_(ids))).all():\n"
        "        found[sub.id] = [sub.status, sub.completed_at.isoformat() if sub.completed_at else None, []]\n"
        "    for e in s.exec(select(Event).where(col(Event.subtask_id).in_(ids), Event.action == 'subtask.done')):\n"
        "        found[e.subtask_id][2].append(e.actor)\n"
        "print(json.dumps(found))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(list(completed))],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found = {int(k): v for k, v in json.loads(done.stdout).items()}
    problems = []
    for subtask_id, code_ in completed.items():
        status, completed_at, actors = found.get(subtask_id, [None, None, []])
        if status != "awaiting_confirmation" or completed_at is None or actors != [code_]:
            problems.append(f"#{subtask_id} ({code_}): {status}, {completed_at}, done by {actors}")
    return problems


def cpu_seconds(parent: int) -> float:
    """User and system CPU time of the portal's processes so far (its workers are the children)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if entry.name == str(parent) or fields[1] == str(parent):
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


@dataclass
class Run:
    out: Results
    seconds: float
    cpu: float
    sweep: subprocess.Popen[str] | None


async def load(
    args: argparse.Namespace,
    base: str,
    tokens: dict[str, str],
    province: Province,
    portal: int,
    env: dict[str, str],
) -> Run:
    """The measured window, after the warm-up and the ramp-up, with the sweep started as it opens:
    the results, its length and the portal's CPU in it."""
    await warm_up(base, tokens)
    ramp_up = min(5 * args.think, 10.0) if args.think else 0.0
    since = time.monotonic() + ramp_up
    out = Results(since=since, until=since + args.duration)
    agencies = Pace(ramp_up, out.until, args.think)
    desk = Pace(ramp_up, agencies.until, args.coordinator_think)
    clients = [c for c in tokens if c != "coordinator"]
    everyone = asyncio.gather(
        coordinator(base, tokens["coordinator"], province.communes, desk, out),
        *(agency_client(base, c, tokens[c], agencies, out) for c in clients),
    )
    await asyncio.sleep(ramp_up)
    sweep = None if args.no_sweep else start_sweep(env, args.sweep_nice)
    cpu = cpu_seconds(portal)
    await asyncio.sleep(args.duration)
    cpu = cpu_seconds(portal) - cpu
    await everyone  # the requests still in flight, not counted
    return Run(out, args.duration, cpu, sweep)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subtasks", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (bounded)")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause of a person between requests (s)"
    )
    parser.add_argument("--coordinator-think", type=float, default=5.0, help="the coordinator's pause (s)")
    parser.add_argument("--database", help="a SQLAlchemy URL (default: SQLite in the home)")
    parser.add_argument("--home", type=Path, help="keep the province here and reuse it next time")
    parser.add_argument("--port", type=int, default=18510)
    parser.add_argument("--no-sweep", action="store_true", help="without the sweep (to see what it costs)")
    parser.add_argument("--sweep-nice", type=int, default=0, help="the sweep's niceness (0: as the portal)")
    parser.add_argument("--no-floor", action="store_true", help="without dondoc against its floor")
    parser.add_argument(
        "--floor-think",
        type=float,
        nargs="+",
        help="think times of the floor's comparison (default: --think; 0: back to back)",
    )
    args = parser.parse_args()
    if not 1 <= args.clients <= 500 or not 0 < args.duration <= 600:
        raise SystemExit("--clients 1..500, --duration up to 600 s")
    args.floor_think = args.floor_think or [args.think]
    return args


def run_load(
    args: argparse.Namespace, env: dict[str, str], tokens: dict[str, str], province: Province
) -> tuple[Run, dict[str, Any]]:
    """The portal started, the measured window, the portal stopped; the run and the sweep's result."""
    base = f"http://{HOST}:{args.port}"
    portal = start_portal(env, args.port, args.workers)
    run: Run | None = None
    try:
        asyncio.run(wait_answering(base, portal))
        run = asyncio.run(load(args, base, tokens, province, portal.pid, env))
        swept = json.loads(run.sweep.communicate(timeout=600)[0] or "{}") if run.sweep else {}
    finally:
        os.killpg(portal.pid, signal.SIGTERM)
        portal.wait(60)
        if run is not None and run.sweep is not None and run.sweep.poll() is None:
            run.sweep.kill()
    assert run is not None  # the try block either set it or raised
    return run, swept


def report(args: argparse.Namespace, province: Province, run: Run, swept: dict[str, Any]) -> Timings:
    """The run's figures; returns all agency requests' timings."""
    out, elapsed, cpu = run.out, run.seconds, run.cpu
    requests = len(out.reads.seconds) + len(out.completions.seconds)
    database = "PostgreSQL" if args.database else "SQLite"
    print(
        f"{database}, {province.subtasks:,} subtasks ({len(province.communes)} communes, "
        f"{len(province.villages):,} villages, {province.directives} directives, {province.overdue:,} open "
        f"and overdue, {province.due_now:,} due for the sweep); {args.workers} portal "
        f"workers; {args.clients} agency clients + 1 coordinator for {elapsed:.0f} s, think {args.think} s"
    )
    served = requests + len(out.dashboard.seconds) + len(out.villages.seconds)
    print(
        f"agency requests: {requests / elapsed:.1f}/s; the portal's CPU: {cpu:.1f} s in {elapsed:.0f} s, "
        f"{1000 * cpu / max(served, 1):.1f} ms a request"
    )
    for name, timings in (
        ("agency list pages", out.reads),
        ("agency completions", out.completions),
        ("coordinator dashboard", out.dashboard),
        ("villages of a commune", out.villages),
    ):
        print(timings.line(name))
    agency = Timings(out.reads.seconds + out.completions.seconds, out.reads.errors + out.completions.errors)
    print(agency.line("all agency requests"))
    if swept:
        escalation = swept["escalation"]
        print(
            f"sweep during the load: {escalation['claimed']} due subtasks, {escalation['queued']} "
            f"notifications queued, {swept['dispatch']['sent']} sent, in {swept['seconds']:.1f} s"
            f" (nice {args.sweep_nice})"
        )
    return agency


def main() -> None:
    args = arguments()
    home = (args.home or Path(tempfile.mkdtemp(prefix="dondoc-load-"))).resolve()
    env = environment(home, args.database, args.workers)
    province = build(home, env, args.subtasks)
    # half communes (they see their villages' work too), half villages, spread over the province
    rng = random.Random(13)
    agencies = rng.sample(province.communes, args.clients // 2) + rng.sample(
        province.villages, args.clients - args.clients // 2
    )
    tokens = issue_links(env, agencies)
    load_before = os.getloadavg()
    run, swept = run_load(args, env, tokens, province)
    agency = report(args, province, run, swept)
    out = run.out
    problems = check_completions(env, out.completed)
    print(f"completions checked in the database: {len(out.completed)}, missing or wrong: {len(problems)}")
    for problem in problems[:10]:
        print("  ", problem)
    for error in (agency.errors + out.dashboard.errors + out.villages.errors)[:10]:
        print("   error:", error)
    print(
        f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)"
    )
    if problems:
        raise SystemExit(1)
    if not args.no_floor:
        from bench.floor_compare import compare

        compare(args, env, home, tokens, province)


if __name__ == "__main__":
    main()
