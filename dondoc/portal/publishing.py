"""After the portal changes something, Prefect hears of it: the audit rows that change wrote are
published as events and its directive's progress artifact moves.

A request publishes what it wrote, nothing more. Its middleware gathers the audit rows the
request's work records and, once the answer has gone out with success, hands their ids to the
publisher; the Prefect publisher queues them for one thread per worker, which sends them and
waits for the server to store them. The backlog (a province's registration leaves a hundred
thousand rows) is the sweep's to publish, a bounded share per run: a person's click never drags
it through a portal worker. When Prefect cannot be reached the rows stay pending, and the next
sweep publishes them."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
import queue
import sys
import threading
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dondoc.context import Context
from dondoc.record import audit, clock

# publishes these audit rows (by id) of this database; must not block the request: the Prefect
# publisher only queues them
Publisher = Callable[[Context, list[int]], None]
logger = logging.getLogger("dondoc.portal")
_READS = frozenset({"GET", "HEAD", "OPTIONS"})
# what one round of the publishing thread sends at most (the events API's batch)
ROUND = 500
# after a round, the thread rests this many times as long as the round took: it shares the
# worker's interpreter with the requests, and a coordinator's confirmation can free a thousand
# villages' work (a thousand rows of its own)
REST = 2.0


def prefect_configured() -> bool:
    """Whether there is a Prefect server to publish to, known without importing Prefect (seconds
    of a worker's CPU, holding the interpreter its requests share) when none is named:
    `dondoc serve` names its server to its workers in PREFECT_API_URL; a process that has loaded
    Prefect already (a test's server) is asked."""
    if os.environ.get("PREFECT_API_URL"):
        return True
    settings = sys.modules.get("prefect.settings")
    return settings is not None and bool(settings.PREFECT_API_URL.value())


class PrefectPublisher:
    """One thread per worker process publishing, in the order they came, the rows requests
    handed over; it takes whatever has gathered since its last round in one batch. Each round
    runs in the context of the request that handed the rows over (Prefect's settings are
    context variables)."""

    def __init__(self) -> None:
        self._waiting: queue.SimpleQueue[tuple[contextvars.Context, Context, list[int]]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._unfinished = 0
        self._idle = threading.Condition(self._lock)

    def __call__(self, ctx: Context, event_ids: list[int]) -> None:
        if not prefect_configured():  # no one to tell: the rows wait for the sweep
            return
        with self._lock:
            self._unfinished += 1
            self._waiting.put((contextvars.copy_context(), ctx, event_ids))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="dondoc-publisher", daemon=True)
                self._thread.start()

    @staticmethod
    def prepare() -> None:
        """Import the Prefect side before the worker serves, when there is a server to publish
        to: its first change would otherwise import it beside the requests of the moment."""
        if prefect_configured():
            import orchestration.events  # noqa: F401

    def drain(self, timeout: float) -> bool:
        """Wait until what was handed over has been published (or has failed): the app's
        shutdown waits for it, so a worker that stops has not left a lease held."""
        with self._idle:
            return self._idle.wait_for(lambda: self._unfinished == 0, timeout)

    def _run(self) -> None:
        while True:
            context, ctx, ids = self._waiting.get()
            taken = 1
            while len(ids) < ROUND and not self._waiting.empty():
                later, more_ctx, more = self._waiting.get()
                taken += 1
                if more_ctx is not ctx:  # another app in this process (tests): its own round
                    later.run(self._publish, more_ctx, more)
                    continue
                context, ids = later, ids + more
            started = time.monotonic()
            context.run(self._publish, ctx, ids)
            with self._idle:
                self._unfinished -= taken
                self._idle.notify_all()
            if not self._waiting.empty():
                time.sleep(REST * (time.monotonic() - started))

    @staticmethod
    def _publish(ctx: Context, ids: list[int]) -> None:
        """The Prefect side is imported here, on first use, so the portal starts without it."""
        from orchestration.events import publish_after_change

        try:
            result = asyncio.run(publish_after_change(ctx, now=clock.now(), only=ids))
        except Exception:  # publishing is best effort here: the sweep is the retry
            logger.warning("publishing to Prefect failed; the next sweep retries", exc_info=True)
            return
        if result.error:
            logger.warning("Prefect unreachable, events wait for the next sweep: %s", result.error)


class PublishAfterChange:
    """ASGI middleware: gathers the audit rows a request that may change something (not a read)
    writes, and once it was answered with success hands their ids to the publisher."""

    def __init__(self, app: ASGIApp, publisher: Publisher) -> None:
        self.app = app
        self.publisher = publisher

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _READS:
            await self.app(scope, receive, send)
            return
        answered: list[int] = []

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                answered.append(message["status"])
            await send(message)

        with audit.collecting() as written:
            await self.app(scope, receive, watch)
        ids = [row.id for row in written if row.id is not None]
        if ids and answered and answered[0] < 400:
            try:
                self.publisher(scope["app"].state.ctx, ids)
            except Exception:  # never the request's failure: the rows wait for the sweep
                logger.warning("handing events to the publisher failed", exc_info=True)
