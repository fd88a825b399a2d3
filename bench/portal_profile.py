"""Where a portal request's CPU goes (prints figures and the top of a profile; not a timed test).

On a province built by bench/portal_load.py (reused from its --home), the portal runs as
`dondoc serve` runs it (uvicorn, here one worker) and a client sends it one request at a time:
agencies' pages of 50, their overdue lists, and completions of their own open subtasks, each kind
in a phase of its own. For each kind it prints the portal's CPU a request (its process's user and
system time over the phase) and, with --profile, the top of a py-spy profile of the portal over
all phases (the functions by the share of samples they are in, then by their own samples).

Run: .venv/bin/python bench/portal_profile.py --home /tmp/bench/load100k [--requests 300]
     [--database postgresql+psycopg://…] [--profile] [--top 40]
The province must have been built first (bench/portal_load.py --home DIR --subtasks N).
py-spy (`pip install py-spy`) is needed for --profile only.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.portal_load import HOST, build, cpu_seconds, environment, issue_links, start_portal, wait_answering  # noqa: E402
from bench.province import Province  # noqa: E402

WORKING = {"pending", "acknowledged", "in_progress", "returned"}
Call = Callable[[httpx.AsyncClient, str, str], Awaitable[None]]


async def page(client: httpx.AsyncClient, code: str, token: str) -> None:
    params = {"limit": 50, "offset": 0}
    answer = await client.get("/api/subtasks", params=params, headers={"Authorization": f"Bearer {token}"})
    answer.raise_for_status()


async def overdue(client: httpx.AsyncClient, code: str, token: str) -> None:
    params = {"timeliness": "overdue", "limit": 20}
    answer = await client.get("/api/subtasks", params=params, headers={"Authorization": f"Bearer {token}"})
    answer.raise_for_status()


class Completions:
    """Each agency's own open subtasks, completed one at a time (never the same twice)."""

    def __init__(self, tokens: dict[str, str]) -> None:
        self.tokens = tokens
        self.open: dict[str, list[int]] = {}

    async def find(self, client: httpx.AsyncClient, code: str, token: str) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        rows = (await client.get("/api/subtasks", params={"limit": 500}, headers=headers)).json()
        self.open[code] = [r["id"] for r in rows if r["agency"] == code and r["status"] in WORKING]

    async def complete(self, client: httpx.AsyncClient, code: str, token: str) -> None:
        if not self.open.get(code):  # this one has none left: the one with the most
            code = max(self.open, key=lambda c: len(self.open[c]))
        subtask_id = self.open[code].pop()
        headers = {"Authorization": f"Bearer {self.tokens[code]}"}
        answer = await client.post(
            f"/api/subtasks/{subtask_id}/done", data={"note": "Đã xong"}, headers=headers
        )
        answer.raise_for_status()


@dataclass
class Phase:
    name: str
    requests: int = 0
    cpu: float = 0.0

    def line(self) -> str:
        return f"{self.name:<22} {self.requests:>5} requests  {1000 * self.cpu / max(self.requests, 1):6.2f} ms of the portal's CPU a request"


async def run_phase(phase: Phase, call: Call, tokens: dict[str, str], requests: int, portal: int) -> None:
    codes = list(tokens)
    async with httpx.AsyncClient(base_url=f"http://{HOST}:{PORT}", timeout=60) as client:
        before = cpu_seconds(portal)
        for turn in range(requests):
            code = codes[turn % len(codes)]
            await call(client, code, tokens[code])
        phase.cpu = cpu_seconds(portal) - before
        phase.requests = requests


async def measure(tokens: dict[str, str], requests: int, portal: int) -> list[Phase]:
    completions = Completions(tokens)
    async with httpx.AsyncClient(base_url=f"http://{HOST}:{PORT}", timeout=60) as client:
        for code, token in tokens.items():  # warm-up: statements and templates built once
            await completions.find(client, code, token)
            await page(client, code, token)
            await overdue(client, code, token)
        # and the first completion, after which the worker's publisher imports Prefect (seconds)
        await completions.complete(client, next(iter(tokens)), "")
        await asyncio.sleep(5)
    phases = [Phase("agency page of 50"), Phase("overdue list of 20"), Phase("completion")]
    await run_phase(phases[0], page, tokens, requests, portal)
    await run_phase(phases[1], overdue, tokens, requests, portal)
    # as many as the agencies have open, in turns
    available = sum(len(found) for found in completions.open.values())
    await run_phase(phases[2], completions.complete, tokens, min(requests, available), portal)
    return phases


def summarize(raw: Path, top: int) -> str:
    """py-spy's collapsed stacks as two tables: share of samples a function is in, and its own."""
    inside: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [_short(f) for f in stack.split(";")]
        if not any("WorkerThread.run" in f or "run_once" in f.lower() for f in frames):
            continue
        total += int(count)
        for frame in set(frames):
            inside[frame] += int(count)
        own[frames[-1]] += int(count)
    lines = [f"{total} samples of the portal serving requests; % of samples a function is in:"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in inside.most_common(top)]
    lines += ["% of samples spent in the function itself:"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in own.most_common(top // 2)]
    return "\n".join(lines)


def _short(frame: str) -> str:
    frame = re.sub(r":\d+\)$", ")", frame)
    return re.sub(r"\(.*?(site-packages/|python3\.\d+/|/work/[^/]+/)", "(", frame)


PORT = 18590


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a province built by portal_load.py")
    parser.add_argument("--database", help="a SQLAlchemy URL (default: SQLite in the home)")
    parser.add_argument("--requests", type=int, default=300, help="requests of each kind")
    parser.add_argument("--profile", action="store_true", help="profile the portal with py-spy")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--keep-profile", type=Path, help="keep py-spy's collapsed stacks here")
    args = parser.parse_args()
    home = args.home.resolve()
    env = environment(home, args.database, workers=1)
    province = Province(**json.loads((home / "province.json").read_text()))
    build(home, env, province.subtasks)  # a fresh copy of the built province
    rng = random.Random(13)
    tokens = issue_links(env, rng.sample(province.communes, 10) + rng.sample(province.villages, 10))
    tokens.pop("coordinator")
    load_before = os.getloadavg()[0]
    portal = start_portal(env, PORT, workers=1)
    spy, raw = None, Path(tempfile.mkdtemp()) / "portal.raw"
    try:
        asyncio.run(wait_answering(f"http://{HOST}:{PORT}", portal))
        if args.profile:
            spy = subprocess.Popen(
                [
                    shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy"),
                    "record",
                    "--nonblocking",
                    "-r",
                    "250",
                    "-f",
                    "raw",
                    "-o",
                    str(raw),
                    "--pid",
                    str(portal.pid),
                ],
                stdout=subprocess.DEVNULL,
            )
        phases = asyncio.run(measure(tokens, args.requests, portal.pid))
    finally:
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(60)
        os.killpg(portal.pid, signal.SIGTERM)
        portal.wait(60)
    database = "PostgreSQL" if args.database else "SQLite"
    print(f"{database}, {province.subtasks:,} subtasks; one portal worker, one request at a time")
    for phase in phases:
        print(phase.line())
    print(f"load average before {load_before:.2f}, after {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    if spy is not None and raw.exists():
        print(summarize(raw, args.top))
        shutil.copyfile(raw, args.keep_profile) if args.keep_profile else None


if __name__ == "__main__":
    main()
