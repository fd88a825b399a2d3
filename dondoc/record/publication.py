"""Publishing the audit log outside (the Prefect event feed) without losing or repeating a row.

Every change already writes an audit row in its own transaction; those rows are the record of
what to publish. A publisher claims a page of unpublished rows with a conditional UPDATE (a
lease), sends them, then marks them published; a publisher that fails releases its lease, one
that dies leaves it to expire. Two publishers never hold the same row, and a change never waits
for the outside world: what could not be sent stays pending for the next publisher.

Leases run on the wall clock handed in by the caller, not on the program's clock: they measure
how long a real process may take, and the program's clock may be frozen in a demo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from dondoc.record.models import Agency, Directive, Event, Subtask, Task

LEASE = dt.timedelta(minutes=5)

# the audit log's words where the published name says it differently
_TRANSITION_NAMES = {"extension_approved": "extended"}


def transition_name(action: str) -> str:
    """'subtask.extension_approved' -> 'subtask.extended'; other actions keep their name."""
    subject, _, verb = action.partition(".")
    return f"{subject}.{_TRANSITION_NAMES.get(verb, verb)}"


@dataclass(frozen=True)
class Published:
    """One audit row, with what an outside reader needs to place it."""

    event_id: int
    name: str  # "subtask.done", "subtask.extended", "directive.registered" …
    at: dt.datetime
    actor: str
    source: str
    detail: dict[str, Any]
    directive_id: int | None
    directive_number: str | None
    directive_title: str | None
    directive_flow_run_id: str | None
    subtask_id: int | None = None
    task_text: str | None = None
    agency_code: str | None = None
    agency_name: str | None = None
    # who else a step told, for escalations: agency codes
    told: list[str] = field(default_factory=list)


def _pending(now: dt.datetime) -> Any:
    return col(Event.published_at).is_(None) & (
        col(Event.publishing_until).is_(None) | (col(Event.publishing_until) < now)
    )


def claim(
    session: Session, *, now: dt.datetime, limit: int, only: list[int] | None = None
) -> tuple[list[int], dt.datetime]:
    """Take up to `limit` unpublished rows, oldest first (`only`: of these ids), until
    `now + LEASE`; returns their ids and the lease, which the caller hands back to
    `mark_published` or `release`."""
    lease = now + LEASE
    wanted = _pending(now) if only is None else _pending(now) & col(Event.id).in_(only)
    page = select(Event.id).where(wanted).order_by(col(Event.id)).limit(limit).scalar_subquery()
    claimed = session.execute(
        update(Event)
        .where(col(Event.id).in_(page), _pending(now))
        .values(publishing_until=lease)
        .returning(col(Event.id))
        .execution_options(synchronize_session=False)
    )
    return sorted(row[0] for row in claimed), lease


def _ours(ids: list[int], lease: dt.datetime) -> Any:
    return col(Event.id).in_(ids) & (col(Event.publishing_until) == lease)


def mark_published(session: Session, *, ids: list[int], lease: dt.datetime, now: dt.datetime) -> int:
    """Mark sent rows, as long as the lease on them is still ours; returns how many."""
    if not ids:
        return 0
    done = session.execute(
        update(Event)
        .where(_ours(ids, lease))
        .values(published_at=now, publishing_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(done.rowcount or 0)  # type: ignore[attr-defined]


def release(session: Session, *, ids: list[int], lease: dt.datetime) -> None:
    """Give rows back unsent, so the next publisher takes them at once."""
    if ids:
        session.execute(
            update(Event)
            .where(_ours(ids, lease))
            .values(publishing_until=None)
            .execution_options(synchronize_session=False)
        )


def pending_count(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(Event).where(col(Event.published_at).is_(None))
    ).one()


def describe(session: Session, ids: list[int]) -> list[Published]:
    """The claimed rows with their directive, subtask, task and agency, in one query."""
    if not ids:
        return []
    rows = session.exec(
        select(Event, Directive, Task, Agency)
        .join(Directive, col(Event.directive_id) == Directive.id, isouter=True)
        .join(Subtask, col(Event.subtask_id) == Subtask.id, isouter=True)
        .join(Task, col(Subtask.task_id) == Task.id, isouter=True)
        .join(Agency, col(Subtask.agency_id) == Agency.id, isouter=True)
        .where(col(Event.id).in_(ids))
        .order_by(col(Event.id))
    ).all()
    described = []
    for event, directive, task, agency in rows:
        assert event.id is not None
        described.append(
            Published(
                event_id=event.id,
                name=transition_name(event.action),
                at=event.at,
                actor=event.actor,
                source=event.source,
                detail=event.detail,
                directive_id=event.directive_id,
                directive_number=directive.number if directive else None,
                directive_title=directive.title if directive else None,
                directive_flow_run_id=directive.flow_run_id if directive else None,
                subtask_id=event.subtask_id,
                task_text=task.text if task else None,
                agency_code=agency.code if agency else None,
                agency_name=agency.name if agency else None,
                told=list(event.detail.get("told", [])),
            )
        )
    return described
