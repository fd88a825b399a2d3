"""The sweep flow: dondoc.cycle's sweep cycle run with the tasks of tasks/sweep.py (escalate what
has come due, then dispatch the outbox), then what changed published to Prefect. Deployed on a
cron schedule (prefect.yaml); `dondoc sweep` runs one cycle now."""

from __future__ import annotations

from typing import Any

from prefect import flow

from dondoc.context import Context
from dondoc.cycle import run_sweep
from dondoc.escalation.sweep import BATCH_SIZE
from dondoc.notify.dispatch import PAGE_SIZE
from dondoc.reading.standing import directives_in_progress
from dondoc.record.clock import now as clock_now
from dondoc.record.clock import parse_instant
from flows.running import run_to_end
from tasks.publishing import publish_directive_standing, publish_events
from tasks.sweep import dispatch, escalate


@flow(name="sweep", log_prints=True)
async def sweep(
    now: str | None = None, batch_size: int = BATCH_SIZE, page_size: int = PAGE_SIZE
) -> dict[str, Any]:
    """One cycle. `now` (ISO 8601) pins the clock for demos and tests; the schedule leaves it out."""
    ctx = Context.load()
    at = parse_instant(now) if now else clock_now()
    result = await run_sweep(
        ctx, now=at, batch_size=batch_size, page_size=page_size, escalate=escalate, dispatch=dispatch
    )
    # the directive's life in Prefect: what changed as events, where it stands as artifacts
    published = await publish_events(ctx)
    with ctx.session() as session:
        in_progress = directives_in_progress(session)
    await publish_directive_standing(ctx, sorted(set(in_progress) | published.directive_ids), at)
    print(f"sweep {at.isoformat()}: {result.as_dict()}, events published {published.published}")
    return {**result.as_dict(), "published": published.published, "publish_pending": published.pending}


def sweep_now(now: str) -> dict[str, Any]:
    """One cycle from the command line, as a flow run; its counts as a dict."""
    return run_to_end(sweep(now=now, return_state=True), "lượt đôn đốc")
