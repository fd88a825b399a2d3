"""The portal in headless Debian Chromium: a commune clerk on a phone opens the link, reports a
subtask done with a photo; the coordinator confirms it and the dashboard's counts change."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.portal.conftest import TOWN, Portal
from tests.portal.live import serving

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHOTO = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="apt-get install -y chromium")


@pytest.fixture
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


def test_report_confirm_and_count(portal: Portal, chromium, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    photo = tmp_path / "anh-bo-phan-mot-cua.png"
    photo.write_bytes(PHOTO)
    subtask_id = portal.subtask("bo-tri-lai-bo-phan-mot-cua", TOWN)
    with serving(portal.client.app) as base:  # type: ignore[arg-type]
        phone = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        clerk = phone.new_page()
        external: list[str] = []
        clerk.on("request", lambda r: None if r.url.startswith(base) else external.append(r.url))
        clerk.goto(f"{base}/l/{portal.tokens[TOWN]}")
        assert clerk.url == f"{base}/"  # the token left the address bar
        assert clerk.get_by_role("heading", name="Việc của Thị trấn Sơn Lâm").is_visible()
        clerk.screenshot(path=ARTIFACTS / "1-co-quan-danh-sach.png", full_page=True)
        clerk.click(f"a[href='/subtasks/{subtask_id}']")
        done = clerk.locator("form[data-action='done']")
        done.locator("textarea[name='note']").fill("Đã bố trí lại bộ phận một cửa, niêm yết lịch làm việc")
        done.locator("input[type='file']").set_input_files(str(photo))
        done.get_by_role("button", name="Báo hoàn thành").click()
        assert clerk.get_by_role("status").inner_text() == "Đã gửi báo cáo hoàn thành."
        assert clerk.locator("#status").inner_text() == "Chờ xác nhận"
        assert clerk.get_by_role("link", name="anh-bo-phan-mot-cua.png").is_visible()
        clerk.screenshot(path=ARTIFACTS / "2-co-quan-bao-hoan-thanh.png", full_page=True)

        desk = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
        desk.goto(f"{base}/l/{portal.tokens['coordinator']}")
        assert desk.url == f"{base}/overview"
        row = desk.locator(f"#counts tr[data-agency='{TOWN}']")
        before = int(row.locator("[data-count='done_on_time']").inner_text())
        desk.screenshot(path=ARTIFACTS / "3-dieu-phoi-truoc.png", full_page=True)
        desk.goto(f"{base}/subtasks/{subtask_id}")
        desk.locator("form[data-action='confirm']").get_by_role("button", name="Xác nhận").click()
        assert desk.locator("#status").inner_text() == "Hoàn thành"
        desk.goto(f"{base}/overview")
        after = int(
            desk.locator(f"#counts tr[data-agency='{TOWN}'] [data-count='done_on_time']").inner_text()
        )
        assert after == before + 1
        desk.screenshot(path=ARTIFACTS / "4-dieu-phoi-sau.png", full_page=True)
        desk.goto(f"{base}/directives/1")
        assert desk.get_by_role("heading", name="125-KL/HU").is_visible()
        desk.screenshot(path=ARTIFACTS / "5-van-ban.png", full_page=True)
        assert external == []
