"""Twenty identical requests at once (a double click, a retrying phone, two coordinators) change a
subtask once: one success, one audit row, one set of notifications; the others get 409 naming the
state they lost to. On the suite's database (SQLite by default, PostgreSQL with
DONDOC_TEST_DATABASE_URL), through the ASGI app's real thread pool."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlmodel import col, select

from dondoc.record.models import Event, ExtensionRequest, FollowUp, Notification
from tests.portal.conftest import TOWN, Portal
from tests.portal.test_api_roles_and_actions import AUDIT, post, prepared

PARALLEL = 20
# who sends each racing request; progress is left out: two progress reports are two reports
RACES = {
    "ack": TOWN,
    "done": TOWN,
    "extension": TOWN,
    "confirm": "coordinator",
    "return": "coordinator",
    "extension/approve": "coordinator",
    "extension/reject": "coordinator",
    "reassign": "coordinator",
    "cancel": "coordinator",
    "follow-up": "coordinator",
}
SUCCESS = {"extension": 201, "follow-up": 201}


def at_once(count: int, send: Callable[[], Any]) -> list[Any]:
    """`count` calls of `send`, released together from as many threads."""
    start = threading.Barrier(count)

    def one() -> Any:
        start.wait()
        return send()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(lambda _: one(), range(count)))


def _events(portal: Portal, subtask_id: int, action: str) -> list[Event]:
    with portal.ctx.session() as session:
        return list(
            session.exec(
                select(Event).where(Event.subtask_id == subtask_id, Event.action == AUDIT[action])
            ).all()
        )


def _notifications(portal: Portal, subtask_id: int, action: str) -> list[Notification]:
    with portal.ctx.session() as session:
        return list(
            session.exec(
                select(Notification).where(
                    Notification.subtask_id == subtask_id,
                    Notification.step == AUDIT[action].removeprefix("subtask."),
                )
            ).all()
        )


@pytest.mark.parametrize("action", list(RACES))
def test_twenty_parallel_requests_change_once(portal: Portal, action: str) -> None:
    subtask_id = prepared(portal, action)
    answers = at_once(PARALLEL, lambda: post(portal, RACES[action], subtask_id, action))
    codes = sorted(a.status_code for a in answers)
    assert codes == sorted([SUCCESS.get(action, 200)] + [409] * (PARALLEL - 1)), [a.text for a in answers]
    lost = [a.json()["detail"] for a in answers if a.status_code == 409]
    assert all(f"#{subtask_id}" in detail for detail in lost), lost
    events = _events(portal, subtask_id, action)
    assert len(events) == 1
    notices = _notifications(portal, subtask_id, action)
    # every notification comes from the one event, one per recipient
    assert {n.dedup_key.split(":")[1] for n in notices} <= {str(events[0].id)}
    assert len({n.recipient_code for n in notices}) == len(notices)


def test_at_most_one_extension_request_is_pending(portal: Portal) -> None:
    subtask_id = prepared(portal, "extension")
    at_once(PARALLEL, lambda: post(portal, TOWN, subtask_id, "extension"))
    with portal.ctx.session() as session:
        pending = session.exec(
            select(ExtensionRequest).where(
                ExtensionRequest.subtask_id == subtask_id, ExtensionRequest.status == "pending"
            )
        ).all()
    assert len(pending) == 1


def test_a_follow_up_is_booked_and_scheduled_once(portal: Portal) -> None:
    subtask_id = prepared(portal, "follow-up")
    at_once(PARALLEL, lambda: post(portal, "coordinator", subtask_id, "follow-up"))
    with portal.ctx.session() as session:
        booked = session.exec(select(FollowUp.id).where(FollowUp.subtask_id == subtask_id)).all()
    assert len(booked) == 1
    assert [call[0] for call in portal.scheduled.calls] == list(booked)


def test_the_loser_is_told_the_state_it_lost_to(portal: Portal) -> None:
    subtask_id = prepared(portal, "confirm")
    answers = at_once(2, lambda: post(portal, "coordinator", subtask_id, "confirm"))
    lost = next(a for a in answers if a.status_code == 409)
    assert "Hoàn thành" in lost.json()["detail"], lost.text


def test_two_coordinators_reassigning_to_different_agencies(portal: Portal) -> None:
    """A hand-over is from the assignee the coordinator saw: requests that read the same
    assignee cannot both hand it over, so the audit log is one unbroken chain of hand-overs, one
    per success (a request that read the state after another's commit may rightly go on)."""
    subtask_id = prepared(portal, "reassign")
    targets = iter(["PNV", "PTCKH"] * PARALLEL)
    lock = threading.Lock()

    def send() -> Any:
        with lock:
            agency = next(targets)
        url = f"/api/subtasks/{subtask_id}/reassign"
        body = {"agency": agency, "reason": "Điều chỉnh phân công"}
        return portal.client.post(url, headers=portal.bearer("coordinator"), json=body)

    answers = at_once(PARALLEL, send)
    assert {a.status_code for a in answers} <= {200, 409}, [a.text for a in answers]
    with portal.ctx.session() as session:
        moves = session.exec(
            select(Event)
            .where(Event.subtask_id == subtask_id, col(Event.action) == "subtask.reassigned")
            .order_by(col(Event.id))
        ).all()
    assert len(moves) == [a.status_code for a in answers].count(200)
    chain = [TOWN] + [m.detail["to"] for m in moves]
    assert [m.detail["previous"] for m in moves] == chain[:-1]
