"""Deadlines in the phone's calendar: the iCalendar feed behind a secret calendar link, and the
agency page's "Thêm vào lịch", which hands the signed-in agency a link of its own to subscribe."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from dondoc.portal.deps import ContextDep, CurrentWebSession, checked_form
from dondoc.portal.rendering import page
from dondoc.reading.calendar_feed import agency_feed
from dondoc.record import clock
from dondoc.record.errors import NotFound
from dondoc.work.access import add_calendar_link, calendar_agency

router = APIRouter(include_in_schema=False)


@router.get("/ical/{token}.ics")
def calendar_feed(ctx: ContextDep, token: Annotated[str, Path(max_length=256)]) -> Response:
    with ctx.session() as session:
        agency = calendar_agency(session, token)
        if agency is None:
            raise NotFound("đường dẫn lịch không hợp lệ hoặc đã bị thu hồi")
        body = agency_feed(
            session, agency, now=clock.now(), calendar=ctx.calendar, portal_url=ctx.settings.portal_url
        )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        # calendar apps poll: a few minutes' copy on the phone is fine, a shared cache is not
        headers={
            "Cache-Control": "private, max-age=300",
            "Content-Disposition": 'inline; filename="han-viec.ics"',
        },
    )


@router.post("/calendar-link")
async def new_calendar_link(request: Request, ctx: ContextDep, signed: CurrentWebSession) -> Response:
    await checked_form(request, signed)
    with ctx.session() as session:
        link = add_calendar_link(session, agency_id=signed.principal.agency_id, now=clock.now())
    portal_url = ctx.settings.portal_url
    return page(
        request,
        "calendar_link.html",
        web=signed,
        webcal_url=link.webcal_url(portal_url),
        https_url=link.url(portal_url),
    )
