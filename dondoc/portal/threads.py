"""How many requests a portal process runs at once: as many as it has database connections.

The portal's routes are synchronous (SQLAlchemy sessions), so each runs in AnyIO's thread pool,
40 threads by default. With more threads than pooled connections, a burst of requests makes
threads wait on the pool and then fail ("QueuePool limit … reached"); with as many threads as
connections, the extra requests wait for a thread instead, and are served in turn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from dondoc.record.db import pool_size


@asynccontextmanager
async def threads_for_the_pool(_app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = pool_size()
    yield
