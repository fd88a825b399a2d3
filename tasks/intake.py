"""The intake flow's Prefect tasks, thin decorators over the core (dondoc.registration, which plans
and writes through dondoc.directives.intake): coarse on purpose, one task does a whole batch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.directives.plan import Plan
from dondoc.reading.reports import directive_markdown
from dondoc.record.audit import Actor
from dondoc.record.errors import DondocError
from dondoc.registration import plan_from_file, register_directive
from orchestration.standing import directive_slug


@task(name="kiem-tra-va-trien-khai", cache_policy=NO_CACHE)
def plan_directive(ctx: Context, path: str) -> Plan | DondocError:
    """Read, check and expand the spec: fan-outs, dependencies, due days.

    Bad input is the user's, not a crash of this task: the problems are returned for the flow
    to end its run Failed with them as the message."""
    try:
        return plan_from_file(ctx, Path(path))
    except DondocError as exc:
        return exc


@task(name="ghi-co-so-du-lieu", cache_policy=NO_CACHE)
def persist_directive(
    ctx: Context, plan: Plan, *, update: bool, actor: Actor, now: dt.datetime, flow_run_id: str | None
) -> RegistrationResult | DondocError:
    """Write everything in one transaction; the same spec twice changes nothing, a changed one
    without `update` is refused (returned, like bad input)."""
    try:
        return register_directive(ctx, plan, update=update, actor=actor, now=now, flow_run_id=flow_run_id)
    except DondocError as exc:
        return exc


# a person reads the artifact's description in the Prefect UI
STATUS_WORDS = {"created": "đã đăng ký", "updated": "đã cập nhật", "unchanged": "không thay đổi"}


@task(name="cong-bo-tom-tat", cache_policy=NO_CACHE)
def publish_summary(ctx: Context, result: RegistrationResult, now: dt.datetime) -> str | None:
    with ctx.session() as session:
        markdown = directive_markdown(session, result.directive_id, now=now, calendar=ctx.calendar)
    key = "van-ban-" + directive_slug(result.directive)
    said = STATUS_WORDS.get(result.status, result.status)
    artifact_id = create_markdown_artifact(
        markdown=markdown, key=key, description=f"Văn bản {result.directive}: {said}"
    )
    return str(artifact_id)
