"""Every page a person opens, walked in headless Chromium as a coordinator and as a commune:
no English word of the program's own (system, default, urgent, none, created; YAML but as the
kind of a file) and no bare agency code is visible; bodies are named, the program is "Hệ thống"."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from dondoc.record.audit import Actor
from dondoc.work.actions import complete
from tests.portal.conftest import NOW, STRANGER, TOWN, Portal
from tests.portal.live import serving
from tests.portal.test_portal_in_browser import ARGS, CHROMIUM

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="apt-get install -y chromium")

# YAML only as the kind of a file a clerk downloads or uploads ("tệp YAML", "….yaml"), never as a
# syntax to follow ("Hạn theo cú pháp của tệp YAML" was one)
ENGLISH = re.compile(
    r"\b(system|default|urgent|none|created)\b|(?-i:(?<!tệp )\bYAML\b|cú pháp của tệp YAML)", re.IGNORECASE
)
# codes that no document's wording uses: seen on a page, they are a code where a name belongs
CODES = re.compile(r"\b(XA-HOABINH|TT-SONLAM(-T\d+)?|VPHU|VPUB|PVHTT|PNNPTNT|TTHU)\b")
TASK = "ra-soat-ho-ngheo"


@pytest.fixture
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


def _visible_words(page: Any, url: str) -> str:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    text: str = page.locator("body").inner_text()
    return text


def _walk(chromium: Any, base: str, token: str, paths: list[str]) -> dict[str, list[str]]:
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/l/{token}")
    found = {}
    for path in paths:
        text = _visible_words(page, base + path)
        hits = [m.group(0) for m in ENGLISH.finditer(text)] + [m.group(0) for m in CODES.finditer(text)]
        if hits:
            found[path] = hits
    return found


def test_no_page_shows_a_program_word_or_a_bare_code(portal: Portal, chromium: Any) -> None:
    town_task = portal.subtask(TASK, TOWN)
    with portal.ctx.session() as session:
        complete(
            session,
            subtask_id=town_task,
            actor=Actor(TOWN),
            now=NOW,
            calendar=portal.ctx.calendar,
            note="xong",
        )
    draft = portal.client.post(
        "/api/drafts",
        data={
            "text": "Giao Phòng Văn hóa và Thông tin chủ trì tuyên truyền, hoàn thành trước ngày 30/4/2020."
        },
        headers=portal.bearer("coordinator"),
    ).json()["id"]
    coordinator_pages = [
        "/overview",
        "/directives/1",
        "/subtasks",
        f"/subtasks/{town_task}",
        "/reports",
        "/drafts/new",
        f"/drafts/{draft}",
        "/agencies",
        "/agencies/UBND",
    ]
    with serving(portal.client.app) as base:  # type: ignore[arg-type]
        seen = _walk(chromium, base, portal.tokens["coordinator"], coordinator_pages)
        seen |= _walk(chromium, base, portal.tokens[TOWN], ["/", f"/subtasks/{town_task}"])
        stranger = _walk(chromium, base, portal.tokens[STRANGER], [f"/subtasks/{town_task}"])
    assert seen == {} and stranger == {}
