"""The notifications the portal's actions imply, queued through the outbox in the action's
transaction. Each is keyed by the audit event that caused it, so it is queued once per event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from dondoc.notify.messages import subtask_context
from dondoc.notify.outbox import enqueue_rows, outbox_row
from dondoc.notify.quiet_hours import out_of_quiet_hours, quiet_hours_of
from dondoc.record import audit
from dondoc.record.agency_tree import tree
from dondoc.record.audit import Actor
from dondoc.record.enums import NotificationKind
from dondoc.record.models import Agency, Event, Subtask
from dondoc.record.settings import portal_url_from_env
from dondoc.record.workcalendar import WorkCalendar


def _coordinators(session: Session) -> list[str]:
    return list(tree(session).coordinators)


def _owner(session: Session, subtask: Subtask) -> str:
    known = tree(session).by_id.get(subtask.agency_id)
    if known is not None:
        return known.code
    agency = session.get(Agency, subtask.agency_id)  # added in this very transaction
    assert agency is not None
    return agency.code


def _send(
    session: Session,
    *,
    event: Event,
    recipients: list[str],
    kind: NotificationKind,
    subtask: Subtask,
    now: dt.datetime,
    calendar: WorkCalendar | None,
    subject: str,
    reason: str | None = None,
    note: str | None = None,
) -> None:
    """One message to each recipient, from one reading of the subtask, queued in one statement."""
    if event.id is None:  # written with the next flush: that gives it the id keying the notices
        session.flush()
    assert event.id is not None and subtask.id is not None
    context = subtask_context(session, subtask, now=now, portal_url=portal_url_from_env(), calendar=calendar)
    ready_at = out_of_quiet_hours(now, quiet_hours_of(subtask.policy))
    known = tree(session).by_code
    rows = [
        outbox_row(
            kind=kind,
            recipient_code=code,
            recipient_name=known[code].name if code in known else code,
            dedup_key=f"event:{event.id}:{code}",
            context=context,
            payload={"subject": subject, "reason": reason, "note": note},
            subtask_id=subtask.id,
            due_at=subtask.due_at,
            step=event.action.removeprefix("subtask."),
            now=now,
            ready_at=ready_at,
        )
        for code in recipients
    ]
    enqueue_rows(session, rows)


def tell_coordinators(
    session: Session,
    *,
    event: Event,
    subtask: Subtask,
    subject: str,
    now: dt.datetime,
    calendar: WorkCalendar | None = None,
    reason: str | None = None,
    note: str | None = None,
) -> None:
    _send(
        session,
        event=event,
        recipients=_coordinators(session),
        kind=NotificationKind.INFO,
        subtask=subtask,
        now=now,
        calendar=calendar,
        subject=subject,
        reason=reason,
        note=note,
    )


def tell_owner(
    session: Session,
    *,
    event: Event,
    subtask: Subtask,
    subject: str,
    now: dt.datetime,
    calendar: WorkCalendar | None = None,
    kind: NotificationKind = NotificationKind.INFO,
    reason: str | None = None,
    note: str | None = None,
) -> None:
    _send(
        session,
        event=event,
        recipients=[_owner(session, subtask)],
        kind=kind,
        subtask=subtask,
        now=now,
        calendar=calendar,
        subject=subject,
        reason=reason,
        note=note,
    )


def record_and_tell_owner(
    session: Session,
    *,
    actor: Actor,
    action: str,
    subtask: Subtask,
    directive_id: int,
    detail: Mapping[str, Any],
    now: dt.datetime,
    calendar: WorkCalendar,
    subject: str,
    reason: str | None = None,
    note: str | None = None,
) -> None:
    """Write an action to the audit log and queue the owner's notice of that event.

    `detail` goes to the audit row as it is; `reason` and `note` are the notice's wording, which
    may differ from it (a prefix, a sentence of context)."""
    event = audit.record_at_once(
        session,
        actor=actor,
        action=action,
        at=now,
        directive_id=directive_id,
        subtask_id=subtask.id,
        **detail,
    )
    tell_owner(
        session,
        event=event,
        subtask=subtask,
        now=now,
        calendar=calendar,
        subject=subject,
        reason=reason,
        note=note,
    )
