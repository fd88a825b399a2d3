"""The giao ban report: what the directives in scope assigned, counted per agency and per
directive in each subtask's state at the end of the period (or now, if earlier); the overdue list
with its escalations; the extensions granted in the period. Every count is a GROUP BY in SQL over
`state_at.subtask_states`; only the overdue list and the extensions come back as rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Subquery, case, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from dondoc.directives.duerules import parse_due_rule
from dondoc.reading.periods import Period
from dondoc.reading.report_rows import (
    AgencyRow,
    Counts,
    DirectiveRow,
    Escalation,
    ExtensionGranted,
    OverdueItem,
    PeriodReport,
)
from dondoc.reading.state_at import BUCKETS, OPEN_OVERDUE, Scope, subtask_states
from dondoc.record.clock import as_utc, local_today, to_local
from dondoc.record.enums import AgencyKind, DirectiveKind, NotificationKind, NotificationStatus
from dondoc.record.errors import NotFound
from dondoc.record.models import Agency, Directive, ExtensionRequest, Notification, Subtask, Task
from dondoc.record.workcalendar import WorkCalendar


def _directive_ids(session: Session, numbers: list[str] | None) -> list[int] | None:
    if not numbers:
        return None
    rows: Sequence[Any] = session.execute(
        select(col(Directive.number), col(Directive.id)).where(col(Directive.number).in_(numbers))
    ).all()
    found: dict[str, int] = {number: directive_id for number, directive_id in rows}
    for number in numbers:
        if number not in found:
            known = list(
                session.scalars(
                    select(col(Directive.number)).order_by(col(Directive.issued_on).desc()).limit(5)
                )
            )
            raise NotFound(
                f"--directive: không có văn bản số '{number}'"
                + (f"; các văn bản gần nhất: {', '.join(known)}" if known else "")
            )
    return [found[n] for n in numbers]


def _after_prerequisite_tasks(session: Session, directive_ids: list[int] | None) -> list[int]:
    """Tasks whose due date counts from a prerequisite: the few distinct rules are parsed here,
    the tasks found by rule in SQL."""
    rules = [
        r
        for r in session.scalars(select(col(Task.due_rule)).distinct())
        if parse_due_rule(r).after_prerequisite
    ]
    if not rules:
        return []
    query = select(col(Task.id)).where(col(Task.due_rule).in_(rules))
    if directive_ids is not None:
        query = query.where(col(Task.directive_id).in_(directive_ids))
    return [i for i in session.scalars(query) if i is not None]


def _sums(states: Subquery) -> list[Any]:
    return [
        func.count().label("assigned"),
        *(func.sum(case((states.c.bucket == b, 1), else_=0)).label(b) for b in BUCKETS),
        func.sum(states.c.late_original).label("done_late_original"),
        func.sum(states.c.extended).label("extended"),
    ]


def _counts(row: Any) -> Counts:
    return Counts(**{name: int(getattr(row, name) or 0) for name in Counts.__dataclass_fields__})


def _agency_rows(session: Session, states: Subquery) -> list[AgencyRow]:
    parent = aliased(Agency)
    rows: Sequence[Any] = session.execute(
        select(
            col(Agency.code),
            col(Agency.name),
            col(Agency.kind),
            col(parent.code).label("parent"),
            *_sums(states),
        )
        .join(states, states.c.agency == col(Agency.code))
        .join(parent, col(Agency.parent_id) == col(parent.id), isouter=True)
        .group_by(
            col(Agency.code), col(Agency.name), col(Agency.kind), col(parent.code), col(Agency.position)
        )
        .order_by(col(Agency.position))
    ).all()
    return [AgencyRow(r.code, r.name, AgencyKind(r.kind), r.parent, _counts(r)) for r in rows]


def _directive_rows(session: Session, states: Subquery) -> list[DirectiveRow]:
    rows: Sequence[Any] = session.execute(
        select(
            col(Directive.number),
            col(Directive.kind),
            col(Directive.title),
            col(Directive.issued_on),
            *_sums(states),
        )
        .join(states, states.c.directive_id == col(Directive.id))
        .group_by(
            col(Directive.id),
            col(Directive.number),
            col(Directive.kind),
            col(Directive.title),
            col(Directive.issued_on),
        )
        .order_by(col(Directive.issued_on), col(Directive.id))
    ).all()
    return [DirectiveRow(r.number, DirectiveKind(r.kind), r.title, r.issued_on, _counts(r)) for r in rows]


def _escalations(session: Session, ids: list[int], as_of: dt.datetime) -> dict[int, list[Escalation]]:
    rows: Sequence[Any] = session.execute(
        select(
            col(Notification.subtask_id),
            col(Notification.kind),
            col(Notification.sent_at),
            col(Notification.recipient_code),
        )
        .where(
            col(Notification.subtask_id).in_(ids),
            col(Notification.kind).in_([NotificationKind.OVERDUE, NotificationKind.ESCALATION]),
            col(Notification.status) == NotificationStatus.SENT,
            col(Notification.sent_at) <= as_of,
        )
        .order_by(col(Notification.sent_at), col(Notification.id))
    ).all()
    grouped: dict[int, dict[tuple[dt.date, NotificationKind], list[str]]] = defaultdict(dict)
    for subtask_id, kind, sent_at, code in rows:
        key = (local_today(as_utc(sent_at)), NotificationKind(kind))
        grouped[subtask_id].setdefault(key, []).append(code)
    return {
        sid: [Escalation(day, kind, codes) for (day, kind), codes in days.items()]
        for sid, days in grouped.items()
    }


def _overdue(
    session: Session, states: Subquery, *, as_of: dt.datetime, calendar: WorkCalendar, limit: int | None
) -> tuple[list[OverdueItem], int]:
    late = states.c.bucket == OPEN_OVERDUE
    total: int = session.execute(select(func.count()).select_from(states).where(late)).scalar_one()
    query = (
        select(
            states.c.id,
            col(Directive.number),
            col(Task.text),
            col(Agency.code),
            col(Agency.name),
            states.c.due_at,
            states.c.original_due_at,
        )
        .join(Task, col(Task.id) == states.c.task_id)
        .join(Directive, col(Directive.id) == states.c.directive_id)
        .join(Agency, col(Agency.code) == states.c.agency)
        .where(late)
        .order_by(states.c.due_at, col(Directive.number), col(Task.position), col(Agency.position))
        .limit(limit)
    )
    items = [
        OverdueItem(
            subtask=row.id,
            directive=row.number,
            task_text=" ".join(row.text.split()),
            agency=row.code,
            agency_name=row.name,
            due_at=as_utc(row.due_at),
            original_due_at=as_utc(row.original_due_at) if row.original_due_at else None,
            working_days_late=calendar.working_days_between(to_local(row.due_at).date(), local_today(as_of)),
        )
        for row in list[Any](session.execute(query).all())
    ]
    history = _escalations(session, [i.subtask for i in items], as_of)
    for item in items:
        item.escalations = history.get(item.subtask, [])
    return items, int(total)


def _extensions(
    session: Session, states: Subquery, period: Period, as_of: dt.datetime
) -> list[ExtensionGranted]:
    earlier = aliased(ExtensionRequest)
    previous = (
        select(func.max(col(earlier.granted_on)))
        .where(
            col(earlier.subtask_id) == col(ExtensionRequest.subtask_id),
            col(earlier.status) == "approved",
            col(earlier.decided_at) < col(ExtensionRequest.decided_at),
        )
        .scalar_subquery()
    )
    rows: Sequence[Any] = session.execute(
        select(
            ExtensionRequest,
            previous.label("previous"),
            col(Subtask.original_due_at),
            col(Directive.number),
            col(Task.text),
            col(Agency.code),
            col(Agency.name),
        )
        .join(states, states.c.id == col(ExtensionRequest.subtask_id))
        .join(Subtask, col(Subtask.id) == col(ExtensionRequest.subtask_id))
        .join(Task, col(Task.id) == states.c.task_id)
        .join(Directive, col(Directive.id) == states.c.directive_id)
        .join(Agency, col(Agency.code) == states.c.agency)
        .where(
            col(ExtensionRequest.status) == "approved",
            col(ExtensionRequest.decided_at) >= period.start,
            col(ExtensionRequest.decided_at) <= as_of,
        )
        .order_by(col(ExtensionRequest.decided_at), col(ExtensionRequest.id))
    ).all()
    granted = []
    for request, previous_day, original_due, number, text, code, name in rows:
        assert request.granted_on is not None and request.decided_at is not None
        granted.append(
            ExtensionGranted(
                subtask=request.subtask_id,
                directive=number,
                task_text=" ".join(text.split()),
                agency=code,
                agency_name=name,
                previous_due=previous_day or (to_local(original_due).date() if original_due else None),
                granted_on=request.granted_on,
                decided_at=as_utc(request.decided_at),
                decided_by=request.decided_by or "",
                reason=request.reason,
            )
        )
    return granted


def build_report(
    session: Session,
    *,
    period: Period,
    now: dt.datetime,
    calendar: WorkCalendar,
    directives: list[str] | None = None,
    overdue_limit: int | None = None,
) -> PeriodReport:
    """The report of `period` as it stands at `now` (which may be after the period: the state at
    its end is counted then)."""
    as_of = period.as_of(now)
    directive_ids = _directive_ids(session, directives)
    scope = Scope(
        as_of=as_of,
        start=period.start,
        directive_ids=directive_ids,
        after_prerequisite_task_ids=_after_prerequisite_tasks(session, directive_ids),
    )
    states = subtask_states(scope)
    overdue, overdue_total = _overdue(session, states, as_of=as_of, calendar=calendar, limit=overdue_limit)
    return PeriodReport(
        period=period,
        as_of=as_of,
        generated_at=now,
        directive_filter=list(directives) if directives else None,
        agencies=_agency_rows(session, states),
        directives=_directive_rows(session, states),
        overdue=overdue,
        overdue_total=overdue_total,
        extensions=_extensions(session, states, period, as_of),
    )
