"""Register a directive spec: read it, check it against the registry, write it (one transaction)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import Session

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult, register_plan
from dondoc.directives.plan import Plan, build_plan
from dondoc.directives.registry import registry_from_db
from dondoc.directives.spec import read_spec
from dondoc.record.audit import Actor


def prepare_plan(ctx: Context, session: Session, path: Path) -> Plan:
    """Everything that can be wrong with a spec is found here, before anything is written."""
    spec, data = read_spec(path)
    return build_plan(
        spec,
        data,
        path,
        registry=registry_from_db(session),
        calendar=ctx.calendar,
        policies=ctx.policies,
    )


def register_directive(
    ctx: Context,
    plan: Plan,
    *,
    update: bool,
    actor: Actor,
    now: dt.datetime,
    flow_run_id: str | None = None,
) -> RegistrationResult:
    with ctx.session() as session:
        return register_plan(
            session, plan, update=update, actor=actor, now=now, calendar=ctx.calendar, flow_run_id=flow_run_id
        )


def plan_from_file(ctx: Context, path: Path) -> Plan:
    ctx.require_database()
    with ctx.session() as session:
        return prepare_plan(ctx, session, path)
