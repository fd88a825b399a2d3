"""Prefect down: a portal action still commits, its audit row waits unpublished, and the next
sweep (with Prefect back) publishes everything that waited, each event once."""

from __future__ import annotations

import asyncio
import socket

import pytest
from fastapi.testclient import TestClient
from prefect.settings import PREFECT_API_URL, temporary_settings
from sqlmodel import col, select

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.portal.app import create_app
from dondoc.record import clock
from dondoc.record.enums import SubtaskStatus
from dondoc.record.models import Event, Subtask
from dondoc.work.access import issue_link
from orchestration.events import publish_after_change
from tests.flows.prefect_reads import audit_rows, prefect_ids, stored_events

NOW = clock.parse_instant("2020-04-10T09:00:00+07:00")


def dead_api_url() -> str:
    """An address where nothing listens (a port just released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api"


@pytest.mark.usefixtures("prefect_server")
def test_events_recorded_while_prefect_is_down_are_published_later(
    ctx: Context, seeded: RegistrationResult
) -> None:
    clock.set_now(NOW)
    with ctx.session() as session:
        token = issue_link(session, code="VPHU", coordinator=True, rotate=False, now=NOW).token
        target = session.exec(select(Subtask.id).where(Subtask.status == SubtaskStatus.PENDING)).first()
    assert target is not None

    with temporary_settings({PREFECT_API_URL: dead_api_url()}):
        with TestClient(create_app(ctx)) as client:
            answer = client.post(
                f"/api/subtasks/{target}/done",
                data={"note": "Xong khi Prefect đang dừng"},
                headers={"Authorization": f"Bearer {token}"},
            )
        assert answer.status_code == 200, answer.text
        down = asyncio.run(publish_after_change(ctx, now=NOW))
    assert down.pending and down.published == 0 and down.error

    # the change stands; its row, like the registration's, waits with no lease held
    with ctx.session() as session:
        assert session.get(Subtask, target).status is SubtaskStatus.DONE  # type: ignore[union-attr]
        done_row = session.exec(
            select(Event).where(Event.subtask_id == target, Event.action == "subtask.done")
        ).one()
        assert done_row.published_at is None and done_row.publishing_until is None
        waiting = session.exec(select(Event.id).where(col(Event.published_at).is_(None))).all()
    assert len(waiting) == len(audit_rows(ctx))

    from flows.sweep import sweep

    swept = asyncio.run(sweep(now=NOW.isoformat()))  # type: ignore[arg-type]
    assert swept["published"] == len(waiting) and not swept["publish_pending"]

    rows = audit_rows(ctx)
    assert all(row.published_at is not None for row in rows)
    by_id = prefect_ids(ctx, rows)
    events = stored_events(list(by_id))
    assert sorted(str(e.id) for e in events) == sorted(str(i) for i in by_id)
    done = next(e for e in events if e.event == "dondoc.subtask.done")
    assert done.resource.id == f"dondoc.subtask.{target}"
    assert done.payload["detail"]["note"] == "Xong khi Prefect đang dừng"

    # nothing left: a second publisher finds no work and sends nothing twice
    again = asyncio.run(publish_after_change(ctx, now=NOW))
    assert again.published == 0 and not again.pending
