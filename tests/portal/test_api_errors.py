"""The API's errors: JSON with the right status, never a 500 for bad input, nothing changed."""

from __future__ import annotations

import pytest

from dondoc.portal.security import MAX_BODY_BYTES
from dondoc.record.enums import SubtaskStatus
from tests.portal.conftest import TOWN, Portal

TASK = "bo-tri-lai-bo-phan-mot-cua"


def test_unknown_subtask_is_404(portal: Portal) -> None:
    for who in (TOWN, "coordinator"):
        answer = portal.client.post("/api/subtasks/999999/ack", headers=portal.bearer(who))
        assert answer.status_code == 404 and answer.json() == {"detail": "không có việc con #999999"}
    assert portal.client.get("/api/subtasks/999999", headers=portal.bearer(TOWN)).status_code == 404


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("progress", {}),
        ("progress", {"note": ""}),
        ("progress", {"note": "   "}),
        ("progress", {"note": "x" * 5000}),
        ("progress", {"note": "ok", "extra": 1}),
        ("extension", {"reason": "lý do", "proposed_due": "30/02/2020"}),
        ("extension", {"reason": "lý do", "proposed_due": "2020-04-01"}),
        ("extension", {"reason": "lý do", "proposed_due": "9999-12-31"}),
        ("extension", {"reason": "lý do"}),
    ],
)
def test_bad_input_from_an_agency_is_422(portal: Portal, action: str, body: dict) -> None:
    subtask_id = portal.subtask(TASK, TOWN)
    answer = portal.client.post(
        f"/api/subtasks/{subtask_id}/{action}", headers=portal.bearer(TOWN), json=body
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"]
    assert portal.status(subtask_id) is SubtaskStatus.PENDING


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("follow-up", {"at": "2020-04-09T08:00:00+07:00"}),  # already past
        ("follow-up", {"at": "0001-01-01T00:00:00+14:00"}),
        ("follow-up", {"at": "không phải ngày"}),
        ("reassign", {"agency": "KHONG-CO"}),
        ("return", {"reason": ""}),
        ("cancel", {}),
    ],
)
def test_bad_input_from_a_coordinator_is_422(portal: Portal, action: str, body: dict) -> None:
    subtask_id = portal.subtask(TASK, TOWN)
    answer = portal.client.post(
        f"/api/subtasks/{subtask_id}/{action}", headers=portal.bearer("coordinator"), json=body
    )
    assert answer.status_code == 422, answer.text
    assert portal.scheduled.calls == []


def test_path_ids_out_of_range_are_422_not_500(portal: Portal) -> None:
    for path in (
        "/api/subtasks/0",
        "/api/subtasks/-1",
        "/api/subtasks/99999999999999999999",
        "/api/subtasks/abc",
    ):
        assert portal.client.get(path, headers=portal.bearer(TOWN)).status_code == 422


@pytest.mark.parametrize(
    ("action", "setup", "message"),
    [
        ("confirm", None, "không có báo cáo hoàn thành"),
        ("return", None, "chỉ trả lại được"),
        ("extension/approve", None, "không có đề nghị gia hạn"),
        ("extension/reject", None, "không có đề nghị gia hạn"),
        ("reassign", "TT-SONLAM", "đang giao cho"),
        ("reassign", "XA-HOABINH", "đã có việc con"),
    ],
)
def test_a_state_that_does_not_allow_it_is_409(
    portal: Portal, action: str, setup: str | None, message: str
) -> None:
    subtask_id = portal.subtask(TASK, TOWN)
    body = {"reason": "vì sao"} if action in ("return", "extension/reject") else {}
    if action == "reassign":
        body = {"agency": setup or ""}
    answer = portal.client.post(
        f"/api/subtasks/{subtask_id}/{action}", headers=portal.bearer("coordinator"), json=body
    )
    assert answer.status_code == 409, answer.text
    assert message in answer.json()["detail"]


