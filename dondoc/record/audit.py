"""The append-only audit log. Rows are written in the caller's transaction, never updated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from dondoc.record.models import Event


@dataclass(frozen=True)
class Actor:
    """Who acts, and from where: an agency code (or "system"), and cli / web / api / flow."""

    code: str
    source: str = "cli"
    is_coordinator: bool = False

    @classmethod
    def system(cls, source: str = "flow") -> Actor:
        return cls(code="system", source=source, is_coordinator=True)


# the rows written by `record` in the current unit of work (a portal request), for whoever
# publishes that unit's own events; None outside `collecting`
_written: ContextVar[list[Event] | None] = ContextVar("dondoc_audit_written", default=None)


@contextmanager
def collecting() -> Iterator[list[Event]]:
    """Gather the audit rows `record` writes in this context (threads it starts included: they
    run in a copy of it holding the same list); their ids are there once they are flushed."""
    rows: list[Event] = []
    token = _written.set(rows)
    try:
        yield rows
    finally:
        _written.reset(token)


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    at: dt.datetime,
    directive_id: int | None = None,
    subtask_id: int | None = None,
    **detail: Any,
) -> Event:
    """An audit row, written with the session's next flush (many in a loop go as one batch)."""
    event = Event(
        at=at,
        actor=actor.code,
        action=action,
        source=actor.source,
        directive_id=directive_id,
        subtask_id=subtask_id,
        detail=detail,
    )
    session.add(event)
    written = _written.get()
    if written is not None:
        written.append(event)
    return event


_EVENT: Any = Event.__table__  # type: ignore[attr-defined]
_INSERT_EVENT = insert(_EVENT).returning(_EVENT.c.id)
_WRITTEN_COLUMNS = ("at", "actor", "action", "source", "directive_id", "subtask_id", "detail")


def record_at_once(session: Session, **fields: Any) -> Event:
    """`record`'s row (the same fields), written now by one INSERT … RETURNING of the table: for
    an action whose notices are keyed by the event's id, which the unit of work would need a
    flush to give."""
    event = record(session, **fields)
    session.expunge(event)  # written here, not by the unit of work
    values = {column: getattr(event, column) for column in _WRITTEN_COLUMNS}
    event.id = session.connection().execute(_INSERT_EVENT, values).scalar_one()
    return event


def event_rows(
    *,
    actor: Actor,
    action: str,
    at: dt.datetime,
    directive_id: int | None,
    subtask_ids: list[int],
    **detail: Any,
) -> list[dict[str, Any]]:
    """Rows for a bulk insert of one action over many subtasks."""
    return [
        {
            "at": at,
            "actor": actor.code,
            "action": action,
            "source": actor.source,
            "directive_id": directive_id,
            "subtask_id": subtask_id,
            "detail": detail,
        }
        for subtask_id in subtask_ids
    ]
