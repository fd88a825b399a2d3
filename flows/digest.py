"""Digests: each agency's morning message (working days, 07:00) and leadership's weekly one
(Monday 07:30), deployed on cron in prefect.yaml; `dondoc digest [--weekly]` runs one now."""

from __future__ import annotations

from typing import Any

from prefect import flow

from dondoc.context import Context
from dondoc.cycle import MAX_ROUNDS
from dondoc.notify.dispatch import PAGE_SIZE, DispatchResult
from dondoc.record.clock import now as clock_now
from dondoc.record.clock import parse_instant
from flows.running import run_to_end
from tasks.digest import compose
from tasks.sweep import dispatch


@flow(name="digest", log_prints=True)
async def digest(weekly: bool = False, now: str | None = None) -> dict[str, Any]:
    """Queue the digests, then send what is ready (quiet hours keep a night run's for 07:00)."""
    ctx = Context.load()
    at = parse_instant(now) if now else clock_now()
    result = compose(ctx, at, weekly)
    sent = DispatchResult()
    for _ in range(MAX_ROUNDS):
        page = await dispatch(ctx, at, PAGE_SIZE)
        sent.add(page)
        if not page.more_ready(PAGE_SIZE):
            break
    summary = {**result.as_dict(), "dispatch": sent.__dict__}
    print(f"digest {'weekly' if weekly else 'daily'} {at.isoformat()}: {summary}")
    return summary


def digest_now(now: str, *, weekly: bool) -> dict[str, Any]:
    """One digest run from the command line, as a flow run."""
    return run_to_end(digest(weekly=weekly, now=now, return_state=True), "tổng hợp")
