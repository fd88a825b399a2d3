"""After a command changes a subtask (done, confirm, return), Prefect hears of it when a server
is there to hear: `dondoc serve`'s, announced under DONDOC_HOME, or PREFECT_API_URL. Without one
the audit rows stay pending and the next sweep publishes them, so no command starts a temporary
Prefect server just for this."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Iterator
from contextvars import ContextVar

from dondoc.cli.app import prepare_prefect
from dondoc.context import Context
from dondoc.record import clock

_deferred: ContextVar[bool] = ContextVar("dondoc_publishing_deferred", default=False)


@contextlib.contextmanager
def publishing_deferred() -> Iterator[None]:
    """Commands run in here leave their audit rows pending for the caller to publish at once when
    they are all done (a replay of thirty commands: one publication, not one per command; the
    sweeps among them publish what is pending as they always do)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def publish_if_served(ctx: Context) -> None:
    if _deferred.get():
        return
    prepare_prefect(ctx.settings)
    if not os.environ.get("PREFECT_API_URL"):
        return
    from orchestration.events import publish_after_change

    asyncio.run(publish_after_change(ctx, now=clock.now()))
