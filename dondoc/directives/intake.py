"""Intake in the core: write a directive's plan to the database in one transaction, registering
or updating it (the intake flow, flows/intake.py, and `dondoc load` call it). The rows are
written by `directives.rows`; an update of a registered directive is `directives.update`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

from sqlalchemy import func
from sqlmodel import Session, col, select

from dondoc.directives.plan import Plan
from dondoc.directives.rows import add_subtasks, directive_values, insert_edges, upsert_tasks
from dondoc.directives.update import update_registered
from dondoc.record import audit
from dondoc.record.audit import Actor
from dondoc.record.enums import SubtaskStatus
from dondoc.record.errors import Conflict
from dondoc.record.models import Agency, Directive, Subtask, Task
from dondoc.record.workcalendar import WorkCalendar


@dataclass
class RegistrationResult:
    directive: str
    status: Literal["created", "unchanged", "updated"]
    directive_id: int
    tasks: int
    subtasks: int
    added: int = 0
    cancelled: int = 0
    changed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def register_plan(
    session: Session,
    plan: Plan,
    *,
    update: bool,
    actor: Actor,
    now: dt.datetime,
    calendar: WorkCalendar,
    flow_run_id: str | None = None,
) -> RegistrationResult:
    """Register a new directive; the same spec again changes nothing; a changed spec needs `update`."""
    number = plan.spec.number
    directive = session.exec(select(Directive).where(Directive.number == number)).first()
    if directive is not None and directive.spec_hash == plan.spec_hash:
        return _result(session, directive, "unchanged")
    if directive is not None and not update:
        raise Conflict(
            f"{plan.source_file}: number: văn bản {number} đã được đăng ký với nội dung khác; dùng --update để cập nhật "
            "(thêm, hủy việc con, giữ lịch sử hoàn thành)"
        )
    agency_ids: dict[str, int] = {code: i for code, i in session.exec(select(Agency.code, Agency.id)).all()}  # type: ignore[misc]
    if directive is not None:
        counts = update_registered(
            session,
            directive,
            plan,
            agency_ids,
            actor=actor,
            now=now,
            calendar=calendar,
            flow_run_id=flow_run_id,
        )
        return _result(session, directive, "updated", **counts)
    directive = Directive(
        number=number, registered_at=now, updated_at=now, flow_run_id=flow_run_id, **directive_values(plan)
    )
    session.add(directive)
    session.flush()
    assert directive.id is not None
    task_ids = upsert_tasks(session, directive.id, plan, {})
    # the directive's own audit row comes before its subtasks': publishing goes oldest first, and a
    # province's 100,000 "created" rows reach Prefect over several sweeps
    audit.record(
        session,
        actor=actor,
        action="directive.registered",
        at=now,
        directive_id=directive.id,
        tasks=len(plan.tasks),
        subtasks=len(plan.subtasks),
        flow_run_id=flow_run_id,
    )
    session.flush()
    connection = session.connection()
    added = add_subtasks(
        connection, plan, plan.subtasks, task_ids, agency_ids, now, actor, directive.id, calendar
    )
    insert_edges(connection, plan, {key: stored.id for key, stored in added.items()})
    return _result(session, directive, "created", added=len(added))


def _result(
    session: Session,
    directive: Directive,
    status: Literal["created", "unchanged", "updated"],
    **counts: int,
) -> RegistrationResult:
    assert directive.id is not None
    task_count = session.exec(
        select(func.count()).where(Task.directive_id == directive.id, col(Task.cancelled).is_(False))
    ).one()
    subtask_count = session.exec(
        select(func.count())
        .select_from(Subtask)
        .join(Task)
        .where(Task.directive_id == directive.id, Subtask.status != SubtaskStatus.CANCELLED)
    ).one()
    return RegistrationResult(directive.number, status, directive.id, task_count, subtask_count, **counts)
