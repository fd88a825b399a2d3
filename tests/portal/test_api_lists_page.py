"""GET /api/subtasks pages: limit and offset in due-date order, the total in X-Total-Count, and
filters by directive, status, timeliness and agency subtree, within what the caller may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dondoc.record import clock
from dondoc.record.clock import parse_instant
from dondoc.record.enums import SubtaskStatus, Timeliness
from tests.portal.conftest import QUARTER, STRANGER, TOWN, Portal

DIRECTIVE = "125-KL/HU"


def listed(portal: Portal, who: str, **params: Any) -> tuple[list[dict[str, Any]], int]:
    answer = portal.client.get("/api/subtasks", headers=portal.bearer(who), params=params)
    assert answer.status_code == 200, answer.text
    return answer.json(), int(answer.headers["x-total-count"])


def due_order(row: dict[str, Any]) -> tuple[bool, dt.datetime, int]:
    due = parse_instant(row["due"]) if row["due"] else dt.datetime.max.replace(tzinfo=dt.UTC)
    return (row["due"] is None, due, row["id"])


def test_pages_cover_the_whole_list_once_in_due_date_order(portal: Portal) -> None:
    first, total = listed(portal, "coordinator")
    assert len(first) == 100 and total > 150
    pages = [listed(portal, "coordinator", limit=40, offset=offset) for offset in range(0, total, 40)]
    assert all(count == total for _, count in pages)
    rows = [row for page, _ in pages for row in page]
    assert len(rows) == total and len({r["id"] for r in rows}) == total
    assert rows == sorted(rows, key=due_order)  # by due date (none last), then id
    assert [r["id"] for r in rows[:100]] == [r["id"] for r in first]
    beyond, count = listed(portal, "coordinator", offset=total)
    assert beyond == [] and count == total
    whole, _ = listed(portal, "coordinator", limit=1000)
    assert len(whole) == total


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 1001},
        {"offset": -1},
        {"limit": "nhiều"},
        {"timeliness": "late"},
        {"status": "xong"},
    ],
)
def test_bounds_and_unknown_values_are_422(portal: Portal, params: dict[str, Any]) -> None:
    answer = portal.client.get("/api/subtasks", headers=portal.bearer("coordinator"), params=params)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", next(iter(params))]


@pytest.mark.parametrize(
    ("now", "kinds"), [("2020-04-14T09:00:00+07:00", 2), ("2020-04-28T09:00:00+07:00", 3)]
)
def test_each_timeliness_is_a_part_and_together_the_whole(portal: Portal, now: str, kinds: int) -> None:
    clock.set_now(parse_instant(now))
    _, total = listed(portal, "coordinator")
    counts = {}
    for kind in Timeliness:
        rows, counts[kind] = listed(portal, "coordinator", timeliness=kind.value, limit=1000)
        assert len(rows) == counts[kind] and {r["timeliness"] for r in rows} <= {kind.value}
    assert sum(counts.values()) == total
    # near due on 14/4 (16/4 is 2 working days away), overdue too on 28/4
    assert len([kind for kind, count in counts.items() if count]) >= kinds


def test_filters_by_directive_and_status(portal: Portal) -> None:
    _, total = listed(portal, "coordinator")
    assert listed(portal, "coordinator", directive=DIRECTIVE)[1] == total
    assert listed(portal, "coordinator", directive="không-có") == ([], 0)
    blocked, count = listed(portal, "coordinator", status="blocked", limit=1000)
    assert count > 0 and {r["status"] for r in blocked} == {"blocked"}
    subtask_id = portal.subtask("bo-tri-lai-bo-phan-mot-cua", TOWN)
    portal.force_status(subtask_id, SubtaskStatus.AWAITING_CONFIRMATION)
    waiting, count = listed(portal, TOWN, status="awaiting_confirmation")
    assert count == 1 and waiting[0]["id"] == subtask_id


def test_agency_filter_is_a_subtree_within_what_the_caller_sees(portal: Portal) -> None:
    town_tree, total = listed(portal, "coordinator", agency=TOWN)
    agencies = {r["agency"] for r in town_tree}
    assert TOWN in agencies and QUARTER in agencies and all(a.startswith(TOWN) for a in agencies)
    assert listed(portal, TOWN) == (town_tree, total)  # a town sees itself and its quarters
    assert listed(portal, TOWN, agency=TOWN)[1] == total
    quarter, count = listed(portal, TOWN, agency=QUARTER)
    assert count >= 1 and {r["agency"] for r in quarter} == {QUARTER}
    assert listed(portal, QUARTER) == listed(portal, "coordinator", agency=QUARTER)


@pytest.mark.parametrize(("who", "agency"), [(TOWN, STRANGER), (QUARTER, TOWN), (STRANGER, QUARTER)])
def test_another_agencys_subtree_is_403(portal: Portal, who: str, agency: str) -> None:
    answer = portal.client.get("/api/subtasks", headers=portal.bearer(who), params={"agency": agency})
    assert answer.status_code == 403 and agency in answer.json()["detail"]


def test_an_unknown_agency_is_422_naming_the_field(portal: Portal) -> None:
    for who in (TOWN, "coordinator"):
        answer = portal.client.get(
            "/api/subtasks", headers=portal.bearer(who), params={"agency": "XA-KHONG-CO"}
        )
        assert answer.status_code == 422
        detail = answer.json()["detail"][0]
        assert detail["loc"] == ["query", "agency"] and "XA-KHONG-CO" in detail["msg"]


def test_the_schema_documents_the_total_header(portal: Portal) -> None:
    schema = portal.client.get("/openapi.json").json()
    operation = schema["paths"]["/api/subtasks"]["get"]
    assert "X-Total-Count" in operation["responses"]["200"]["headers"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"directive", "status", "timeliness", "agency", "limit", "offset"} <= names
