"""Benchmark of the portal as deployed, right after a province registers (prints figures; not a
timed test).

`dondoc serve --workers W` (the portal, Prefect's server and worker) on a fresh home, then a
generated province (tests/province.py: ~100 communes, 2,000 villages, one directive fanned out to
every village) registered through `dondoc load` while it runs, as a province would. Then C agency
clients at a person's pace (half communes, half their villages: pages of 50, their overdue list,
work reported done) and a coordinator (the dashboard, a commune's villages) for D seconds; then B
clients back to back (think 0), printing pages/s. Printed: p50/p99/max per kind, errors, the
completions checked in the database, and the audit events still waiting to be published to
Prefect (published_at IS NULL) before and after each window.

A village's work waits for its commune's plan to be confirmed done: right after registering, only
the communes have work to report (one plan each). --plans-confirmed has each client commune
report its plan and the coordinator confirm it first (through the API), which opens its villages'
work, so that the villages report too.

Goals (issue 18): at 100,000 subtasks, 50 paced clients: every request p99 < 100 ms, completions
included; 16 clients back to back ≥ 400 pages/s.

Run: .venv/bin/python bench/deployed_load.py [--subtasks 100000] [--clients 50] [--workers 2]
     [--duration 30] [--back-to-back 16] [--plans-confirmed] [--port 18620] [--prefect-port 4620]
Small (proves it works, ~5 minutes with Prefect's start):
     .venv/bin/python bench/deployed_load.py --subtasks 20000 --clients 10 --duration 10 --back-to-back 4
     .venv/bin/python bench/deployed_load.py --subtasks 20000 --clients 10 --duration 10 --back-to-back 4 --plans-confirmed
SQLite only. Everything listens on 127.0.0.1; the home (and Prefect's) is a temporary directory;
`dondoc serve` is stopped as Ctrl-C stops it (SIGTERM); if it has not stopped within 60 s (its
portal waits for a publisher still sending the backlog), it and every process it started are killed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_clients import Pace, Results, Timings, agency_client, coordinator, warm_up  # noqa: E402
from bench.portal_load import HOST, NOW, check_completions, issue_links  # noqa: E402
from tests.province import COORDINATORS, Province, write_province  # noqa: E402

DONDOC = [str(Path(sys.executable).parent / "dondoc")]
SERVE_TIMEOUT = 600.0  # Prefect's server, deployments and worker first: minutes on a busy machine
STOP_GRACE = 60.0


def environment(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DONDOC_HOME": str(home),
        "DONDOC_CONFIG": str(home / "config"),
        "PREFECT_HOME": str(home / "prefect"),
        "DONDOC_NOW": NOW.isoformat(),
        "DONDOC_NOTIFY_REDIRECT": "dondocfile://",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    for name in ("DONDOC_DATABASE_URL", "PREFECT_API_URL", "DONDOC_PORTAL_URL"):
        env.pop(name, None)  # this run's own database and servers, whatever the shell says
    return env


def dondoc(env: dict[str, str], *args: str, timeout: float = 900) -> str:
    done = subprocess.run(
        [*DONDOC, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode:
        raise SystemExit(f"dondoc {' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done.stdout


def start_serve(env: dict[str, str], home: Path, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    argv = [*DONDOC, "serve", "--workers", str(args.workers), "--port", str(args.port)]
    argv += ["--prefect-port", str(args.prefect_port)]
    log = (home / "serve.log").open("wb")
    return subprocess.Popen(
        argv, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def descendants(pid: int) -> list[int]:
    """The processes under `pid` (Prefect's server and worker run in sessions of their own)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        try:
            parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (ValueError, OSError, IndexError):
            continue
    found, frontier = [], [pid]
    while frontier:
        children = [p for p, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def stop_serve(serve: subprocess.Popen[bytes]) -> None:
    """As Ctrl-C would: `dondoc serve` stops its portal, worker and Prefect server in order; what
    is still running after STOP_GRACE seconds is killed, each process group it started too."""
    started = descendants(serve.pid)
    if serve.poll() is None:
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(STOP_GRACE)
        except subprocess.TimeoutExpired:
            print(f"dondoc serve still running {STOP_GRACE:.0f} s after SIGTERM: killed")
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait(30)
    for pid in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(os.getpgid(pid), signal.SIGKILL)


def wait_serving(base: str, serve: subprocess.Popen[bytes], home: Path) -> None:
    """Until the portal answers (`dondoc serve` opens it once Prefect's side is up)."""
    deadline = time.monotonic() + SERVE_TIMEOUT
    while time.monotonic() < deadline:
        if serve.poll() is not None:
            raise SystemExit(f"dondoc serve stopped:\n{(home / 'serve.log').read_text()[-3000:]}")
        with contextlib.suppress(httpx.TransportError):  # not listening yet
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"dondoc serve never answered:\n{(home / 'serve.log').read_text()[-3000:]}")


def pending_events(home: Path) -> int:
    """Audit rows not yet published to Prefect (read-only, on the side of the portal's writes)."""
    with sqlite3.connect(f"file:{home / 'dondoc.db'}?mode=ro", uri=True, timeout=30) as db:
        return int(db.execute("SELECT count(*) FROM event WHERE published_at IS NULL").fetchone()[0])


def register(env: dict[str, str], province: Province) -> float:
    """The province's directive through `dondoc load`, on the server `dondoc serve` announced."""
    started = time.perf_counter()
    result = json.loads(dondoc(env, "load", str(province.spec), "--by", COORDINATORS[0], "--json"))
    elapsed = time.perf_counter() - started
    print(f"dondoc load: {result['subtasks']:,} subtasks registered in {elapsed:.0f} s ({result['status']})")
    return elapsed


@dataclass
class Window:
    out: Results
    seconds: float


async def window(
    base: str, tokens: dict[str, str], communes: list[str], think: float, duration: float
) -> Window:
    """The agency clients (and the coordinator, if it has a token) for `duration` seconds after a ramp-up."""
    ramp_up = min(5 * think, 10.0) if think else 0.0
    since = time.monotonic() + ramp_up
    out = Results(since=since, until=since + duration)
    pace = Pace(ramp_up, out.until, think)
    people = [
        agency_client(base, c, t, pace, out, salt=str(think)) for c, t in tokens.items() if c != "coordinator"
    ]
    if "coordinator" in tokens:
        desk = Pace(ramp_up, out.until, 5.0)
        people.append(coordinator(base, tokens["coordinator"], communes, desk, out))
    await asyncio.gather(*people)
    return Window(out, duration)


def report(name: str, run: Window, env: dict[str, str], pending: tuple[int, int]) -> None:
    out = run.out
    print(f"{name}: {len(out.reads.seconds) / run.seconds:.1f} pages/s")
    for kind, timings in (
        ("agency list pages", out.reads),
        ("agency completions", out.completions),
        ("coordinator dashboard", out.dashboard),
        ("villages of a commune", out.villages),
    ):
        print("  ", timings.line(kind))
    agency = Timings(out.reads.seconds + out.completions.seconds, out.reads.errors + out.completions.errors)
    print("  ", agency.line("all agency requests"))
    problems = check_completions(env, out.completed)
    print(f"   completions checked in the database: {len(out.completed)}, missing or wrong: {len(problems)}")
    for line in problems[:5] + (agency.errors + out.dashboard.errors + out.villages.errors)[:5]:
        print("     ", line)
    print(f"   audit events pending publication: {pending[0]:,} before, {pending[1]:,} after")


def clients_of(province_dir: Path, count: int) -> list[str]:
    """Half communes, half villages of those communes (whose work a commune's plan frees)."""
    rng = random.Random(18)
    communes = rng.sample([f"XA{c:03d}" for c in range(1, 101)], count // 2)
    villages = [f"{c}-T{v:02d}" for c in communes for v in range(1, 21)]
    return communes + rng.sample(villages, count - count // 2)


def confirm_plans(base: str, tokens: dict[str, str], communes: list[str]) -> int:
    """Each client commune reports its plan done and the coordinator confirms it, through the
    API: its villages' work, which waits for the plan, opens. Returns the plans confirmed."""
    confirmed = 0
    coordinator = {"Authorization": f"Bearer {tokens['coordinator']}"}
    with httpx.Client(base_url=base, timeout=120) as client:
        for code in communes:
            mine = {"Authorization": f"Bearer {tokens[code]}"}
            rows = client.get(
                "/api/subtasks", params={"status": "pending", "limit": 100}, headers=mine
            ).json()
            for row in [r for r in rows if r["agency"] == code]:
                client.post(f"/api/subtasks/{row['id']}/done", data={"note": "Đã có kế hoạch"}, headers=mine)
                answer = client.post(f"/api/subtasks/{row['id']}/confirm", headers=coordinator)
                confirmed += answer.status_code == 200
    return confirmed


def measure(args: argparse.Namespace, env: dict[str, str], home: Path) -> None:
    base = f"http://{HOST}:{args.port}"
    agencies = clients_of(home / "config", args.clients)
    tokens = issue_links(env, agencies, coordinator=COORDINATORS[0])
    communes = [c for c in agencies if "-" not in c]
    if args.plans_confirmed:
        print(f"communes' plans reported and confirmed: {confirm_plans(base, tokens, communes)}")
    asyncio.run(warm_up(base, tokens))
    before = pending_events(home)
    paced = asyncio.run(window(base, tokens, communes, args.think, args.duration))
    after = pending_events(home)
    print(f"{args.clients} agency clients + 1 coordinator, think {args.think} s, {args.duration:.0f} s:")
    report("paced", paced, env, (before, after))
    villages = [c for c in agencies if "-" in c]
    half = args.back_to_back // 2  # communes and villages alike, as the paced clients
    fast = {c: tokens[c] for c in communes[:half] + villages[: args.back_to_back - half]}
    quick = asyncio.run(window(base, fast, communes, 0.0, args.duration))
    print(f"{len(fast)} agency clients back to back (think 0), {args.duration:.0f} s:")
    report("back to back", quick, env, (after, pending_events(home)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subtasks", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of each window (bounded)")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause of a person (s)")
    parser.add_argument("--back-to-back", type=int, default=16, help="clients of the think-0 window")
    parser.add_argument(
        "--plans-confirmed",
        action="store_true",
        help="the client communes' plans done and confirmed first (their villages' work then opens)",
    )
    parser.add_argument("--port", type=int, default=18620)
    parser.add_argument("--prefect-port", type=int, default=4620)
    args = parser.parse_args()
    if not 2 <= args.clients <= 500 or not 0 < args.duration <= 600:
        raise SystemExit("--clients 2..500, --duration up to 600 s")
    home = Path(tempfile.mkdtemp(prefix="dondoc-deployed-")).resolve()
    env = environment(home)
    province = write_province(home / "config", subtasks=args.subtasks)
    dondoc(env, "init")
    load_before = os.getloadavg()
    serve = start_serve(env, home, args)
    try:
        wait_serving(f"http://{HOST}:{args.port}", serve, home)
        register(env, province)
        measure(args, env, home)
    finally:
        stop_serve(serve)
    print(
        f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)"
    )
    print(f"home: {home} (dondoc serve's logs in logs/ and serve.log)")


if __name__ == "__main__":
    main()
