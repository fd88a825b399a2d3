"""The Prefect task of a follow-up: one call into the core, which decides and records."""

from __future__ import annotations

import datetime as dt

from prefect import task
from prefect.cache_policies import NO_CACHE

from dondoc.context import Context
from dondoc.work import followups


@task(name="nhac-neu-chua-xong", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=10)
def remind_unless_settled(ctx: Context, follow_up_id: int, now: dt.datetime) -> str:
    """Queue the reminder unless the subtask was reported done (or cancelled) by now; idempotent,
    so a retry or a second run of the flow reminds once."""
    with ctx.session() as session:
        return followups.fire(session, follow_up_id=follow_up_id, now=now)
