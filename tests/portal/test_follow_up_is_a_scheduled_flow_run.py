"""A follow-up ("hẹn đôn đốc") becomes a flow run of the `follow-up` deployment, scheduled for
the chosen moment; when it runs, the agency is reminded unless the subtask is done by then.
The run is not waited for: the flow is executed directly at a --now after the moment."""

from __future__ import annotations

import asyncio
import datetime as dt
from uuid import UUID

import pytest
from sqlmodel import select

from dondoc.portal.app import schedule_with_prefect
from dondoc.record import clock
from dondoc.record.enums import NotificationKind
from dondoc.record.models import FollowUp, Notification
from tests.portal.conftest import TOWN, Portal

AT = "2020-04-15T08:00:00+07:00"
AFTER = "2020-04-15T08:00:30+07:00"


@pytest.fixture
def deployed(prefect_server: None, portal: Portal) -> Portal:
    from flows.follow_up import follow_up

    # what `prefect deploy` does from prefect.yaml in `dondoc serve`
    follow_up.to_deployment(name="follow-up").apply()  # type: ignore[union-attr]
    portal.client.app.state.scheduler = schedule_with_prefect  # type: ignore[attr-defined]
    return portal


def _schedule(portal: Portal, subtask_id: int) -> FollowUp:
    answer = portal.client.post(
        f"/api/subtasks/{subtask_id}/follow-up",
        headers=portal.bearer("coordinator"),
        json={"at": AT, "message": "Đề nghị báo cáo trước giao ban"},
    )
    assert answer.status_code == 201, answer.text
    with portal.ctx.session() as session:
        return session.exec(select(FollowUp).where(FollowUp.id == answer.json()["record_id"])).one()


def _fire(follow_up_id: int) -> str:
    from flows.follow_up import follow_up

    return asyncio.run(follow_up(follow_up_id=follow_up_id, now=AFTER))  # type: ignore[arg-type]


def _reminders(portal: Portal, subtask_id: int) -> list[Notification]:
    with portal.ctx.session() as session:
        return list(
            session.exec(
                select(Notification).where(
                    Notification.subtask_id == subtask_id, Notification.kind == NotificationKind.FOLLOW_UP
                )
            ).all()
        )


def test_the_run_is_scheduled_then_reminds_the_agency(deployed: Portal) -> None:
    from prefect.client.orchestration import get_client

    subtask_id = deployed.subtask("bo-tri-lai-bo-phan-mot-cua", TOWN)
    record = _schedule(deployed, subtask_id)
    assert record.flow_run_id
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(UUID(record.flow_run_id))
    assert run.state is not None and run.state.is_scheduled()
    assert run.expected_start_time == clock.parse_instant(AT)
    assert run.parameters == {"follow_up_id": record.id}
    assert _fire(record.id or 0) == "reminded"
    reminders = _reminders(deployed, subtask_id)
    assert [n.recipient_code for n in reminders] == [TOWN]
    assert "Đề nghị báo cáo trước giao ban" in reminders[0].body
    # a second run (a retry, a duplicate) reminds no one twice
    assert _fire(record.id or 0) == "reminded" and len(_reminders(deployed, subtask_id)) == 1


def test_no_reminder_once_reported_done(deployed: Portal) -> None:
    subtask_id = deployed.subtask("bo-tri-lai-bo-phan-mot-cua", TOWN)
    record = _schedule(deployed, subtask_id)
    clock.set_now(clock.parse_instant(AT) - dt.timedelta(hours=1))
    done = deployed.client.post(f"/api/subtasks/{subtask_id}/done", headers=deployed.bearer(TOWN))
    assert done.status_code == 200
    assert _fire(record.id or 0) == "skipped"
    assert _reminders(deployed, subtask_id) == []
