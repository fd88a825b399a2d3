"""The sweep flow's Prefect tasks, over dondoc.cycle's steps: each does a whole batch (a batch of subtasks, a page of the
outbox), never one subtask or one notification: task runs cost milliseconds each on the server."""

from __future__ import annotations

import datetime as dt

from prefect import task
from prefect.cache_policies import NO_CACHE

from dondoc.context import Context
from dondoc.cycle import escalate_once
from dondoc.escalation.sweep import EscalationResult
from dondoc.notify.dispatch import DispatchResult, dispatch_page


@task(name="leo-thang-mot-lo", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def escalate(ctx: Context, now: dt.datetime, limit: int) -> EscalationResult:
    """Advance the cursors of a batch of due subtasks and queue their notifications, in one
    transaction: retrying it cannot queue anything twice (claims and dedup keys)."""
    return escalate_once(ctx, now=now, limit=limit)


@task(name="gui-mot-trang", cache_policy=NO_CACHE)
async def dispatch(ctx: Context, now: dt.datetime, limit: int) -> DispatchResult:
    """Send a page of the outbox. No task retries: each notification keeps its own attempts and
    backoff, and a page claimed by a dying run comes back when its lease ends."""
    return await dispatch_page(ctx, now=now, limit=limit)
