"""The sweep cycle, written once: escalate everything due, then dispatch everything ready. Tests
and the benchmark call it with plain functions; the Prefect flow (flows/sweep.py) calls it with
its tasks, one task run per batch."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from dondoc.context import Context
from dondoc.escalation.sweep import BATCH_SIZE, EscalationResult, escalate_batch
from dondoc.notify.dispatch import PAGE_SIZE, DispatchResult, dispatch_page

# a cycle stops after this many batches/pages; what is left waits for the next cycle
MAX_ROUNDS = 50
# a batch is written in transactions of this many subtasks (a crash loses at most one's work).
# On SQLite the portal's writes (an agency reporting its work done) wait for each, so there
# each is shorter: some 0.6 ms of work a subtask, 60 ms a chunk on a quiet machine, twice that
# under a province's load (250 left completions waiting 400 ms at the 99th percentile)
WRITE_CHUNK = 250
SQLITE_WRITE_CHUNK = 100
# and between them, SQLite's waiting writers get their turn. Its busy handler sleeps 1, 2, 5, 10,
# 15, 20, 25 … up to 100 ms between tries, longer the longer a writer has waited: a pause shorter
# than 100 ms can pass while a writer that has waited through earlier chunks sleeps on (a pause
# as long as the chunk held the lock left completions waiting up to a second under the province's
# load), so the pause outlasts the longest sleep
SQLITE_TURN = 0.12


@dataclass
class SweepResult:
    escalation: EscalationResult = field(default_factory=EscalationResult)
    dispatch: DispatchResult = field(default_factory=DispatchResult)

    def as_dict(self) -> dict[str, Any]:
        return {"escalation": asdict(self.escalation), "dispatch": asdict(self.dispatch)}


def escalate_once(ctx: Context, *, now: dt.datetime, limit: int = BATCH_SIZE) -> EscalationResult:
    """One batch, in transactions of a chunk each: a crash loses at most a chunk's work, never sends."""
    result = EscalationResult()
    sqlite = ctx.settings.database_url.startswith("sqlite")
    per_chunk = SQLITE_WRITE_CHUNK if sqlite else WRITE_CHUNK
    while result.claimed < limit:
        size = min(per_chunk, limit - result.claimed)
        with ctx.session() as session:
            chunk = escalate_batch(session, now=now, calendar=ctx.calendar, limit=size)
        result.add(chunk)
        if chunk.claimed < size:
            break
        if sqlite:
            time.sleep(SQLITE_TURN)
    return result


def escalate_batch_of(ctx: Context, now: dt.datetime, limit: int) -> EscalationResult:
    return escalate_once(ctx, now=now, limit=limit)


async def dispatch_page_of(ctx: Context, now: dt.datetime, limit: int) -> DispatchResult:
    return await dispatch_page(ctx, now=now, limit=limit)


# one batch of escalation, one page of the outbox: plain functions here, Prefect tasks in the flow
Escalate = Callable[[Context, dt.datetime, int], EscalationResult]
Dispatch = Callable[[Context, dt.datetime, int], Awaitable[DispatchResult]]


async def run_sweep(
    ctx: Context,
    *,
    now: dt.datetime,
    batch_size: int = BATCH_SIZE,
    page_size: int = PAGE_SIZE,
    escalate: Escalate = escalate_batch_of,
    dispatch: Dispatch = dispatch_page_of,
) -> SweepResult:
    """Escalate batch after batch until one comes back short, then dispatch page after page
    until none is left ready; MAX_ROUNDS of each at the most. The sweep flow passes its tasks."""
    result = SweepResult()
    for _ in range(MAX_ROUNDS):
        batch = escalate(ctx, now, batch_size)
        result.escalation.add(batch)
        if batch.claimed < batch_size:
            break
    for _ in range(MAX_ROUNDS):
        page = await dispatch(ctx, now, page_size)
        result.dispatch.add(page)
        if not page.more_ready(page_size):
            break
    return result
