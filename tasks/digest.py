"""The Prefect task of a digest: compose and queue every agency's message in one transaction."""

from __future__ import annotations

import datetime as dt

from prefect import task
from prefect.cache_policies import NO_CACHE

from dondoc.context import Context
from dondoc.reports.digests import DigestResult, daily_digests, weekly_digest


@task(name="soan-tong-hop", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def compose(ctx: Context, now: dt.datetime, weekly: bool) -> DigestResult:
    """Queue the day's digests; a retry or a second run queues nothing twice (dedup keys)."""
    with ctx.session() as session:
        if weekly:
            return weekly_digest(session, now=now, calendar=ctx.calendar)
        return daily_digests(session, now=now, calendar=ctx.calendar, portal_url=ctx.settings.portal_url)
