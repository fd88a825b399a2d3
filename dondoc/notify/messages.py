"""Notification texts: Vietnamese Jinja2 templates (templates/notifications/<kind>.txt.j2) whose
first line is the title and the rest the body."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlmodel import Session

from dondoc.record.agency_tree import body
from dondoc.record.clock import format_date, local_date, local_today
from dondoc.record.enums import DirectiveKind, NotificationKind, Role, SubtaskStatus
from dondoc.record.models import Directive, Subtask, Task
from dondoc.record.timeliness import days_late
from dondoc.record.workcalendar import WorkCalendar

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "notifications"


@cache
def _environment() -> Environment:
    # plain text, not HTML: nothing to escape; a missing variable is a bug, not an empty string
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # the templates ship with the code: no need to look at the files again for every message
        auto_reload=False,
    )


@dataclass(frozen=True)
class SubtaskFacts:
    """What a message about a subtask names: read through the ORM for one subtask (a notice), or
    as one Core row of a sweep's batch (many subtasks, no objects)."""

    id: int
    role: str
    status: str
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    item: str
    directive_number: str
    directive_kind: str
    issued_on: dt.date
    agency_name: str
    agency_code: str


def subtask_context(
    session: Session, subtask: Subtask, *, now: dt.datetime, portal_url: str, calendar: WorkCalendar | None
) -> dict[str, Any]:
    """What every template about a subtask may name."""
    task = session.get(Task, subtask.task_id)
    assert task is not None and subtask.id is not None
    directive = session.get(Directive, task.directive_id)
    # the assignee from the tree this process holds, at the session's version: no read of it
    agency = body(session, subtask.agency_id)
    assert directive is not None
    facts = SubtaskFacts(
        id=subtask.id,
        role=subtask.role,
        status=subtask.status,
        due_at=subtask.due_at,
        original_due_at=subtask.original_due_at,
        item=task.text,
        directive_number=directive.number,
        directive_kind=directive.kind,
        issued_on=directive.issued_on,
        agency_name=agency.name,
        agency_code=agency.code,
    )
    return facts_context(facts, now=now, portal_url=portal_url, calendar=calendar)


def facts_context(
    facts: SubtaskFacts, *, now: dt.datetime, portal_url: str, calendar: WorkCalendar | None
) -> dict[str, Any]:
    due_at = facts.due_at
    days_left = (
        calendar.working_days_between(local_today(now), local_date(due_at))
        if calendar is not None and due_at is not None
        else None
    )
    return {
        "directive_number": facts.directive_number,
        "directive_kind": DirectiveKind(facts.directive_kind).label,
        "issued_on": format_date(facts.issued_on),
        "item": " ".join(facts.item.split()),
        "agency": facts.agency_name,
        "agency_code": facts.agency_code,
        "role": Role(facts.role).label,
        "due_date": format_date(due_at),
        "original_due_date": format_date(facts.original_due_at),
        "days_late": days_late(due_at, now),
        "days_left": days_left,
        "status": SubtaskStatus(facts.status).label,
        "link": f"{portal_url.rstrip('/')}/subtasks/{facts.id}",
    }


def empty_context() -> dict[str, Any]:
    """For a notification about no particular subtask (a digest, a delivery report)."""
    return {"directive_number": None, "item": None, "link": None}


def render(kind: NotificationKind, context: dict[str, Any]) -> tuple[str, str]:
    text = _environment().get_template(f"{kind.value}.txt.j2").render(**context)
    title, _, body = text.strip().partition("\n")
    return title.strip(), body.strip() + "\n"
