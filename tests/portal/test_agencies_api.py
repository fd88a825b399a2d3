"""The registry under the API, for scripts: coordinators list, add and edit bodies; an agency
gets 403; a bad field is 422 with its path, a name already there 409; each change is audited."""

from sqlmodel import select

from dondoc.record.models import Event
from tests.portal.conftest import STRANGER, Portal

CITY_OFFICE = {"name": "Sở Nội vụ Thành phố Hồ Chí Minh", "kind": "tinh", "aliases": ["Sở Nội vụ"]}


def test_an_agency_may_not_read_or_change_the_registry(portal: Portal) -> None:
    headers = portal.bearer(STRANGER)
    assert portal.client.get("/api/agencies", headers=headers).status_code == 403
    assert portal.client.post("/api/agencies", json=CITY_OFFICE, headers=headers).status_code == 403
    assert portal.client.patch("/api/agencies/UBND", json={"aliases": []}, headers=headers).status_code == 403


def test_a_coordinator_adds_a_body_and_finds_it_in_the_list(portal: Portal) -> None:
    headers = portal.bearer("coordinator")
    answer = portal.client.post("/api/agencies", json=CITY_OFFICE, headers=headers)
    assert answer.status_code == 201, answer.text
    added = answer.json()
    assert (added["name"], added["kind"], added["parent"], added["active"]) == (
        CITY_OFFICE["name"],
        "tinh",
        None,
        True,
    )
    listed = {a["code"]: a for a in portal.client.get("/api/agencies", headers=headers).json()}
    assert listed[added["code"]]["aliases"] == ["Sở Nội vụ"]
    assert listed["TT-SONLAM-T01"]["parent"] == "TT-SONLAM"
    with portal.ctx.session() as session:
        event = session.exec(select(Event).where(Event.action == "agency.added")).one()
    assert (event.source, event.detail["code"]) == ("api", added["code"])


def test_a_bad_field_is_422_with_its_path_and_a_taken_name_409(portal: Portal) -> None:
    headers = portal.bearer("coordinator")
    bad_parent = portal.client.post(
        "/api/agencies", json={"name": "Xã Mới", "kind": "xa", "parent": "Huyện Không Có"}, headers=headers
    )
    assert bad_parent.status_code == 422
    assert bad_parent.json()["problems"][0]["path"] == "parent"
    bad_mailbox = portal.client.post(
        "/api/agencies", json={"name": "Xã Mới", "kind": "xa", "notify": ["a@b"]}, headers=headers
    )
    assert (bad_mailbox.status_code, bad_mailbox.json()["problems"][0]["path"]) == (422, "notify[0]")
    taken = portal.client.post("/api/agencies", json={"name": "ubnd huyện", "kind": "xa"}, headers=headers)
    assert taken.status_code == 409
    assert taken.json()["problems"] == [
        {"path": "name", "message": "Tên cơ quan: 'ubnd huyện' đã là tên của Ủy ban nhân dân huyện Sơn Lâm"}
    ]


def test_patch_merges_an_alias_and_says_what_changed(portal: Portal) -> None:
    headers = portal.bearer("coordinator")
    before = next(
        a for a in portal.client.get("/api/agencies", headers=headers).json() if a["code"] == "UBND"
    )
    answer = portal.client.patch(
        "/api/agencies/UBND", json={"aliases": [*before["aliases"], "UBND H. Sơn Lâm"]}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    assert "UBND H. Sơn Lâm" in answer.json()["aliases"]
    assert (
        portal.client.patch("/api/agencies/KHONG-CO", json={"name": "X"}, headers=headers).status_code == 404
    )
    with portal.ctx.session() as session:
        event = session.exec(select(Event).where(Event.action == "agency.changed")).one()
    assert event.detail["changes"]["aliases"][-1] == "UBND H. Sơn Lâm"


def test_a_control_character_in_a_name_is_named_not_stored(portal: Portal) -> None:
    headers = portal.bearer("coordinator")
    answer = portal.client.post("/api/agencies", json={"name": "Xã\u0000 Mới", "kind": "xa"}, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["problems"] == [
        {"path": "name", "message": "Tên cơ quan: có ký tự điều khiển không hợp lệ (U+0000)"}
    ]


def test_patch_moves_a_village_to_another_commune_and_refuses_a_loop(portal: Portal) -> None:
    headers = portal.bearer("coordinator")
    moved = portal.client.patch("/api/agencies/TT-SONLAM-T01", json={"parent": "XA-HOABINH"}, headers=headers)
    assert moved.status_code == 200, moved.text
    assert moved.json()["parent"] == "XA-HOABINH"
    loop = portal.client.patch("/api/agencies/XA-HOABINH", json={"parent": "TT-SONLAM-T01"}, headers=headers)
    assert loop.status_code == 422
    assert loop.json()["problems"][0]["path"] == "parent"
