"""The coordinators' "Báo cáo" page in headless Debian Chromium: the April 2020 report with its
chart, another month picked, the .docx and .xlsx downloaded and opened; an agency gets 403."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from dondoc.reading.period_report import build_report
from dondoc.reading.periods import month_period
from dondoc.record import clock
from tests.portal.conftest import TOWN, Portal
from tests.portal.live import serving
from tests.portal.test_portal_in_browser import ARGS, ARTIFACTS, CHROMIUM
from tests.reports.april import REPORTED_AT, play_april, subtask_id

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="apt-get install -y chromium")


@pytest.fixture
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def april_portal(portal: Portal, monkeypatch: pytest.MonkeyPatch) -> Portal:
    play_april(portal.ctx, monkeypatch)
    clock.set_now(REPORTED_AT)
    return portal


def test_coordinator_reads_and_downloads_the_report(april_portal: Portal, chromium, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    portal = april_portal
    with portal.ctx.session() as session:
        report = build_report(
            session, period=month_period("2020-04"), now=REPORTED_AT, calendar=portal.ctx.calendar
        )
    total = report.totals
    with serving(portal.client.app) as base:  # type: ignore[arg-type]
        desk = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
        external: list[str] = []
        desk.on("request", lambda r: None if r.url.startswith((base, "data:")) else external.append(r.url))
        desk.goto(f"{base}/l/{portal.tokens['coordinator']}")
        desk.get_by_role("link", name="Báo cáo").click()
        assert desk.url == f"{base}/reports"  # last month by default: April, seen on 8 May
        assert desk.get_by_role("heading", name="Báo cáo giao ban tháng 4 năm 2020").is_visible()
        chart = desk.locator("#report-chart")
        assert chart.is_visible() and chart.evaluate("img => img.naturalWidth") > 600
        ubnd = desk.locator("#report-agencies tr", has_text="Ủy ban nhân dân huyện Sơn Lâm").first
        assert ubnd.locator("[data-count='done_late']").inner_text() == "1"
        totals = desk.locator("#report-agencies tr.total")
        assert totals.locator("[data-count='assigned']").inner_text() == str(total.assigned)
        assert totals.locator("[data-count='open_overdue']").inner_text() == str(total.open_overdue)
        assert desk.locator("#report-extensions tbody tr").count() == len(report.extensions) == 1
        desk.screenshot(path=ARTIFACTS / "6-bao-cao.png", full_page=True)

        with desk.expect_download() as word:
            desk.locator("#download-docx").click()
        assert word.value.suggested_filename == "bao-cao-2020-04.docx"
        word.value.save_as(tmp_path / "bao-cao.docx")
        rows = Document(str(tmp_path / "bao-cao.docx")).tables[1].rows
        assert [c.text for c in rows[-1].cells[1:4]] == [
            "Tổng cộng",
            str(total.assigned),
            str(total.done_on_time),
        ]
        with desk.expect_download() as excel:
            desk.locator("#download-xlsx").click()
        excel.value.save_as(tmp_path / "bao-cao.xlsx")
        sheet = load_workbook(tmp_path / "bao-cao.xlsx")["Theo cơ quan"]
        assert sheet.cell(5, 1).value == report.agencies[0].agency
        assert sheet.cell(5, 4).value == report.agencies[0].counts.assigned

        desk.locator("input[name='month']").fill("2020-05")
        desk.get_by_role("button", name="Xem báo cáo").click()
        assert desk.get_by_role("heading", name="Báo cáo giao ban tháng 5 năm 2020").is_visible()
        desk.goto(f"{base}/reports?month=2020-03")
        assert desk.locator("#report-empty").is_visible()
        assert external == []


def test_an_agency_is_refused_the_report(april_portal: Portal) -> None:
    client = april_portal.client
    assert client.get(f"/l/{april_portal.tokens[TOWN]}").status_code == 200
    assert client.get("/reports").status_code == 403
    assert client.get("/reports/download", params={"format": "docx", "month": "2020-04"}).status_code == 403
    client.cookies.clear()
    assert client.get("/reports").status_code == 401
    assert client.get(f"/l/{april_portal.tokens['coordinator']}").status_code == 200
    assert client.get("/reports", params={"month": "2020-13"}).status_code == 422
    assert client.get("/reports", params={"month": "april"}).status_code == 422


PHONE = {"width": 390, "height": 844}


def _page_width(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_the_report_and_a_history_read_on_a_phone(april_portal: Portal, chromium) -> None:  # type: ignore[no-untyped-def]
    """At 390 px wide: no sideways scroll on the report page or a subtask's page, and the history
    keeps its "Ghi chú" (the reason a piece of work was returned) in sight."""
    ARTIFACTS.mkdir(exist_ok=True)
    portal = april_portal
    returned = subtask_id(portal.ctx, "bo-tri-lai-bo-phan-mot-cua", "TT-SONLAM")
    with serving(portal.client.app) as base:  # type: ignore[arg-type]
        phone = chromium.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN"
        ).new_page()
        phone.goto(f"{base}/l/{portal.tokens['coordinator']}")
        phone.goto(f"{base}/reports")
        assert phone.get_by_role("heading", name="Báo cáo giao ban tháng 4 năm 2020").is_visible()
        phone.screenshot(path=ARTIFACTS / "6-bao-cao-dien-thoai.png", full_page=True)
        assert _page_width(phone) <= PHONE["width"]
        town = phone.locator("#report-agencies tr", has_text="Thị trấn Sơn Lâm").first
        assert town.locator("[data-count='assigned']").is_visible()

        phone.goto(f"{base}/subtasks/{returned}")
        phone.screenshot(path=ARTIFACTS / "6-lich-su-dien-thoai.png", full_page=True)
        assert _page_width(phone) <= PHONE["width"]
        row = phone.locator("table.history tbody tr", has_text="Chưa có ảnh niêm yết")
        note = row.locator("td").nth(3)
        assert note.is_visible() and "Chưa có ảnh niêm yết" in note.inner_text()
        box = note.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
