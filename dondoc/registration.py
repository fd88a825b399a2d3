"""Register a directive spec: read it, check it against the registry, write it (one transaction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult, register_plan
from dondoc.directives.plan import Plan, build_plan
from dondoc.directives.registry import registry_from_db
from dondoc.directives.spec import DirectiveSpec, check_spec, read_spec
from dondoc.directives.versions import has_versions, record_version
from dondoc.record.audit import Actor
from dondoc.record.errors import DondocError


def _expand(ctx: Context, session: Session, spec: DirectiveSpec, data: Any, source: Path) -> Plan:
    return build_plan(
        spec,
        data,
        source,
        registry=registry_from_db(session),
        calendar=ctx.calendar,
        policies=ctx.policies,
    )


def prepare_plan(ctx: Context, session: Session, path: Path) -> Plan:
    """Everything that can be wrong with a spec is found here, before anything is written."""
    spec, data = read_spec(path)
    return _expand(ctx, session, spec, data, path)


def plan_from_mapping(ctx: Context, session: Session, data: Mapping[str, Any], source: Path) -> Plan:
    """The same checks on a spec that is not a file yet (a draft in the portal); its problems
    name `source` and carry no line."""
    return _expand(ctx, session, check_spec(data, source), data, source)


def register_directive(
    ctx: Context,
    plan: Plan,
    *,
    update: bool,
    actor: Actor,
    now: dt.datetime,
    flow_run_id: str | None = None,
) -> RegistrationResult:
    register = partial(
        _register_once, ctx, plan, update=update, actor=actor, now=now, flow_run_id=flow_run_id
    )
    try:
        return register()
    except IntegrityError:
        # the same number was registered by another request between our look and our write (its
        # unique index refused ours): look again, and answer as a second registration would
        return register()


def _register_once(
    ctx: Context,
    plan: Plan,
    *,
    update: bool,
    actor: Actor,
    now: dt.datetime,
    flow_run_id: str | None,
) -> RegistrationResult:
    with ctx.session() as session:
        result = register_plan(
            session, plan, update=update, actor=actor, now=now, calendar=ctx.calendar, flow_run_id=flow_run_id
        )
        # the file as registered is kept with the registration, so it can be downloaded and loaded
        # again; an unchanged spec is a new version only for a directive registered before versions
        if result.status != "unchanged" or not has_versions(session, result.directive_id):
            record_version(
                session,
                directive_id=result.directive_id,
                text=_registered_text(plan),
                spec_hash=plan.spec_hash,
                actor=actor,
                now=now,
                flow_run_id=flow_run_id,
            )
        return result


def _registered_text(plan: Plan) -> str:
    try:
        return Path(plan.source_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DondocError(f"{plan.source_file}: không đọc lại được tệp để lưu phiên bản ({exc})") from exc


def plan_from_file(ctx: Context, path: Path) -> Plan:
    ctx.require_database()
    with ctx.session() as session:
        return prepare_plan(ctx, session, path)
