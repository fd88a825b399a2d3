"""A clerk's first week, in headless Debian Chromium: a city's Công văn is registered with its
real issuer, the body it assigns (missing from the sample registry) is added from the review form
and picked at once, and a town then reports its part done from a phone. A draft of 120 tasks
renders in a page whose size grows with the tasks, not with their square."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import select

from dondoc.record.enums import SubtaskStatus
from dondoc.record.models import Agency, Directive, Event, Subtask
from tests.portal.conftest import TOWN, Portal
from tests.portal.live import serving
from tests.portal.test_portal_in_browser import ARGS, CHROMIUM

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="apt-get install -y chromium")

CITY = "Ủy ban nhân dân Thành phố Hồ Chí Minh"
NUMBER = "4240/UBND-VX"
HOME_AFFAIRS = "Sở Nội vụ"
TOWN_NAME = "Thị trấn Sơn Lâm"


def _city_letter(path: Path) -> Path:
    """The city's Công văn as a spec: the issuer and the department as the letter writes them."""
    spec = {
        "number": NUMBER,
        "kind": "cong_van",
        "title": "Về việc rà soát, sắp xếp cán bộ, công chức cấp xã",
        "issuer": CITY,
        "issued_on": "2020-04-03",
        "tasks": [
            {
                "id": "huong-dan-sap-xep",
                "text": "Sở Nội vụ hướng dẫn các địa phương rà soát, sắp xếp cán bộ, công chức cấp xã.",
                "lead": HOME_AFFAIRS,
                "lead_text": HOME_AFFAIRS,
                "due": "2020-04-30",
            },
            {
                "id": "thi-tran-ra-soat",
                "text": "Thị trấn Sơn Lâm rà soát đội ngũ công chức, báo cáo kết quả.",
                "lead": TOWN,
                "due": "2020-04-24",
            },
        ],
    }
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


def _desk(chromium: Any, base: str, portal: Portal) -> Any:
    desk = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    desk.errors = []
    desk.on("pageerror", lambda e: desk.errors.append(str(e)))
    desk.goto(f"{base}/l/{portal.tokens['coordinator']}")
    return desk


def _upload(desk: Any, base: str, path: Path) -> None:
    desk.get_by_role("link", name="Văn bản mới").click()
    desk.locator("input[name='file']").set_input_files(str(path))
    desk.get_by_role("button", name="Soạn bản nháp").click()
    desk.wait_for_url(f"{base}/drafts/*")


