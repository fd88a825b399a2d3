"""The lists in headless Debian Chromium: a coordinator filters the list and pages through it; on
the dashboard a commune's villages are not in the page until it is opened, then load (the static
script, under the CSP) with the database's counts; a clerk's home switches tabs. Nothing is
fetched from anywhere but the portal, and the browser reports no error (a CSP refusal is one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dondoc.reading.counts import agency_counts
from dondoc.reading.queries import SubtaskFilter
from dondoc.record import clock
from dondoc.record.enums import SubtaskStatus
from tests.portal.conftest import QUARTER, TOWN, Portal
from tests.portal.live import serving
from tests.portal.test_portal_in_browser import ARGS, ARTIFACTS, CHROMIUM, pytestmark  # noqa: F401

LATER = clock.parse_instant("2020-04-28T09:00:00+07:00")


@pytest.fixture
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


class Watched:
    """A page whose requests elsewhere, failed answers and console errors are kept, to be asserted
    empty (the browser's own ask for /favicon.ico aside: the portal has none)."""

    def __init__(self, browser, base: str, **context: object) -> None:  # type: ignore[no-untyped-def]
        self.page = browser.new_context(**context).new_page()
        self.elsewhere: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: None if r.url.startswith(base) else self.elsewhere.append(r.url))
        self.page.on("response", lambda r: self.failed(r.url, r.status))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def failed(self, url: str, status: int) -> None:
        if status >= 400 and not url.endswith("/favicon.ico"):
            self.errors.append(f"{status} {url}")

    def problems(self) -> list[str]:
        # a failed load is reported twice: as its answer (kept above) and on the console
        return self.elsewhere + [e for e in self.errors if not e.startswith("Failed to load resource")]


def test_coordinator_filters_pages_and_opens_a_commune(portal: Portal, chromium) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    clock.set_now(LATER)
    with portal.ctx.session() as session:
        quarters = {
            c.agency: c
            for c in agency_counts(
                session,
                now=LATER,
                calendar=portal.ctx.calendar,
                where=SubtaskFilter(subtree=f"/HUYEN/{TOWN}/"),
            )
            if c.agency != TOWN
        }
    with serving(portal.client.app) as base:  # type: ignore[arg-type]
        desk = Watched(chromium, base, viewport={"width": 1280, "height": 900})
        page = desk.page
        page.goto(f"{base}/l/{portal.tokens['coordinator']}")
        assert page.url == f"{base}/overview"
        assert page.locator(f"#counts tr[data-agency='{QUARTER}']").count() == 0
        opened = page.locator(f"tr.villages[data-parent='{TOWN}'] details")
        opened.locator("summary").click()
        row = opened.locator(f"tr[data-agency='{QUARTER}']")
        row.wait_for()
        assert opened.locator("tr[data-agency]").count() == len(quarters)
        assert int(row.locator("[data-count='open_overdue']").inner_text()) == quarters[QUARTER].open_overdue
        assert int(row.locator("[data-count='open_within']").inner_text()) == quarters[QUARTER].open_within
        page.screenshot(path=ARTIFACTS / "6-dieu-phoi-mo-thon.png", full_page=True)

        page.goto(f"{base}/subtasks")
        form = page.locator("form.filters")
        form.locator("select[name='timeliness']").select_option("near_due")
        form.get_by_role("button", name="Lọc").click()
        summary = page.locator("p.pager-summary")
        assert summary.inner_text().startswith("Hiển thị 1–50 trong")
        badges = page.locator("#list .card .badge.t-near_due")
        assert badges.count() == page.locator("#list .card").count() == 50
        first_page = page.locator("#list .card a.title").first.inner_text()
        page.get_by_role("link", name="Trang sau").click()
        assert summary.inner_text().startswith("Hiển thị 51–100 trong")
        assert "timeliness=near_due" in page.url
        assert page.locator("#list .card a.title").first.inner_text() != first_page
        page.screenshot(path=ARTIFACTS / "7-danh-sach-loc.png", full_page=True)
        assert desk.problems() == []


def test_a_clerk_switches_tabs_on_a_phone(portal: Portal, chromium) -> None:  # type: ignore[no-untyped-def]
    waiting = portal.subtask("bo-tri-lai-bo-phan-mot-cua", TOWN)
    portal.force_status(waiting, SubtaskStatus.AWAITING_CONFIRMATION)
    with serving(portal.client.app) as base:  # type: ignore[arg-type]
        phone = Watched(
            chromium, base, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        page = phone.page
        page.goto(f"{base}/l/{portal.tokens[TOWN]}")
        assert page.get_by_role("link", name="Cần thực hiện (14)").get_attribute("aria-current") == "page"
        assert page.locator(f"a[href='/subtasks/{waiting}']").count() == 0
        page.get_by_role("link", name="Chờ xác nhận (1)").click()
        assert page.locator(".cards a.title").all_inner_texts()[0].startswith(f"#{waiting} ")
        page.screenshot(path=ARTIFACTS / "8-co-quan-cho-xac-nhan.png", full_page=True)
        assert phone.problems() == []
