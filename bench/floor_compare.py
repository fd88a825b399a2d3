"""dondoc's portal against its floor (bench/floor.py), for bench/portal_load.py: the SQL of a page
and of a completion recorded on a scratch copy of the database, then each server in turn on the
measured database under the same kind of agency clients (no coordinator, no sweep), and the CPU
a request of each: a window of reads alone (the same agencies for both) gives a page's cost; a
window of reads and completions (agencies of its own for each, their open work untouched), less
its pages at that cost, a completion's."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.load_clients import Pace, Results, agency_client, warm_up
from bench.portal_load import (
    HOST,
    ROOT,
    check_completions,
    cpu_seconds,
    issue_links,
    postgres_admin,
    start_portal,
    wait_answering,
)
from bench.province import Province


def scratch_copy(home: Path, env: dict[str, str]) -> dict[str, str]:
    """The environment of a copy of the measured database, for the recording's completions."""
    database = env.get("DONDOC_DATABASE_URL")
    if database:
        from sqlalchemy.engine import make_url

        url = make_url(database)
        scratch = f"{url.database}_floor"
        postgres_admin(database, f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        postgres_admin(database, f'CREATE DATABASE "{scratch}" TEMPLATE "{url.database}"')
        return {**env, "DONDOC_DATABASE_URL": url.set(database=scratch).render_as_string(hide_password=False)}
    target = home / "floor-scratch.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(home / "dondoc.db") as source, sqlite3.connect(target) as copy:
        source.backup(copy)  # consistent whatever the WAL holds
    return {**env, "DONDOC_DATABASE_URL": f"sqlite:///{target}"}


def record(home: Path, env: dict[str, str], communes: list[str], villages: list[str]) -> tuple[Path, dict]:
    plan = home / "floor-plan.pickle"
    candidates = json.dumps({"communes": communes, "villages": villages[:300]})
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "floor_record.py"), str(plan), candidates],
        env=scratch_copy(home, env),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"recording the floor failed:\n{done.stderr[-3000:]}{done.stdout[-500:]}")
    return plan, json.loads(done.stdout.strip().splitlines()[-1])


def print_check(check: dict) -> None:
    for kind, found in check.items():
        issued = ", ".join(f"{n} {verb}" for verb, n in sorted(found["issued"].items()))
        replayed = ", ".join(f"{n} {verb}" for verb, n in sorted(found["replayed"].items()))
        same = "equal" if found["issued"] == found["replayed"] else "NOT EQUAL"
        print(f"floor self-check, {kind}: dondoc issued {issued}; the floor replays {replayed} ({same})")
        approximate = found["approximate"]
        print(
            f"   second sample rebuilt: {found['exact']} parameters exact, {len(approximate)} kept as "
            "recorded (text rendered from values, a time kept when already set)"
        )
        for line in approximate:
            print("     ", line)


