"""The coordinators' pages: the province or district at a glance, its villages when a commune is
opened, and one directive in full. Each list shows its first rows and links to the whole list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from dondoc.portal.dashboard.spec_panel import spec_panel
from dondoc.portal.deps import ContextDep, CoordinatorsOnly, WebSession
from dondoc.portal.rendering import page
from dondoc.portal.subtasks.lists import Offset
from dondoc.reading import overview
from dondoc.reading.names import agency_names
from dondoc.reading.queries import Page, SubtaskFilter, page_subtasks
from dondoc.record import clock
from dondoc.record.enums import SubtaskStatus, Timeliness

router = APIRouter(include_in_schema=False)
# rows of each list on the dashboard; the rest are a link away
SHOWN = 20
DIRECTIVES_SHOWN = 20
Code = Annotated[str, Path(max_length=64)]
Coordinator = Annotated[WebSession, Depends(CoordinatorsOnly("trang tổng hợp").page)]


@router.get("/overview")
def overview_page(request: Request, ctx: ContextDep, signed: Coordinator, directives: Offset = 0) -> Response:
    now = clock.now()
    with ctx.session() as session:
        levels = overview.counts_by_level(session, now=now, calendar=ctx.calendar)
        progress, directive_total = overview.directive_progress(
            session, now=now, calendar=ctx.calendar, limit=DIRECTIVES_SHOWN, offset=directives
        )

        def first(where: SubtaskFilter, total: int | None = None) -> Page:
            return page_subtasks(session, where, now=now, calendar=ctx.calendar, limit=SHOWN, total=total)

        late = first(SubtaskFilter(timeliness=Timeliness.OVERDUE), levels.overdue)
        awaiting = first(SubtaskFilter(statuses=(SubtaskStatus.AWAITING_CONFIRMATION,)), levels.awaiting)
        extension_asked = first(SubtaskFilter(extension_pending=True))
    earlier = directives - DIRECTIVES_SHOWN if directives > 0 else None
    later = directives + DIRECTIVES_SHOWN if directives + DIRECTIVES_SHOWN < directive_total else None
    return page(
        request,
        "overview.html",
        web=signed,
        progress=progress,
        directive_total=directive_total,
        directive_pages={"previous": None if earlier is None else max(earlier, 0), "next": later},
        rows=levels.rows,
        widest=levels.widest,
        late=late,
        awaiting=awaiting,
        extension_asked=extension_asked,
    )


@router.get("/overview/villages/{code}")
def villages_page(
    request: Request,
    ctx: ContextDep,
    signed: Coordinator,
    code: Code,
    widest: Annotated[int, Query(ge=1, le=2_147_483_647)] = 1,
    rows_only: Annotated[bool, Query(alias="rows")] = False,
) -> Response:
    """A commune's villages with their counts: the rows the dashboard loads when the commune is
    opened (`rows=1`), or a page of their own without script."""
    with ctx.session() as session:
        commune, villages = overview.village_counts(session, code, now=clock.now(), calendar=ctx.calendar)
    widest = max([widest, *(v.total for v in villages)])
    template = "_village_rows.html" if rows_only else "villages.html"
    return page(request, template, web=signed, commune=commune, villages=villages, widest=widest)


@router.get("/directives/{directive_id}")
def directive_page(
    request: Request,
    ctx: ContextDep,
    signed: Coordinator,
    directive_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
    ok: str | None = None,
) -> Response:
    with ctx.session() as session:
        detail = overview.directive_detail(session, directive_id, now=clock.now(), calendar=ctx.calendar)
        panel = spec_panel(session, detail.directive, ok)
        names = agency_names(session)
    return page(request, "directive.html", web=signed, detail=detail, names=names, **panel)
