"""The town's deadlines as its calendar app reads them: the feed parsed back with icalendar and
held against the database, before and after an extension, a cancellation and a completion."""

from __future__ import annotations

import datetime as dt

import pendulum
from icalendar import Calendar
from sqlmodel import col, or_, select

from dondoc.record.clock import LOCAL_TZ, to_local
from dondoc.record.enums import OPEN_STATUSES, SubtaskStatus
from dondoc.record.models import Agency, Subtask
from dondoc.work.access import issue_link
from tests.portal.conftest import NOW, TOWN, Portal

PORTAL = "http://127.0.0.1:8000"


def feed(portal: Portal, token: str) -> dict[str, dict[str, object]]:
    answer = portal.client.get(f"/ical/{token}.ics")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(answer.content)
    assert calendar["version"] == "2.0" and "Thị trấn" in str(calendar["x-wr-calname"])
    events = {}
    for event in calendar.walk("VEVENT"):
        alarms = event.walk("VALARM")
        events[str(event["uid"])] = {
            "start": event.decoded("dtstart"),
            "end": event.decoded("dtend"),
            "sequence": int(event["sequence"]),
            "status": str(event["status"]),
            "url": str(event["url"]),
            "description": str(event["description"]),
            "alarm": alarms[0].decoded("trigger") if alarms else None,
        }
    return events


def open_in_database(portal: Portal) -> dict[str, dt.date]:
    """UID -> local due day, for the town's and its quarters' open subtasks with a due date."""
    town = portal.agency_id(TOWN)
    with portal.ctx.session() as session:
        mine = select(Agency.id).where(or_(col(Agency.id) == town, col(Agency.parent_id) == town))
        subs = session.exec(
            select(Subtask).where(
                col(Subtask.agency_id).in_(mine),
                col(Subtask.status).in_(list(OPEN_STATUSES)),
                col(Subtask.due_at).is_not(None),
            )
        ).all()
    return {f"subtask-{s.id}@127.0.0.1": to_local(s.due_at).date() for s in subs}  # type: ignore[arg-type]


def reminder_for(portal: Portal, due: dt.date) -> dt.datetime:
    """The default policy's first step: 3 working days before the due day, at 07:00 local."""
    day = portal.ctx.calendar.add_working_days(due, -3)
    return pendulum.datetime(day.year, day.month, day.day, 7, tz=LOCAL_TZ).in_timezone("UTC")


def uid(subtask_id: int) -> str:
    return f"subtask-{subtask_id}@127.0.0.1"


def test_the_feed_follows_the_database(portal: Portal) -> None:
    with portal.ctx.session() as session:
        token = issue_link(session, code=TOWN, coordinator=False, calendar=True, rotate=False, now=NOW).token

    before = feed(portal, token)
    expected = open_in_database(portal)
    assert set(before) == set(expected) and len(expected) > 3
    for key, due in expected.items():
        event = before[key]
        assert event["start"] == due and event["end"] == due + dt.timedelta(days=1)
        assert event["sequence"] == 0 and event["status"] == "CONFIRMED"
        subtask_id = key.removeprefix("subtask-").split("@")[0]
        assert event["url"] == f"{PORTAL}/subtasks/{subtask_id}"
        assert event["url"] in event["description"]  # type: ignore[operator]
        assert event["alarm"] == reminder_for(portal, due)

    extended = portal.subtask("bo-tri-lai-bo-phan-mot-cua", TOWN)
    own = [int(k.split("-")[1].split("@")[0]) for k in sorted(expected)]
    # a blocked one is cancelled (what waits is cancelled too), a pending one is finished
    cancelled = next(i for i in own if portal.status(i) is SubtaskStatus.BLOCKED)
    finished = next(i for i in own if i != extended and portal.status(i) is SubtaskStatus.PENDING)
    asked = {"reason": "Chờ sửa chữa trụ sở", "proposed_due": "2020-05-15"}
    assert (
        portal.client.post(
            f"/api/subtasks/{extended}/extension", headers=portal.bearer(TOWN), json=asked
        ).status_code
        == 201
    )
    assert (
        portal.client.post(
            f"/api/subtasks/{extended}/extension/approve", headers=portal.bearer("coordinator"), json={}
        ).status_code
        == 200
    )
    cancel = {"reason": "Không còn cần thực hiện"}
    assert (
        portal.client.post(
            f"/api/subtasks/{cancelled}/cancel", headers=portal.bearer("coordinator"), json=cancel
        ).status_code
        == 200
    )
    assert (
        portal.client.post(f"/api/subtasks/{finished}/done", headers=portal.bearer("coordinator")).status_code
        == 200
    )

    after = feed(portal, token)
    # the extension: the same event, on the new day, one revision later, its alarm moved
    moved = after[uid(extended)]
    assert moved["start"] == dt.date(2020, 5, 15) and moved["sequence"] == 1
    assert moved["alarm"] == reminder_for(portal, dt.date(2020, 5, 15))
    assert "hạn ban đầu 30/04/2020" in moved["description"]  # type: ignore[operator]
    # the cancellation: still there for calendars to drop, marked cancelled, no alarm
    dropped = after[uid(cancelled)]
    assert dropped["status"] == "CANCELLED" and dropped["sequence"] == 1 and dropped["alarm"] is None
    # the completion: gone
    assert uid(finished) not in after
    # everything else on the same day, same revision (the quarters the cancellation freed only
    # say their new status)
    for key in set(before) - {uid(extended), uid(cancelled), uid(finished)}:
        assert {k: v for k, v in after[key].items() if k != "description"} == {
            k: v for k, v in before[key].items() if k != "description"
        }
    assert set(after) == set(open_in_database(portal)) | {uid(cancelled)}
