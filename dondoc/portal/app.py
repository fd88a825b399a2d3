"""The portal's FastAPI application: pages, the REST API, static files, security middleware."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from dondoc.context import Context
from dondoc.portal import errors
from dondoc.portal.agencies import api as agencies_api
from dondoc.portal.agencies import web as agencies_web
from dondoc.portal.calendar import web as calendar_web
from dondoc.portal.dashboard import web as dashboard_web
from dondoc.portal.drafts import api as drafts_api
from dondoc.portal.drafts import reading_jobs
from dondoc.portal.drafts import web as drafts_web
from dondoc.portal.publishing import PrefectPublisher, PublishAfterChange, Publisher
from dondoc.portal.rendering import STATIC
from dondoc.portal.reports import web as reports_web
from dondoc.portal.security import BodyLimit, SecurityHeaders
from dondoc.portal.subtasks import api as subtasks_api
from dondoc.portal.subtasks import lists as subtask_lists
from dondoc.portal.subtasks import web as subtasks_web
from dondoc.portal.subtasks.operations import Scheduler
from dondoc.record.db import pool_size

# each feature's routes, API and pages; in this order, which decides between overlapping paths
ROUTERS = (
    subtasks_api.router,
    subtasks_web.router,
    dashboard_web.router,
    drafts_api.router,
    agencies_api.router,
    agencies_web.router,
    drafts_web.router,
    reports_web.router,
    calendar_web.router,
    subtask_lists.router,
)


def schedule_with_prefect(follow_up_id: int, at: dt.datetime) -> str:
    """Create the follow-up's scheduled flow run. Prefect is imported here, on first use, so the
    portal starts (and its tests run) without loading it."""
    from flows.follow_up import schedule

    return schedule(follow_up_id, at)


# how long a stopping worker waits for the events its last requests handed over
PUBLISHED_WITHIN = 30.0


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """As many request threads as database connections, and the scans read in the background.

    The routes are synchronous (SQLAlchemy sessions), so each runs in AnyIO's thread pool, 40
    threads by default: with more threads than pooled connections, a burst of requests makes
    threads wait on the pool and then fail ("QueuePool limit … reached"); with as many, the extra
    requests wait for a thread instead, and are served in turn."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = pool_size()
    if isinstance(app.state.publisher, PrefectPublisher):
        app.state.publisher.prepare()
    reading_jobs.start()
    try:
        yield
    finally:
        reading_jobs.stop()
        publisher = app.state.publisher
        if isinstance(publisher, PrefectPublisher):
            await anyio.to_thread.run_sync(publisher.drain, PUBLISHED_WITHIN)


def create_app(
    ctx: Context | None = None,
    *,
    scheduler: Scheduler = schedule_with_prefect,
    publisher: Publisher | None = None,
) -> FastAPI:
    app = FastAPI(
        title="dondoc",
        summary="Theo dõi, đôn đốc thực hiện kết luận, chỉ thị: API cho cơ quan và bộ phận điều phối",
        version="1",
        # the interactive docs load scripts from a CDN, which the CSP (and the office network) forbid
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        # no traces or metrics are exported: not even the check for them on every request
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    app.state.ctx = ctx or Context.load()
    app.state.scheduler = scheduler
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit)
    app.state.publisher = publisher or PrefectPublisher()
    app.add_middleware(PublishAfterChange, publisher=app.state.publisher)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)
    errors.install(app)
    return app
