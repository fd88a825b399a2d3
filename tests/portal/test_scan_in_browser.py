"""A coordinator uploads a scanned conclusion in the browser (headless Debian Chromium): the
page says it is being read and counts the pages while Tesseract works, then opens the review
form with the OCR'd pages and their confidence, the tasks drafted; registering it works as for a
typed document."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.documents.scans import FIRST, SECOND, render_page, write_scan_pdf
from tests.portal.conftest import Portal
from tests.portal.live import serving
from tests.portal.test_portal_in_browser import ARGS, ARTIFACTS, CHROMIUM

pytestmark = [
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="apt-get install -y chromium"),
    pytest.mark.skipif(
        shutil.which("tesseract") is None, reason="apt-get install -y tesseract-ocr tesseract-ocr-vie"
    ),
]


@pytest.fixture
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


def _scan(tmp_path: Path) -> Path:
    path = tmp_path / "ket-luan-130-quet.pdf"
    write_scan_pdf([render_page(FIRST, angle=1.1, seed=5), render_page(SECOND, angle=-0.7, seed=6)], path)
    return path


@pytest.mark.usefixtures("prefect_server")
def test_a_scan_is_read_with_its_progress_shown_then_reviewed_and_registered(
    portal: Portal,
    chromium: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from playwright.sync_api import expect
    from prefect.settings import PREFECT_API_URL

    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))
    ARTIFACTS.mkdir(exist_ok=True)
    with serving(portal.client.app) as base:  # type: ignore[arg-type]
        desk = chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
        errors: list[str] = []
        desk.on("pageerror", lambda e: errors.append(str(e)))
        desk.goto(f"{base}/l/{portal.tokens['coordinator']}")
        desk.get_by_role("link", name="Văn bản mới").click()
        desk.locator("input[name='file']").set_input_files(str(_scan(tmp_path)))
        desk.get_by_role("button", name="Soạn bản nháp").click()
        desk.wait_for_url(f"{base}/drafts/*")
        reading = desk.locator("#reading")
        expect(reading).to_contain_text("Đang đọc tệp bằng OCR")
        desk.screenshot(path=ARTIFACTS / "9-dang-doc-ban-quet.png")
        # the page refreshes itself: first the pages counted, then the form once read (on a quiet
        # machine the read may finish before the first refresh shows the count)
        counted_or_read = desk.locator("#pages-total:text-is('2'), #ocr-pages").first
        expect(counted_or_read).to_be_visible(timeout=60_000)
        expect(desk.locator("#ocr-pages")).to_be_visible(timeout=180_000)
        expect(desk.locator("#ocr-pages")).to_contain_text("Đọc bằng OCR 2/2 trang")
        expect(desk.locator("#ocr-pages")).to_contain_text("Trang 1: độ tin cậy")
        expect(desk.locator("#f-number")).to_have_value("130-KL/HU")
        expect(desk.locator("#task-count")).to_have_text("3")
        desk.screenshot(path=ARTIFACTS / "10-ban-nhap-tu-ban-quet.png", full_page=True)
        desk.get_by_role("button", name="Đăng ký văn bản").click()
        desk.wait_for_url(f"{base}/directives/*?ok=created")
        expect(desk.get_by_role("heading", name="130-KL/HU")).to_be_visible()
        assert errors == []
