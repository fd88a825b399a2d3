"""The intake flow: registering a directive is one flow run, named after the directive's number.
It composes the tasks of tasks/intake.py; what it writes is dondoc.directives.intake's."""

from __future__ import annotations

from typing import Any

from prefect import flow
from prefect.runtime import flow_run
from prefect.states import Failed
from prefect.utilities.annotations import quote

from dondoc.context import Context
from dondoc.directives.spec import peek_number
from dondoc.record.audit import Actor
from dondoc.record.clock import now as clock_now
from dondoc.record.clock import parse_instant
from dondoc.record.errors import DondocError
from flows.running import run_to_end
from orchestration.events import INTAKE_BATCHES
from tasks.intake import persist_directive, plan_directive, publish_summary
from tasks.publishing import publish_directive_standing, publish_events


def _run_name() -> str:
    return peek_number(flow_run.parameters["path"])


@flow(name="intake", flow_run_name=_run_name, log_prints=True)
async def intake(
    path: str, update: bool = False, actor: str = "system", now: str | None = None, source: str = "flow"
) -> Any:
    """Validate, expand and persist one directive spec, then publish its summary as an artifact.
    `source` says where the registration came from for the audit log (the portal: web, api).

    Bad input ends the run Failed with the problems as its message (no traceback)."""
    ctx = Context.load()
    at = parse_instant(now) if now else clock_now()
    plan = plan_directive(ctx, path)
    if isinstance(plan, DondocError):
        return Failed(message=str(plan))
    # quoted: Prefect would otherwise walk every planned subtask looking for futures (the task
    # gets the plan itself)
    result = persist_directive(  # type: ignore[call-overload]
        ctx,
        quote(plan),
        update=update,
        actor=Actor(actor, source=source),
        now=at,
        flow_run_id=str(flow_run.id),
    )
    if isinstance(result, DondocError):
        return Failed(message=str(result))
    publish_summary(ctx, result, at)
    await publish_events(ctx, max_batches=INTAKE_BATCHES)
    await publish_directive_standing(ctx, [result.directive_id], at)
    return {**result.as_dict(), "flow_run_id": str(flow_run.id)}


def register(path: str, *, update: bool, actor: str, now: str, source: str = "flow") -> dict[str, Any]:
    """Register a spec from the command line or the portal: one flow run, its result as a dict."""
    running = intake(path=path, update=update, actor=actor, now=now, source=source, return_state=True)
    return run_to_end(running, "đăng ký")
