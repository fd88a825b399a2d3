"""Prefect hears of what dondoc recorded: the audit rows as events, each directive's standing as
artifacts (the publishing itself is orchestration.events and orchestration.standing)."""

from __future__ import annotations

import datetime as dt

from prefect import task
from prefect.cache_policies import NO_CACHE

from dondoc.context import Context
from orchestration.events import BACKLOG_PACE, MAX_BATCHES, PublishResult, publish_pending
from orchestration.standing import StandingResult, publish_standing


@task(name="cong-bo-su-kien", cache_policy=NO_CACHE)
async def publish_events(ctx: Context, max_batches: int = MAX_BATCHES) -> PublishResult:
    """Pending audit rows to the event feed, in batches; what cannot be sent now, or is beyond
    `max_batches`, stays pending (no task retries: the next sweep is the retry). Paced: the
    portal's requests publish their own rows; this is the backlog's share."""
    return await publish_pending(ctx, max_batches=max_batches, pace=BACKLOG_PACE)


@task(name="cap-nhat-tien-do", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
async def publish_directive_standing(
    ctx: Context, directive_ids: list[int], now: dt.datetime
) -> StandingResult:
    """Progress and per-agency counts of each directive still in progress (or just touched);
    idempotent: a retry finds the artifacts already current and writes nothing."""
    return await publish_standing(ctx, directive_ids, now=now, tables=True, create=True)
