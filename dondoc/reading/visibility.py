"""What a signed-in agency may see: its own subtasks and its direct children's (a xã sees its
thôn's); a coordinator sees everything. The same rule as who may act (dondoc.work.permissions)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, or_, select

from dondoc.reading.queries import SubtaskView, get_subtask, list_subtasks
from dondoc.record.enums import SubtaskStatus
from dondoc.record.errors import Forbidden
from dondoc.record.models import Agency, Subtask
from dondoc.record.workcalendar import WorkCalendar
from dondoc.work.access import Principal


def visible_agency_ids(session: Session, principal: Principal) -> list[int]:
    rows = session.exec(
        select(Agency.id).where(
            or_(col(Agency.id) == principal.agency_id, col(Agency.parent_id) == principal.agency_id)
        )
    ).all()
    return [row for row in rows if row is not None]


def subtasks_for(
    session: Session,
    principal: Principal,
    *,
    now: dt.datetime,
    calendar: WorkCalendar,
    directive: str | None = None,
    status: SubtaskStatus | None = None,
) -> list[SubtaskView]:
    if principal.is_coordinator:
        return list_subtasks(session, now=now, calendar=calendar, directive=directive, status=status)
    ids = session.exec(
        select(Subtask.id).where(col(Subtask.agency_id).in_(visible_agency_ids(session, principal)))
    ).all()
    return list_subtasks(
        session,
        now=now,
        calendar=calendar,
        directive=directive,
        status=status,
        subtask_ids=[i for i in ids if i is not None],
    )


def subtask_for(
    session: Session, principal: Principal, subtask_id: int, *, now: dt.datetime, calendar: WorkCalendar
) -> SubtaskView:
    """One subtask; NotFound when it does not exist, Forbidden when it is someone else's."""
    view = get_subtask(session, subtask_id, now=now, calendar=calendar)
    if principal.is_coordinator:
        return view
    sub = session.get(Subtask, subtask_id)
    assert sub is not None
    if sub.agency_id not in visible_agency_ids(session, principal):
        raise Forbidden(f"việc con #{subtask_id} không thuộc {principal.code} hay cơ quan trực thuộc")
    return view
