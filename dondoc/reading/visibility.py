"""What a signed-in agency may see: its own subtasks and its direct children's (a xã sees its
thôn's); a coordinator sees everything. The same rule as who may act (dondoc.work.permissions).

A list may ask for one agency's subtree (`agency=CODE`): the subtasks of that agency and of those
under it (the agency tree keeps each one's path), within what the caller may see."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlmodel import Session

from dondoc.reading.queries import Page, SubtaskFilter, SubtaskView, get_subtask, page_subtasks
from dondoc.record.agency_tree import Body, tree
from dondoc.record.errors import DondocError, Forbidden
from dondoc.record.workcalendar import WorkCalendar
from dondoc.work.access import Principal


class UnknownAgency(DondocError):
    """A list asked for an agency that does not exist: bad input, not a missing page."""

    def __init__(self, code: str) -> None:
        super().__init__(f"không có cơ quan '{code}'")
        self.code = code


def visible_agencies(session: Session, principal: Principal) -> list[Body]:
    """The agency itself and its direct children, from the tree this process holds."""
    known = tree(session)
    return [known.by_id[i] for i in known.own_and_children(principal.agency_id) if i in known.by_id]


def scoped(
    session: Session, principal: Principal, where: SubtaskFilter, agency: str | None = None
) -> SubtaskFilter:
    """`where`, narrowed to what the principal may see and, given `agency`, to that agency's
    subtree. UnknownAgency when no such agency; Forbidden when the caller may not see it."""
    known = tree(session)
    root = known.by_code.get(agency) if agency is not None else None
    if agency is not None and root is None:
        raise UnknownAgency(agency)
    if principal.is_coordinator:
        return dataclasses.replace(where, subtree=root.path) if root else where
    if root is None:  # all it may see: decided in the statement, from its id alone
        return dataclasses.replace(where, visible_to=principal.agency_id)
    visible = visible_agencies(session, principal)
    if root.id not in {a.id for a in visible}:
        raise Forbidden(
            f"{principal.code} không được xem việc của {agency}: chỉ của mình và cơ quan trực thuộc"
        )
    ids = tuple(a.id for a in visible if a.path.startswith(root.path))
    return dataclasses.replace(where, agency_ids=ids)


def page_for(
    session: Session,
    principal: Principal,
    where: SubtaskFilter,
    *,
    now: dt.datetime,
    calendar: WorkCalendar,
    agency: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Page:
    """One page of what the principal may see (see `scoped`)."""
    narrowed = scoped(session, principal, where, agency)
    return page_subtasks(session, narrowed, now=now, calendar=calendar, limit=limit, offset=offset)


def subtask_for(
    session: Session, principal: Principal, subtask_id: int, *, now: dt.datetime, calendar: WorkCalendar
) -> SubtaskView:
    """One subtask; NotFound when it does not exist, Forbidden when it is someone else's."""
    view = get_subtask(session, subtask_id, now=now, calendar=calendar)
    if principal.is_coordinator:
        return view
    known = tree(session)
    owner = known.by_code.get(view.agency)
    if owner is None or owner.id not in known.own_and_children(principal.agency_id):
        raise Forbidden(f"việc con #{subtask_id} không phải việc của {principal.name} hay đơn vị trực thuộc")
    return view