def start_floor(env: dict[str, str], plan: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    url = env.get("DONDOC_DATABASE_URL") or f"sqlite:///{Path(env['DONDOC_HOME']) / 'dondoc.db'}"
    argv = [sys.executable, "-m", "uvicorn", "bench.floor:app", "--host", HOST, "--port", str(port)]
    argv += ["--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    floor_env = {**env, "FLOOR_PLAN": str(plan), "FLOOR_DATABASE_URL": url}
    return subprocess.Popen(argv, env=floor_env, cwd=ROOT, start_new_session=True)


WARM_COMPLETIONS_S = 1.5
# fewer than this in a window, and a completion's CPU (a difference) is noise
MIN_COMPLETIONS = 10


@dataclass
class Window:
    out: Results
    cpu: float


async def window(
    base: str, tokens: dict[str, str], pid: int, think: float, duration: float, completing: bool
) -> Window:
    """The agency clients for `duration` seconds after a ramp-up; the server's CPU in that time."""
    ramp_up = min(5 * think, 10.0) if think else 0.0
    since = time.monotonic() + ramp_up
    out = Results(since=since, until=since + duration)
    pace = Pace(ramp_up, out.until, think)
    clients = [c for c in tokens if c != "coordinator"]
    everyone = asyncio.gather(
        *(
            agency_client(base, c, tokens[c], pace, out, completing=completing, salt=f"{base}{think}")
            for c in clients
        )
    )
    await asyncio.sleep(ramp_up)
    cpu = cpu_seconds(pid)
    await asyncio.sleep(duration)
    cpu = cpu_seconds(pid) - cpu
    await everyone
    return Window(out, cpu)


@dataclass
class Cost:
    page_ms: float
    completion_ms: float
    reads: Window
    mixed: Window

    @staticmethod
    def of(reads: Window, mixed: Window) -> Cost:
        page = reads.cpu / max(len(reads.out.reads.seconds), 1)
        completions = len(mixed.out.completions.seconds)
        rest = mixed.cpu - page * len(mixed.out.reads.seconds)
        return Cost(1000 * page, 1000 * rest / max(completions, 1), reads, mixed)


@dataclass
class Clients:
    """Who reads in the reads-only window (the same for dondoc and the floor: a page's cost
    depends on whose it is), and who reads and completes in the mixed one (each server its own
    agencies, alike in kind, whose open work no earlier window took)."""

    readers: dict[str, str]
    completers: dict[str, str]


async def measure(
    server: subprocess.Popen[bytes], base: str, clients: Clients, think: float, duration: float
) -> Cost:
    await wait_answering(base, server)
    await warm_up(base, clients.readers)
    # and a few completions, unmeasured: a worker's first one loads what only writes use (dondoc's
    # publisher imports Prefect), a one-off the steady state does not pay
    await window(base, clients.completers, server.pid, 0.0, WARM_COMPLETIONS_S, completing=True)
    reads = await window(base, clients.readers, server.pid, think, duration, completing=False)
    mixed = await window(base, clients.completers, server.pid, think, duration, completing=True)
    return Cost.of(reads, mixed)


def serve_and_measure(
    start: subprocess.Popen[bytes], base: str, clients: Clients, think: float, duration: float
) -> Cost:
    try:
        return asyncio.run(measure(start, base, clients, think, duration))
    finally:
        os.killpg(start.pid, signal.SIGTERM)
        start.wait(60)


def report(think: float, clients: int, dondoc: Cost, floor: Cost, env: dict[str, str]) -> None:
    print(f"dondoc against its floor, {clients} agency clients, think {think} s (no coordinator, no sweep):")
    for name, cost in (("dondoc", dondoc), ("floor", floor)):
        reads, mixed = cost.reads.out, cost.mixed.out
        errors = len(reads.reads.errors) + len(mixed.reads.errors) + len(mixed.completions.errors)
        print(
            f"   {name:<6} {len(reads.reads.seconds)} pages alone ({cost.reads.cpu:.1f} s CPU), then "
            f"{len(mixed.reads.seconds)} pages and {len(mixed.completions.seconds)} completions "
            f"({cost.mixed.cpu:.1f} s CPU); errors {errors}"
        )
        print("     ", mixed.reads.line("pages"), "\n     ", mixed.completions.line("completions"))
        problems = check_completions(env, mixed.completed)
        print(
            f"      completions checked in the database: {len(mixed.completed)}, missing or wrong: {len(problems)}"
        )
    print(f"page: {ratio(dondoc.page_ms, floor.page_ms)}; completion: {completion_ratio(dondoc, floor)}")


def ratio(dondoc_ms: float, floor_ms: float) -> str:
    return f"dondoc {dondoc_ms:.2f} ms, floor {floor_ms:.2f} ms, ratio {dondoc_ms / max(floor_ms, 1e-9):.1f}"


def completion_ratio(dondoc: Cost, floor: Cost) -> str:
    counts = [len(c.mixed.out.completions.seconds) for c in (dondoc, floor)]
    if min(counts) < MIN_COMPLETIONS:
        return f"too few completions to tell ({counts[0]} and {counts[1]}; a longer or larger run)"
    return f"{ratio(dondoc.completion_ms, floor.completion_ms)} (from {counts[0]} and {counts[1]})"


class Agencies:
    """Agencies for the windows, half communes, half villages, none of the load's own; a commune
    serves again once all have served (there are 100), a village never does (2,000)."""

    def __init__(self, province: Province, used: dict[str, str]) -> None:
        self.rng = random.Random(18)
        self.communes = [c for c in province.communes if c not in used]
        self.villages = [v for v in province.villages if v not in used]
        self.rng.shuffle(self.communes)
        self.rng.shuffle(self.villages)
        self.taken = 0

    def take(self, count: int) -> list[str]:
        communes = [self.communes[(self.taken + i) % len(self.communes)] for i in range(count // 2)]
        self.taken += count // 2
        villages, self.villages = self.villages[: count - count // 2], self.villages[count - count // 2 :]
        return communes + villages


def clients_for(env: dict[str, str], agencies: Agencies, count: int, passes: int) -> tuple[dict, list[list]]:
    """Links for the readers and, per pass, dondoc's and the floor's completers (one child)."""
    readers = agencies.take(count)
    completers = [[agencies.take(count), agencies.take(count)] for _ in range(passes)]
    everyone = sorted({*readers, *(a for one in completers for pair in one for a in pair)})
    tokens = issue_links(env, everyone)

    def pick(codes: list[str]) -> dict[str, str]:
        return {c: tokens[c] for c in codes}

    # warm_up opens the coordinator's session too: the readers carry its link
    readers_tokens = {**pick(readers), "coordinator": tokens["coordinator"]}
    return readers_tokens, [[pick(a) for a in pair] for pair in completers]


def compare(
    args: argparse.Namespace, env: dict[str, str], home: Path, used: dict[str, str], province: Province
) -> None:
    """Record the floor, then dondoc and the floor under each think time asked for."""
    plan, check = record(home, env, province.communes, province.villages)
    print_check(check)
    count = len(used) - 1
    readers, completers = clients_for(env, Agencies(province, used), count, len(args.floor_think))
    floor_port = args.port + 1
    for think, (for_dondoc, for_floor) in zip(args.floor_think, completers, strict=True):
        dondoc = serve_and_measure(
            start_portal(env, args.port, args.workers),
            f"http://{HOST}:{args.port}",
            Clients(readers, for_dondoc),
            think,
            args.duration,
        )
        floor = serve_and_measure(
            start_floor(env, plan, floor_port, args.workers),
            f"http://{HOST}:{floor_port}",
            Clients(readers, for_floor),
            think,
            args.duration,
        )
        report(think, count, dondoc, floor, env)
