"""The append-only audit log. Rows are written in the caller's transaction, never updated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

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
