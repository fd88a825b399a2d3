""" "Danh mục cơ quan": a coordinator searches the tree, adds a body with a form, merges a name
documents use into a body's aliases; an agency is refused; a taken name is said beside the form."""

from __future__ import annotations

from sqlmodel import select

from dondoc.record.models import Agency, Event
from tests.portal.conftest import STRANGER, Portal
from tests.portal.test_web_sessions_and_links import _csrf, _sign_in


def test_an_agency_is_refused(portal: Portal) -> None:
    _sign_in(portal, STRANGER)
    answer = portal.client.get("/agencies")
    assert answer.status_code == 403
    assert "danh mục cơ quan dành cho bộ phận điều phối" in answer.text


def test_search_finds_a_body_with_or_without_diacritics(portal: Portal) -> None:
    _sign_in(portal, "coordinator")
    answer = portal.client.get("/agencies", params={"q": "hoa binh"})
    assert answer.status_code == 200
    table = answer.text.split('id="agencies"', 1)[1].split("</table>", 1)[0]
    assert "Xã Hòa Bình" in table and "Thị trấn Sơn Lâm" not in table


def test_a_body_added_by_the_form_is_listed_and_audited(portal: Portal) -> None:
    page = _sign_in(portal, "coordinator")
    form = {"csrf_token": _csrf(page), "name": "Sở Nội vụ", "kind": "tinh", "parent": "", "aliases": "SNV\n"}
    answer = portal.client.post("/agencies", data=form, follow_redirects=True)
    assert answer.status_code == 200
    assert "Đã lưu: Sở Nội vụ." in answer.text
    again = portal.client.post("/agencies", data=form)
    assert again.status_code == 409
    assert "Tên cơ quan: &#39;Sở Nội vụ&#39; đã là tên của Sở Nội vụ" in again.text
    with portal.ctx.session() as session:
        added = session.exec(select(Agency).where(Agency.name == "Sở Nội vụ")).one()
        event = session.exec(select(Event).where(Event.action == "agency.added")).one()
    assert added.aliases == ["SNV"] and event.source == "web"


def test_an_alias_merged_on_the_edit_page(portal: Portal) -> None:
    page = _sign_in(portal, "coordinator")
    edit = portal.client.get("/agencies/XA-HOABINH")
    assert edit.status_code == 200 and "Xã Hòa Bình" in edit.text
    form = {
        "csrf_token": _csrf(page),
        "name": "Xã Hòa Bình",
        "kind": "xa",
        "aliases": "UBND xã Hòa Bình\nxã Hoà Bình huyện Sơn Lâm",
        "notify": "",
        "active": "on",
    }
    answer = portal.client.post("/agencies/XA-HOABINH", data=form, follow_redirects=True)
    assert answer.status_code == 200, answer.text
    with portal.ctx.session() as session:
        body = session.exec(select(Agency).where(Agency.code == "XA-HOABINH")).one()
    assert "xã Hoà Bình huyện Sơn Lâm" in body.aliases and body.edited_in_portal
