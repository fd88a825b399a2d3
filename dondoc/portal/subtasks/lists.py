"""Lists of subtasks in the portal, a page at a time in due-date order (as GET /api/subtasks): an
agency's own work on its home page, in three tabs, and the filtered list every signed-in person
can open (the dashboard links to it for everything it only shows the start of)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import func
from sqlmodel import Session, col, select

from dondoc.context import Context
from dondoc.portal.deps import ContextDep, CurrentWebSession, WebSession
from dondoc.portal.rendering import page
from dondoc.reading.queries import MAX_PAGE, Page, SubtaskFilter, page_subtasks
from dondoc.reading.visibility import page_for, visible_agencies
from dondoc.record import clock
from dondoc.record.enums import OPEN_STATUSES, SubtaskStatus, Timeliness
from dondoc.record.errors import DondocError
from dondoc.record.models import Directive, Subtask

router = APIRouter(include_in_schema=False)
PER_PAGE = 50
Offset = Annotated[int, Query(ge=0, le=2_147_483_647)]
AWAITING = SubtaskStatus.AWAITING_CONFIRMATION
# an agency's home: what it still has to do, what waits for the coordinator, what is closed
TABS: dict[str, tuple[str, tuple[SubtaskStatus, ...]]] = {
    "todo": ("Cần thực hiện", tuple(s for s in OPEN_STATUSES if s is not AWAITING)),
    "awaiting": ("Chờ xác nhận", (AWAITING,)),
    "closed": ("Đã xong, đã hủy", (SubtaskStatus.DONE, SubtaskStatus.CANCELLED)),
}


def pager(request: Request, shown: Page) -> dict[str, str | None]:
    """Links to the previous and next pages: the same address, another offset."""

    def at(offset: int | None) -> str | None:
        if offset is None:
            return None
        query = {k: v for k, v in request.query_params.items() if k != "offset"}
        return f"{request.url.path}?{urlencode({**query, 'offset': offset})}"

    return {"previous": at(shown.previous_offset), "next": at(shown.next_offset)}


def _by_status(session: Session, agency_ids: list[int]) -> dict[SubtaskStatus, int]:
    rows = session.exec(
        select(Subtask.status, func.count())
        .where(col(Subtask.agency_id).in_(agency_ids))
        .group_by(col(Subtask.status))
    ).all()
    return {SubtaskStatus(status): int(n) for status, n in rows}


def my_work(request: Request, ctx: Context, web: WebSession, tab: str, offset: int) -> Response:
    """An agency's home: its own subtasks and its children's, one tab and one page at a time."""
    if tab not in TABS:
        raise DondocError(f"không có mục '{tab}' (todo, awaiting, closed)")
    statuses = TABS[tab][1]
    with ctx.session() as session:
        ids = [a.id for a in visible_agencies(session, web.principal) if a.id is not None]
        counts = _by_status(session, ids)
        shown = page_subtasks(
            session,
            SubtaskFilter(agency_ids=tuple(ids), statuses=statuses),
            now=clock.now(),
            calendar=ctx.calendar,
            limit=PER_PAGE,
            offset=offset,
            total=sum(counts.get(s, 0) for s in statuses),
        )
    tabs = [(key, label, sum(counts.get(s, 0) for s in kinds)) for key, (label, kinds) in TABS.items()]
    return page(
        request, "my_subtasks.html", web=web, tabs=tabs, tab=tab, page=shown, links=pager(request, shown)
    )


E = TypeVar("E", bound=StrEnum)


def _choice(kind: type[E], raw: str | None, label: str) -> E | None:
    if not raw:
        return None
    try:
        return kind(raw)
    except ValueError:
        raise DondocError(f"{label} không hợp lệ: '{raw}' ({', '.join(k.value for k in kind)})") from None


@router.get("/subtasks")
def subtask_list(
    request: Request,
    ctx: ContextDep,
    web: CurrentWebSession,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = PER_PAGE,
    directive: Annotated[str | None, Query(max_length=64)] = None,
    task: Annotated[str | None, Query(max_length=128)] = None,
    status: Annotated[str | None, Query(max_length=32)] = None,
    timeliness: Annotated[str | None, Query(max_length=32)] = None,
    agency: Annotated[str | None, Query(max_length=64)] = None,
    extension: Annotated[str | None, Query(max_length=16)] = None,
) -> Response:
    chosen_status = _choice(SubtaskStatus, status, "trạng thái")
    chosen_timeliness = _choice(Timeliness, timeliness, "tiến độ")
    if extension not in (None, "", "pending"):
        raise DondocError(f"extension không hợp lệ: '{extension}' (pending)")
    where = SubtaskFilter(
        directive=directive or None,
        task=(task or None) if directive else None,
        statuses=(chosen_status,) if chosen_status else None,
        timeliness=chosen_timeliness,
        extension_pending=extension == "pending",
    )
    with ctx.session() as session:
        shown = page_for(
            session,
            web.principal,
            where,
            now=clock.now(),
            calendar=ctx.calendar,
            agency=agency or None,
            limit=limit,
            offset=offset,
        )
        directives = session.exec(select(Directive.number).order_by(col(Directive.issued_on).desc())).all()
        agencies = [] if web.principal.is_coordinator else visible_agencies(session, web.principal)
    return page(
        request,
        "subtask_list.html",
        web=web,
        page=shown,
        links=pager(request, shown),
        chosen={
            "directive": directive or "",
            "task": task or "",
            "status": chosen_status.value if chosen_status else "",
            "timeliness": chosen_timeliness.value if chosen_timeliness else "",
            "agency": agency or "",
            "extension": extension or "",
        },
        statuses=list(SubtaskStatus),
        timeliness_kinds=list(Timeliness),
        directives=directives,
        agencies=agencies,
    )
