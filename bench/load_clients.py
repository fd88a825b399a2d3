"""The people of bench/portal_load.py: agency clients that read pages of their list and report
their own subtasks done, a coordinator who reads the dashboard and opens communes; each request
timed, each failure kept."""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field

import httpx

WORKING = {"pending", "acknowledged", "in_progress", "returned"}
# idle connections are dropped before uvicorn closes them (after 5 s): a request sent on a
# connection the server is closing fails, and would count as the portal's error
LIMITS = httpx.Limits(keepalive_expiry=2.0)


@dataclass
class Timings:
    """Latencies (s) and failures of one kind of request."""

    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        if not self.seconds:
            return f"{name:<24} no requests"
        # one request (a short run's coordinator) is its own every percentile
        cuts = statistics.quantiles(self.seconds * 2, n=100, method="inclusive")
        return (
            f"{name:<24} {len(self.seconds):>6} requests  p50 {cuts[49] * 1000:7.1f} ms  "
            f"p99 {cuts[98] * 1000:7.1f} ms  max {max(self.seconds) * 1000:7.1f} ms  errors {len(self.errors)}"
        )


@dataclass
class Results:
    reads: Timings = field(default_factory=Timings)
    completions: Timings = field(default_factory=Timings)
    dashboard: Timings = field(default_factory=Timings)
    villages: Timings = field(default_factory=Timings)
    completed: dict[int, str] = field(default_factory=dict)
    # the measured window (time.monotonic): requests that start before it are the ramp-up, those
    # after it the last ones in flight; neither is counted
    since: float = 0.0
    until: float = float("inf")


async def timed(timings: Timings, request: Awaitable[httpx.Response], out: Results) -> httpx.Response | None:
    """The answer (None when it failed); its time is kept if it started in the measured window."""
    counted = out.since <= time.monotonic() < out.until
    started = time.perf_counter()
    try:
        answer = await request
    except httpx.HTTPError as exc:
        if counted:
            timings.seconds.append(time.perf_counter() - started)
        timings.errors.append(repr(exc))
        return None
    if counted:
        timings.seconds.append(time.perf_counter() - started)
    if answer.status_code >= 400:
        timings.errors.append(f"{answer.status_code} {answer.request.url}: {answer.text[:200]}")
        return None
    return answer


@dataclass(frozen=True)
class Pace:
    """When people act: each starts at a random moment of the ramp-up (not counted), then pauses
    `think` seconds on average (exponentially) between requests, until `until`."""

    ramp_up: float
    until: float
    think: float

    def pause(self, rng: random.Random) -> float:
        return rng.expovariate(1 / self.think) if self.think else 0.0


async def agency_client(
    base: str, code: str, token: str, pace: Pace, out: Results, *, completing: bool = True, salt: str = ""
) -> None:
    """Reads a page of its list (a random one once it knows how many), its overdue work, and now
    and then (unless only reading) reports one of its own open subtasks done. A run that comes
    back to the same database gives another `salt`, so that its clients pick other pages."""
    rng = random.Random(code + salt)
    headers = {"Authorization": f"Bearer {token}"}
    pages, turn = 1, 0
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60, limits=LIMITS) as client:
        await asyncio.sleep(rng.uniform(0, pace.ramp_up))
        while time.monotonic() < pace.until:
            turn += 1
            page = {"limit": 50, "offset": 50 * rng.randrange(pages)}
            listed = await timed(out.reads, client.get("/api/subtasks", params=page), out)
            if listed is not None:
                pages = max(1, -(-int(listed.headers["x-total-count"]) // 50))
            await asyncio.sleep(pace.pause(rng))
            overdue = {"timeliness": "overdue", "limit": 20}
            late = await timed(out.reads, client.get("/api/subtasks", params=overdue), out)
            rows = (listed.json() if listed else []) + (late.json() if late else [])
            mine = [r["id"] for r in rows if r["agency"] == code and r["status"] in WORKING]
            mine = [i for i in mine if i not in out.completed]
            if completing and turn % 2 == 0 and mine:
                subtask_id = rng.choice(mine)
                out.completed[subtask_id] = code  # claimed before the request: never twice
                note = {"note": f"Đã thực hiện xong ({code})"}
                done = client.post(f"/api/subtasks/{subtask_id}/done", data=note)
                if await timed(out.completions, done, out) is None:
                    del out.completed[subtask_id]
            await asyncio.sleep(pace.pause(rng))


async def coordinator(base: str, token: str, communes: list[str], pace: Pace, out: Results) -> None:
    """Reads the dashboard, opens one commune's villages, looks at them a while; again."""
    rng = random.Random("coordinator")
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=LIMITS) as client:
        await client.get(f"/l/{token}")  # the session cookie
        await asyncio.sleep(rng.uniform(0, pace.ramp_up))
        while time.monotonic() < pace.until:
            await timed(out.dashboard, client.get("/overview"), out)
            commune = rng.choice(communes)
            rows = client.get(f"/overview/villages/{commune}", params={"rows": 1})
            await timed(out.villages, rows, out)
            await asyncio.sleep(pace.pause(rng))


async def warm_up(base: str, tokens: dict[str, str]) -> None:
    """One request of each kind per worker before the clock starts: the first request a worker
    serves builds its statements and templates (a one-off cost, not the steady state measured)."""
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        for code, token in tokens.items():
            if code != "coordinator":
                await client.get("/api/subtasks", headers={"Authorization": f"Bearer {token}"})
                await client.get(
                    "/api/subtasks",
                    params={"timeliness": "overdue"},
                    headers={"Authorization": f"Bearer {token}"},
                )
        await client.get(f"/l/{tokens['coordinator']}")
        for _ in range(4):
            await client.get("/overview")
