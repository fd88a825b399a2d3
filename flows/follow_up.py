"""A follow-up ("hẹn đôn đốc"): one flow run of the `follow-up` deployment, scheduled for the
moment the coordinator chose, so it shows in the Prefect UI until it fires."""

from __future__ import annotations

import datetime as dt

from prefect import flow
from prefect.deployments import run_deployment

from dondoc.context import Context
from dondoc.record.clock import now as clock_now
from dondoc.record.clock import parse_instant
from tasks.follow_up import remind_unless_settled

DEPLOYMENT = "follow-up/follow-up"


@flow(name="follow-up", flow_run_name="hen-don-doc-{follow_up_id}", log_prints=True)
async def follow_up(follow_up_id: int, now: str | None = None) -> str:
    """Remind the agency unless the subtask is done; `now` (ISO 8601) pins the clock for tests."""
    ctx = Context.load()
    at = parse_instant(now) if now else clock_now()
    outcome = remind_unless_settled(ctx, follow_up_id, at)
    print(f"follow-up {follow_up_id} at {at.isoformat()}: {outcome}")
    return outcome


def schedule(follow_up_id: int, at: dt.datetime) -> str:
    """Create the follow-up's flow run, scheduled for `at`, and return its id without waiting."""
    run = run_deployment(
        DEPLOYMENT,
        parameters={"follow_up_id": follow_up_id},
        scheduled_time=at,
        timeout=0,
        as_subflow=False,
        tags=["hen-don-doc"],
    )
    return str(run.id)  # type: ignore[union-attr]