@pytest.mark.usefixtures("prefect_server")
def test_a_city_letter_registers_with_its_issuer_and_a_body_added_in_place(
    portal: Portal, chromium: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import expect
    from prefect.settings import PREFECT_API_URL

    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))
    with serving(portal.client.app) as base:  # type: ignore[arg-type]
        desk = _desk(chromium, base, portal)
        _upload(desk, base, _city_letter(tmp_path / "cong-van-4240.yaml"))
        issuer = desk.locator("[data-field='issuer']")
        expect(issuer.locator("input")).to_have_value(CITY)
        first = desk.locator("section.task").first
        lead = first.locator("[data-field='lead']")
        expect(lead.locator(".problem")).to_contain_text(f"không có cơ quan '{HOME_AFFAIRS}'")
        lead.locator("input").fill(HOME_AFFAIRS)
        lead.get_by_role("option").filter(has_text="vào danh mục cơ quan").click()
        dialog = desk.locator("dialog#new-agency")
        expect(dialog).to_be_visible()
        expect(dialog.locator("#new-agency-name")).to_have_value(HOME_AFFAIRS)
        expect(dialog.locator("#new-agency-kind")).to_have_value("tinh")
        dialog.get_by_role("button", name="Thêm và chọn").click()
        expect(dialog).to_be_hidden()
        expect(lead.locator("input")).to_have_value(HOME_AFFAIRS)
        expect(desk.locator("#save-state")).to_contain_text("Đã lưu lúc")
        expect(lead.locator(".problem")).to_have_count(0)
        expect(issuer.locator(".problem")).to_have_count(0)
        desk.get_by_role("button", name="Đăng ký văn bản").click()
        desk.wait_for_url(f"{base}/directives/*?ok=created")
        expect(desk.locator("main")).to_contain_text(CITY)
        expect(desk.locator("main")).to_contain_text(f"Chủ trì: {HOME_AFFAIRS}")

        clerk = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
        clerk.goto(f"{base}/l/{portal.tokens[TOWN]}")
        clerk.get_by_role("link").filter(has_text="rà soát đội ngũ công chức").click()
        done = clerk.locator("form[data-action='done']")
        done.locator("textarea[name='note']").fill("Đã rà soát 14 công chức, gửi báo cáo")
        done.get_by_role("button", name="Báo hoàn thành").click()
        expect(clerk.locator(".flash.ok")).to_have_text("Đã gửi báo cáo hoàn thành.")
        assert desk.errors == []
    with portal.ctx.session() as session:
        directive = session.exec(select(Directive).where(Directive.number == NUMBER)).one()
        added = session.exec(select(Agency).where(Agency.name == HOME_AFFAIRS)).one()
        audited = session.exec(select(Event).where(Event.action == "agency.added")).one()
        town = session.exec(select(Agency).where(Agency.code == TOWN)).one()
        town_part = session.exec(select(Subtask).where(Subtask.agency_id == town.id)).all()
    assert (directive.issuer_code, directive.issuer_name) == ("", CITY)
    assert (added.kind, audited.detail["code"], audited.source) == ("tinh", added.code, "web")
    assert SubtaskStatus.AWAITING_CONFIRMATION in {s.status for s in town_part}


def _long_draft(path: Path, tasks: int) -> Path:
    spec = {
        "number": f"{tasks}-KH/UBND",
        "kind": "ke_hoach",
        "title": "Kế hoạch dài",
        "issuer": "UBND",
        "issued_on": "2020-04-03",
        "tasks": [
            {
                "id": f"viec-{i}",
                "text": f"Việc thứ {i}: triển khai nội dung số {i} của kế hoạch.",
                "lead": "UBND",
                "due": "end of month",
                "depends_on": [f"viec-{i - 1}"] if i > 1 else [],
            }
            for i in range(1, tasks + 1)
        ],
    }
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _measure(chromium: Any, base: str, portal: Portal, spec: Path, tasks: int) -> dict[str, float]:
    """The page's size, and the milliseconds from asking for it to a form ready to use."""
    from playwright.sync_api import expect

    desk = _desk(chromium, base, portal)
    _upload(desk, base, spec)
    desk.reload()
    expect(desk.locator("#task-count")).to_have_text(str(tasks))
    size: dict[str, float] = desk.evaluate(
        "() => ({height: document.documentElement.scrollHeight,"
        " nodes: document.getElementsByTagName('*').length,"
        " ready: performance.getEntriesByName('draft-form-built')[0].startTime})"
    )
    assert desk.errors == []
    desk.context.close()
    return size


def test_a_draft_of_120_tasks_renders_in_a_page_that_grows_with_its_tasks(
    portal: Portal, chromium: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    with serving(portal.client.app) as base:  # type: ignore[arg-type]
        small = _measure(chromium, base, portal, _long_draft(tmp_path / "30.yaml", 30), 30)
        large = _measure(chromium, base, portal, _long_draft(tmp_path / "120.yaml", 120), 120)
        # four times the tasks: about four times the page, not sixteen
        assert large["nodes"] < small["nodes"] * 4.5, (small, large)
        assert large["height"] / 120 < 900, large
        assert large["ready"] < 2000, large
        desk = _desk(chromium, base, portal)
        desk.goto(f"{base}/drafts/new")
        desk.locator("#open-drafts a").filter(has_text="120-KH/UBND").click()
        last = desk.locator("section.task").last
        expect(last.locator("[data-field='depends_on'] li.chip span")).to_have_text(
            ["119. Việc thứ 119: triển khai nội dung số 119 của kế hoạch."]
        )
