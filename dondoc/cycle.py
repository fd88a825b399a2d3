"""One sweep cycle without Prefect: escalate everything due, then dispatch everything ready.
The Prefect flow (flows/sweep.py) does the same batch by batch, one task run per batch; tests
and the benchmark call this directly."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from dondoc.context import Context
from dondoc.escalation.sweep import BATCH_SIZE, EscalationResult, escalate_batch
from dondoc.notify.dispatch import PAGE_SIZE, DispatchResult, dispatch_page

# a cycle stops after this many batches/pages (25,000 subtasks, 50,000 messages); what is left
# waits for the next cycle
MAX_ROUNDS = 250


@dataclass
class SweepResult:
    escalation: EscalationResult = field(default_factory=EscalationResult)
    dispatch: DispatchResult = field(default_factory=DispatchResult)

    def as_dict(self) -> dict[str, Any]:
        return {"escalation": asdict(self.escalation), "dispatch": asdict(self.dispatch)}


def escalate_once(ctx: Context, *, now: dt.datetime, limit: int = BATCH_SIZE) -> EscalationResult:
    """One batch in its own transaction: a crash loses at most this batch's work, never sends."""
    with ctx.session() as session:
        return escalate_batch(session, now=now, calendar=ctx.calendar, limit=limit)


async def run_sweep(
    ctx: Context, *, now: dt.datetime, batch_size: int = BATCH_SIZE, page_size: int = PAGE_SIZE
) -> SweepResult:
    result = SweepResult()
    for _ in range(MAX_ROUNDS):
        batch = escalate_once(ctx, now=now, limit=batch_size)
        result.escalation.add(batch)
        if batch.claimed < batch_size:
            break
    for _ in range(MAX_ROUNDS):
        page = await dispatch_page(ctx, now=now, limit=page_size)
        result.dispatch.add(page)
        if not page.more_ready(page_size):
            break
    return result
