"""The coordinators' pages: the district at a glance, and one directive in full."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from sqlmodel import select

from dondoc.portal.auth import ContextDep, WebSession, web_session
from dondoc.portal.rendering import page
from dondoc.portal.spec_panel import spec_panel
from dondoc.reading import overview
from dondoc.reading.queries import agency_counts
from dondoc.reading.visibility import subtasks_for
from dondoc.record import clock
from dondoc.record.enums import SubtaskStatus
from dondoc.record.errors import Forbidden
from dondoc.record.models import ExtensionRequest
from dondoc.work import extensions

router = APIRouter(include_in_schema=False)


def _coordinator(request: Request, ctx: ContextDep) -> WebSession | Response:
    web = web_session(request, ctx)
    if web is None:
        return page(request, "signin.html", 401)
    if not web.principal.is_coordinator:
        raise Forbidden("trang tổng hợp dành cho bộ phận điều phối")
    return web


@router.get("/overview")
def overview_page(request: Request, ctx: ContextDep) -> Response:
    signed = _coordinator(request, ctx)
    if isinstance(signed, Response):
        return signed
    with ctx.session() as session:
        views = subtasks_for(session, signed.principal, now=clock.now(), calendar=ctx.calendar)
        progress = overview.directive_progress(session, views)
        pending_ids = set(
            session.exec(
                select(ExtensionRequest.subtask_id).where(ExtensionRequest.status == extensions.PENDING)
            ).all()
        )
        counts = agency_counts(views)
        rows = overview.counts_by_level(session, counts)
    widest = max((c.total for c in counts), default=0) or 1
    return page(
        request,
        "overview.html",
        web=signed,
        progress=progress,
        rows=rows,
        widest=widest,
        late=overview.overdue(views),
        awaiting=[v for v in views if v.status is SubtaskStatus.AWAITING_CONFIRMATION],
        extension_asked=[v for v in views if v.id in pending_ids],
    )


@router.get("/directives/{directive_id}")
def directive_page(
    request: Request,
    ctx: ContextDep,
    directive_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
    ok: str | None = None,
) -> Response:
    signed = _coordinator(request, ctx)
    if isinstance(signed, Response):
        return signed
    with ctx.session() as session:
        detail = overview.directive_detail(session, directive_id, now=clock.now(), calendar=ctx.calendar)
        panel = spec_panel(session, detail.directive, ok)
    return page(request, "directive.html", web=signed, detail=detail, **panel)
