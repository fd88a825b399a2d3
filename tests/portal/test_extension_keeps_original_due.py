"""An approved extension moves the due date to the end of the new day and keeps the original
one, so the statistics can count against either."""

from __future__ import annotations

import datetime as dt

from dondoc.record import clock
from dondoc.record.models import Subtask
from tests.portal.conftest import TOWN, Portal


def test_approved_extension(portal: Portal) -> None:
    subtask_id = portal.subtask("bo-tri-lai-bo-phan-mot-cua", TOWN)
    asked = {"reason": "Chờ sửa chữa trụ sở", "proposed_due": "2020-05-15"}
    assert (
        portal.client.post(
            f"/api/subtasks/{subtask_id}/extension", headers=portal.bearer(TOWN), json=asked
        ).status_code
        == 201
    )
    approved = portal.client.post(
        f"/api/subtasks/{subtask_id}/extension/approve",
        headers=portal.bearer("coordinator"),
        json={"due": "2020-05-10"},
    )
    assert approved.status_code == 200, approved.text
    out = approved.json()["subtask"]
    assert out["due"] == "2020-05-10T23:59:59+07:00" and out["original_due"] == "2020-04-30T23:59:59+07:00"
    with portal.ctx.session() as session:
        sub = session.get(Subtask, subtask_id)
        assert sub is not None and sub.next_action_at is not None
        assert clock.to_local(sub.due_at).date() == dt.date(2020, 5, 10)  # type: ignore[arg-type]
    # done on 5/5: late against the original date, on time against the extended one
    clock.set_now(clock.parse_instant("2020-05-05T10:00:00+07:00"))
    portal.client.post(f"/api/subtasks/{subtask_id}/done", headers=portal.bearer(TOWN))
    confirmed = portal.client.post(
        f"/api/subtasks/{subtask_id}/confirm", headers=portal.bearer("coordinator")
    )
    assert confirmed.json()["subtask"]["timeliness"] == "done_on_time"