def test_twice_is_409(portal: Portal) -> None:
    subtask_id = portal.subtask(TASK, TOWN)
    headers = portal.bearer(TOWN)
    assert portal.client.post(f"/api/subtasks/{subtask_id}/ack", headers=headers).status_code == 200
    assert portal.client.post(f"/api/subtasks/{subtask_id}/ack", headers=headers).status_code == 409
    assert portal.client.post(f"/api/subtasks/{subtask_id}/done", headers=headers).status_code == 200
    assert portal.client.post(f"/api/subtasks/{subtask_id}/done", headers=headers).status_code == 409
    ask = {"reason": "lý do", "proposed_due": "2020-05-15"}
    assert (
        portal.client.post(f"/api/subtasks/{subtask_id}/extension", headers=headers, json=ask).status_code
        == 409
    )


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, 200),
        ("bien-ban.pdf", b"%PDF-1.7\n" + b"\0" * 64 + b"\nstartxref\n9\n%%EOF\n", 200),
        ("script.png", b"<script>alert(1)</script>", 422),  # the name lies: the bytes decide
        ("chay.exe", b"MZ\x90\x00" + b"\0" * 64, 422),
        ("rong.jpg", b"", 422),
    ],
)
def test_evidence_types_are_checked_by_content(
    portal: Portal, name: str, content: bytes, status: int
) -> None:
    subtask_id = portal.subtask(TASK, TOWN)
    answer = portal.client.post(
        f"/api/subtasks/{subtask_id}/done",
        headers=portal.bearer(TOWN),
        data={"note": "kèm minh chứng"},
        files=[("files", (name, content, "image/png"))],
    )
    assert answer.status_code == status, answer.text
    stored = list((portal.ctx.settings.home / "evidence").rglob("*")) if status == 200 else []
    if status == 200:
        detail = portal.client.get(f"/api/subtasks/{subtask_id}", headers=portal.bearer(TOWN)).json()
        assert [e["filename"] for e in detail["evidence"]] == [name]
        assert any(p.name == detail["evidence"][0]["sha256"] for p in stored)
    else:
        assert not (portal.ctx.settings.home / "evidence").exists()
        assert portal.status(subtask_id) is SubtaskStatus.PENDING


def test_too_many_or_too_large_files_are_refused(portal: Portal) -> None:
    subtask_id = portal.subtask(TASK, TOWN)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    many = [("files", (f"{i}.png", png + bytes([i]), "image/png")) for i in range(6)]
    answer = portal.client.post(f"/api/subtasks/{subtask_id}/done", headers=portal.bearer(TOWN), files=many)
    assert answer.status_code == 422 and "tối đa 5" in answer.json()["detail"]
    big = [("files", ("lon.png", png + b"\0" * (10 * 1024 * 1024), "image/png"))]
    answer = portal.client.post(f"/api/subtasks/{subtask_id}/done", headers=portal.bearer(TOWN), files=big)
    assert answer.status_code == 422 and "10 MB" in answer.json()["detail"]
    declared = portal.client.post(
        f"/api/subtasks/{subtask_id}/progress",
        headers={**portal.bearer(TOWN), "content-length": str(MAX_BODY_BYTES + 1)},
        content=b"{}",
    )
    assert declared.status_code == 413
    assert portal.status(subtask_id) is SubtaskStatus.PENDING


def test_openapi_lists_the_endpoints(portal: Portal) -> None:
    paths = portal.client.get("/openapi.json").json()["paths"]
    for action in (
        "ack",
        "progress",
        "done",
        "extension",
        "confirm",
        "return",
        "extension/approve",
        "extension/reject",
        "follow-up",
    ):
        assert "post" in paths[f"/api/subtasks/{{subtask_id}}/{action}"]
    assert "get" in paths["/api/subtasks"] and "get" in paths["/api/subtasks/{subtask_id}"]
    assert not any(p.startswith("/subtasks") or p == "/overview" for p in paths)
