"""After the portal changes something, Prefect hears of it: the audit rows the change wrote are
published as events and the directive's progress artifact moves.

This runs after the answer has gone out and outside the request's transaction (the change has
committed), one publisher at a time. It never fails a request: when Prefect cannot be reached
the rows stay pending, and the next sweep publishes them."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dondoc.context import Context
from dondoc.record import clock

# publishes what is pending for this database; raises whatever went wrong
Publisher = Callable[[Context], None]
logger = logging.getLogger("dondoc.portal")
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


def publish_with_prefect(ctx: Context) -> None:
    """The Prefect side is imported here, on first use, so the portal starts without it."""
    from orchestration.events import publish_after_change

    result = asyncio.run(publish_after_change(ctx, now=clock.now()))
    if result.error:
        logger.warning("Prefect unreachable, events wait for the next sweep: %s", result.error)


class PublishAfterChange:
    """ASGI middleware: once a request that may have changed something (not a read) was answered
    with success, run the publisher in a worker thread. While one publisher runs, a request that
    finishes asks it for one more round instead of starting a second one."""

    def __init__(self, app: ASGIApp, publisher: Publisher) -> None:
        self.app = app
        self.publisher = publisher
        self._running = threading.Lock()
        self._again = threading.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _READS:
            await self.app(scope, receive, send)
            return
        answered: list[int] = []

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                answered.append(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        if answered and answered[0] < 400:
            await run_in_threadpool(self._publish, scope["app"].state.ctx)

    def _publish(self, ctx: Context) -> None:
        self._again.set()
        if not self._running.acquire(blocking=False):
            return  # the running publisher sees the flag and goes round once more
        try:
            while self._again.is_set():
                self._again.clear()
                try:
                    self.publisher(ctx)
                except Exception:  # publishing is best effort here: the sweep is the retry
                    logger.warning("publishing to Prefect failed; the next sweep retries", exc_info=True)
        finally:
            self._running.release()
