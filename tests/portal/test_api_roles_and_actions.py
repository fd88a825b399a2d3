"""Every action of the REST API by every role: the one it belongs to may, the others are refused,
and what is allowed is written to the audit log (with the notification it implies)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import col, select

from dondoc.record.enums import NotificationKind, SubtaskStatus
from dondoc.record.models import Event, ExtensionRequest, Notification
from tests.portal.conftest import COORDINATOR, QUARTER, STRANGER, TOWN, Portal

TASK = "bo-tri-lai-bo-phan-mot-cua"  # one subtask per xã, thị trấn; due 30/4/2020
BODIES: dict[str, dict[str, Any] | None] = {
    "ack": None,
    "progress": {"note": "Đã bố trí 2 cán bộ tại bộ phận một cửa"},
    "done": None,
    "extension": {"reason": "Chờ kinh phí sửa chữa", "proposed_due": "2020-05-15"},
    "confirm": {"note": "Đạt yêu cầu"},
    "return": {"reason": "Thiếu thông báo lịch làm việc"},
    "extension/approve": {},
    "extension/reject": {"reason": "Không có căn cứ"},
    "reassign": {"agency": "PNV", "reason": "Phòng Nội vụ chủ trì"},
    "cancel": {"reason": "Không còn cần thiết"},
    "follow-up": {"at": "2020-04-15T08:00:00+07:00", "message": "Báo cáo tiến độ"},
}
AGENCY_ACTIONS = ["ack", "progress", "done", "extension"]
COORDINATOR_ACTIONS = [
    "confirm",
    "return",
    "extension/approve",
    "extension/reject",
    "reassign",
    "cancel",
    "follow-up",
]
EFFECT = {
    "ack": SubtaskStatus.ACKNOWLEDGED,
    "progress": SubtaskStatus.IN_PROGRESS,
    "extension": SubtaskStatus.PENDING,
    "confirm": SubtaskStatus.DONE,
    "return": SubtaskStatus.RETURNED,
    "extension/approve": SubtaskStatus.PENDING,
    "extension/reject": SubtaskStatus.PENDING,
    "reassign": SubtaskStatus.PENDING,
    "cancel": SubtaskStatus.CANCELLED,
    "follow-up": SubtaskStatus.PENDING,
}
AUDIT = {
    "ack": "subtask.acknowledged",
    "progress": "subtask.progress",
    "done": "subtask.done",
    "extension": "subtask.extension_requested",
    "confirm": "subtask.confirmed",
    "return": "subtask.returned",
    "extension/approve": "subtask.extension_approved",
    "extension/reject": "subtask.extension_rejected",
    "reassign": "subtask.reassigned",
    "cancel": "subtask.cancelled",
    "follow-up": "subtask.follow_up_scheduled",
}


def post(portal: Portal, who: str | None, subtask_id: int, action: str) -> Any:
    headers = portal.bearer(who) if who else {}
    url = f"/api/subtasks/{subtask_id}/{action}"
    if action == "done":
        return portal.client.post(url, headers=headers, data={"note": "Đã hoàn thành"})
    return portal.client.post(url, headers=headers, json=BODIES[action])


def prepared(portal: Portal, action: str) -> int:
    """The town's subtask, in the state where `action` is allowed for its rightful role."""
    subtask_id = portal.subtask(TASK, TOWN)
    if action in ("confirm", "return"):
        assert post(portal, TOWN, subtask_id, "done").status_code == 200
    if action.startswith("extension/"):
        assert post(portal, TOWN, subtask_id, "extension").status_code == 201
    return subtask_id


def audited(portal: Portal, subtask_id: int, action: str) -> list[Event]:
    with portal.ctx.session() as session:
        return list(
            session.exec(
                select(Event).where(
                    Event.subtask_id == subtask_id, Event.action == AUDIT[action], Event.source == "api"
                )
            ).all()
        )


@pytest.mark.parametrize("action", AGENCY_ACTIONS)
def test_agency_actions_by_the_owner(portal: Portal, action: str) -> None:
    subtask_id = prepared(portal, action)
    answer = post(portal, TOWN, subtask_id, action)
    assert answer.status_code == (201 if action == "extension" else 200), answer.text
    expected = EFFECT.get(action, SubtaskStatus.AWAITING_CONFIRMATION)
    assert answer.json()["subtask"]["status"] == expected.value == portal.status(subtask_id).value
    assert [e.actor for e in audited(portal, subtask_id, action)] == [TOWN]


@pytest.mark.parametrize("action", COORDINATOR_ACTIONS)
def test_coordinator_actions_by_a_coordinator(portal: Portal, action: str) -> None:
    subtask_id = prepared(portal, action)
    answer = post(portal, "coordinator", subtask_id, action)
    assert answer.status_code == (201 if action == "follow-up" else 200), answer.text
    assert portal.status(subtask_id) is EFFECT[action]
    assert [e.actor for e in audited(portal, subtask_id, action)] == [COORDINATOR]


@pytest.mark.parametrize("action", AGENCY_ACTIONS + COORDINATOR_ACTIONS)
@pytest.mark.parametrize("who", [STRANGER, QUARTER])
def test_another_agency_is_refused_and_nothing_changes(portal: Portal, action: str, who: str) -> None:
    """A commune elsewhere, or a quarter of the town acting on the town's own work."""
    subtask_id = prepared(portal, action)
    before = portal.status(subtask_id)
    answer = post(portal, who, subtask_id, action)
    assert answer.status_code == 403, answer.text
    assert "không được" in answer.json()["detail"]
    assert portal.status(subtask_id) is before and audited(portal, subtask_id, action) == []


