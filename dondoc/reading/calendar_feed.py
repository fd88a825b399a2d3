"""An agency's deadlines as an iCalendar feed (RFC 5545), for the calendar on a clerk's phone.

Each open subtask of the agency (and of its direct children, as the portal shows them) with a
due date is an all-day event on that local day (Asia/Ho_Chi_Minh; the day means its end), with
an alarm at the moment the subtask's own policy sends its first reminder. The UID is the
subtask's, so a calendar updates the event in place; SEQUENCE counts the revisions a calendar
must notice (the due date moved, the subtask cancelled or restored), read from the audit log.
A cancelled subtask stays in the feed for a while as STATUS:CANCELLED, so subscribed calendars
remove it; a done one leaves the feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlsplit

from icalendar import Alarm, Calendar
from icalendar import Event as CalendarEvent
from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from dondoc.escalation.interpreter import plan_actions
from dondoc.escalation.policies import StepKind, from_snapshot
from dondoc.record.clock import as_utc, format_date, to_local
from dondoc.record.enums import OPEN_STATUSES, Role, SubtaskStatus
from dondoc.record.models import Agency, Directive, Event, Subtask, Task
from dondoc.record.workcalendar import WorkCalendar

# how long a cancelled subtask stays in the feed (as cancelled) for calendars to drop it
CANCELLED_KEPT = dt.timedelta(days=60)
# the audit actions that revise an event: its date, or whether it happens at all
REVISIONS = ("subtask.extension_approved", "subtask.due_changed", "subtask.cancelled", "subtask.restored")
PRODID = "-//dondoc//Theo dõi, đôn đốc nhiệm vụ//VI"


def _rows(
    session: Session, agency: Agency, now: dt.datetime
) -> Sequence[tuple[Subtask, Task, Directive, Agency]]:
    visible = select(Agency.id).where(or_(col(Agency.id) == agency.id, col(Agency.parent_id) == agency.id))
    status = col(Subtask.status)
    return session.exec(
        select(Subtask, Task, Directive, Agency)
        .join(Task, col(Subtask.task_id) == Task.id)
        .join(Directive, col(Task.directive_id) == Directive.id)
        .join(Agency, col(Subtask.agency_id) == Agency.id)
        .where(
            col(Subtask.agency_id).in_(visible),
            col(Subtask.due_at).is_not(None),
            or_(
                status.in_([s.value for s in OPEN_STATUSES]),
                and_(
                    status == SubtaskStatus.CANCELLED.value,
                    col(Subtask.updated_at) >= now - CANCELLED_KEPT,
                ),
            ),
        )
        .order_by(col(Subtask.due_at), col(Subtask.id))
    ).all()


def _revisions(session: Session, subtask_ids: list[int]) -> dict[int, int]:
    if not subtask_ids:
        return {}
    rows = session.exec(
        select(Event.subtask_id, func.count())
        .where(col(Event.subtask_id).in_(subtask_ids), col(Event.action).in_(REVISIONS))
        .group_by(col(Event.subtask_id))
    ).all()
    return {subtask_id: count for subtask_id, count in rows if subtask_id is not None}


def first_reminder(sub: Subtask, calendar: WorkCalendar) -> dt.datetime | None:
    """When the subtask's policy (its own snapshot) sends its first reminder for this due date."""
    if sub.due_at is None:
        return None
    actions = plan_actions(from_snapshot(sub.policy), as_utc(sub.due_at), calendar)
    return next((a.at for a in actions if a.step.kind is StepKind.REMIND), None)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _event(
    sub: Subtask,
    task: Task,
    directive: Directive,
    owner: Agency,
    *,
    feed_agency: Agency,
    sequence: int,
    calendar: WorkCalendar,
    portal_url: str,
) -> CalendarEvent:
    assert sub.due_at is not None and sub.id is not None
    due_day = to_local(sub.due_at).date()
    link = f"{portal_url.rstrip('/')}/subtasks/{sub.id}"
    status = SubtaskStatus(sub.status)
    for_child = owner.id != feed_agency.id
    summary = f"Hạn: {_cut(task.text, 100)} ({directive.number})"
    moved = sub.original_due_at and as_utc(sub.original_due_at) != as_utc(sub.due_at)
    description = "\n".join(
        line
        for line in (
            f"Văn bản {directive.number}: {directive.title}",
            f"Nhiệm vụ: {task.text}",
            f"Cơ quan: {owner.name} ({Role(sub.role).label.lower()})",
            f"Hạn: {format_date(due_day)}"
            + (f" (hạn ban đầu {format_date(sub.original_due_at)})" if moved else ""),
            f"Trạng thái: {status.label}",
            f"Mở trên cổng thông tin: {link}",
        )
    )
    event = CalendarEvent()
    event.add("uid", f"subtask-{sub.id}@{urlsplit(portal_url).hostname or 'dondoc'}")
    # without METHOD semantics, DTSTAMP is when the stored information last changed
    event.add("dtstamp", as_utc(sub.updated_at))
    event.add("last-modified", as_utc(sub.updated_at))
    event.add("dtstart", due_day)
    event.add("dtend", due_day + dt.timedelta(days=1))
    event.add("summary", f"[{owner.name}] {summary}" if for_child else summary)
    event.add("description", description)
    event.add("url", link)
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if status is SubtaskStatus.CANCELLED else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: the day stays free
    reminder = first_reminder(sub, calendar)
    if reminder is not None and status is not SubtaskStatus.CANCELLED:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Sắp đến hạn {format_date(due_day)}: {_cut(task.text, 100)}")
        alarm.add("trigger", reminder)
        event.add_component(alarm)
    return event


def agency_feed(
    session: Session, agency: Agency, *, now: dt.datetime, calendar: WorkCalendar, portal_url: str
) -> bytes:
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("name", f"Hạn việc: {agency.name}")
    feed.add("x-wr-calname", f"Hạn việc: {agency.name}")
    feed.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    feed.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    feed.add("x-published-ttl", "PT1H")
    rows = _rows(session, agency, now)
    revisions = _revisions(session, [sub.id for sub, *_ in rows if sub.id is not None])
    for sub, task, directive, owner in rows:
        feed.add_component(
            _event(
                sub,
                task,
                directive,
                owner,
                feed_agency=agency,
                sequence=revisions.get(sub.id or 0, 0),
                calendar=calendar,
                portal_url=portal_url,
            )
        )
    return feed.to_ical()
