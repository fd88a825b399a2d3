"""After a command changes a subtask (done, confirm, return), Prefect hears of it when a server
is there to hear: `dondoc serve`'s, announced under DONDOC_HOME, or PREFECT_API_URL. Without one
the audit rows stay pending and the next sweep publishes them, so no command starts a temporary
Prefect server just for this."""

from __future__ import annotations

import asyncio
import os

from dondoc.cli.app import prepare_prefect
from dondoc.context import Context
from dondoc.record import clock


def publish_if_served(ctx: Context) -> None:
    prepare_prefect(ctx.settings)
    if not os.environ.get("PREFECT_API_URL"):
        return
    from orchestration.events import publish_after_change

    asyncio.run(publish_after_change(ctx, now=clock.now()))