@pytest.mark.parametrize("action", COORDINATOR_ACTIONS)
@pytest.mark.parametrize("who", [TOWN, COORDINATOR])
def test_coordinator_actions_refused_to_agencies(portal: Portal, action: str, who: str) -> None:
    """The owner cannot confirm its own work; nor can a coordinating office signed in with its
    plain agency link."""
    subtask_id = prepared(portal, action)
    answer = post(portal, who, subtask_id, action)
    assert answer.status_code == 403, answer.text
    assert audited(portal, subtask_id, action) == []


@pytest.mark.parametrize("action", ["ack", "progress", "extension"])
def test_agency_voice_refused_to_coordinators(portal: Portal, action: str) -> None:
    subtask_id = prepared(portal, action)
    answer = post(portal, "coordinator", subtask_id, action)
    assert answer.status_code == 403 and "cơ quan được giao" in answer.json()["detail"]


def test_coordinator_marks_done_directly(portal: Portal) -> None:
    subtask_id = prepared(portal, "done")
    answer = post(portal, "coordinator", subtask_id, "done")
    assert answer.status_code == 200 and answer.json()["subtask"]["status"] == "done"


@pytest.mark.parametrize("action", AGENCY_ACTIONS + COORDINATOR_ACTIONS)
@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_without_a_valid_token_is_401(portal: Portal, action: str, token: str | None) -> None:
    subtask_id = portal.subtask(TASK, TOWN)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = portal.client.post(f"/api/subtasks/{subtask_id}/{action}", headers=headers, json=BODIES[action])
    assert answer.status_code == 401 and answer.headers["www-authenticate"].startswith("Bearer")
    assert answer.json()["detail"]


def test_parent_acts_for_its_child_and_the_blocked_one_waits(portal: Portal) -> None:
    """The town acts for its quarter; completing the quarter's leaflet work, still waiting for
    the printing, is a conflict (409) until it is unblocked."""
    subtask_id = portal.subtask("phat-to-roi", QUARTER)
    assert portal.status(subtask_id) is SubtaskStatus.BLOCKED
    assert post(portal, TOWN, subtask_id, "ack").status_code == 200
    blocked = post(portal, TOWN, subtask_id, "done")
    assert blocked.status_code == 409 and "chờ việc trước" in blocked.json()["detail"]
    assert post(portal, STRANGER, subtask_id, "ack").status_code == 403
    portal.force_status(subtask_id, SubtaskStatus.PENDING)
    assert post(portal, TOWN, subtask_id, "done").status_code == 200
    assert portal.status(subtask_id) is SubtaskStatus.AWAITING_CONFIRMATION
    # the child does not see its parent's work
    seen = portal.client.get("/api/subtasks", headers=portal.bearer(QUARTER)).json()
    assert {s["agency"] for s in seen} == {QUARTER}
    town_sees = {s["agency"] for s in portal.client.get("/api/subtasks", headers=portal.bearer(TOWN)).json()}
    assert TOWN in town_sees and QUARTER in town_sees and STRANGER not in town_sees


def test_reading_follows_the_same_rule(portal: Portal) -> None:
    subtask_id = portal.subtask(TASK, TOWN)
    assert portal.client.get(f"/api/subtasks/{subtask_id}", headers=portal.bearer(TOWN)).status_code == 200
    assert (
        portal.client.get(f"/api/subtasks/{subtask_id}", headers=portal.bearer(STRANGER)).status_code == 403
    )
    detail = portal.client.get(f"/api/subtasks/{subtask_id}", headers=portal.bearer("coordinator")).json()
    assert detail["history"][0]["action"] == "subtask.created"
    everything = portal.client.get("/api/subtasks", headers=portal.bearer("coordinator"))
    assert int(everything.headers["x-total-count"]) > 100 and len(everything.json()) == 100


def test_each_decision_is_told_to_whom_it_concerns(portal: Portal) -> None:
    subtask_id = portal.subtask(TASK, TOWN)
    post(portal, TOWN, subtask_id, "done")
    post(portal, "coordinator", subtask_id, "return")
    post(portal, TOWN, subtask_id, "extension")
    post(portal, "coordinator", subtask_id, "extension/approve")
    with portal.ctx.session() as session:
        sent = session.exec(
            select(Notification).where(Notification.subtask_id == subtask_id).order_by(col(Notification.id))
        ).all()
    told = [(n.step, n.recipient_code, n.kind) for n in sent]
    assert ("done", "VPHU", NotificationKind.INFO) in told and ("done", "VPUB", NotificationKind.INFO) in told
    assert ("returned", TOWN, NotificationKind.INFO) in told
    assert ("extension_requested", "VPHU", NotificationKind.INFO) in told
    assert ("extension_approved", TOWN, NotificationKind.INFO) in told
    returned = next(n for n in sent if n.step == "returned")
    assert "Thiếu thông báo lịch làm việc" in returned.body and returned.title.startswith("[Trả lại]")
    with portal.ctx.session() as session:
        request = session.exec(
            select(ExtensionRequest).where(ExtensionRequest.subtask_id == subtask_id)
        ).one()
    assert request.status == "approved"
