"""The portal's lists page like the API: an agency's home in three tabs with their counts, the
filtered list with previous/next links that keep the filters, a directive's tasks showing their
first subtasks with a link to all of them; bad filters and other agencies' work refused."""

from __future__ import annotations

import html
import re

import pytest

from dondoc.record import clock
from dondoc.record.enums import SubtaskStatus
from tests.portal.conftest import STRANGER, TOWN, Portal

LATER = clock.parse_instant("2020-04-28T09:00:00+07:00")


def sign_in(portal: Portal, who: str) -> None:
    assert portal.client.get(f"/l/{portal.tokens[who]}", follow_redirects=False).status_code == 303


def ids_in(text: str) -> list[int]:
    return [int(i) for i in re.findall(r'<a href="/subtasks/(\d+)" class="title">', text)]


def next_link(text: str) -> str | None:
    found = re.search(r'<a rel="next" href="([^"]+)"', text)
    return html.unescape(found.group(1)) if found else None


def test_an_agency_home_has_three_tabs_with_their_counts(portal: Portal) -> None:
    done = portal.subtask("bo-tri-lai-bo-phan-mot-cua", TOWN)
    portal.force_status(done, SubtaskStatus.AWAITING_CONFIRMATION)
    sign_in(portal, TOWN)
    home = portal.client.get("/")
    assert home.status_code == 200
    tabs = dict(re.findall(r'<a href="/\?tab=(\w+)"[^>]*>[^<]*\((\d+)\)</a>', home.text))
    assert tabs == {"todo": "14", "awaiting": "1", "closed": "0"}
    assert "Hiển thị 1–14 trong 14 việc" in home.text and done not in ids_in(home.text)
    waiting = portal.client.get("/?tab=awaiting")
    assert ids_in(waiting.text) == [done] and 'aria-current="page">Chờ xác nhận' in waiting.text
    assert "Không có việc nào." in portal.client.get("/?tab=closed").text
    refused = portal.client.get("/?tab=tat-ca")
    assert refused.status_code == 422 and "todo, awaiting, closed" in refused.text


def test_the_list_pages_in_due_date_order_and_keeps_its_filters(portal: Portal) -> None:
    clock.set_now(LATER)
    sign_in(portal, "coordinator")
    url: str | None = "/subtasks?timeliness=near_due"
    seen: list[int] = []
    first = portal.client.get(url).text
    total = int(re.search(r"trong (\d+) việc", first).group(1))  # type: ignore[union-attr]
    assert total > 100 and "Hiển thị 1–50" in first
    while url:
        text = portal.client.get(url).text
        assert 'option value="near_due" selected' in text
        seen += ids_in(text)
        url = next_link(text)
        assert url is None or "timeliness=near_due" in url
    assert len(seen) == len(set(seen)) == total
    with portal.ctx.session() as session:
        from dondoc.reading.queries import SubtaskFilter, page_subtasks
        from dondoc.record.enums import Timeliness

        expected = page_subtasks(
            session,
            SubtaskFilter(timeliness=Timeliness.NEAR_DUE),
            now=LATER,
            calendar=portal.ctx.calendar,
            limit=1000,
        )
    assert seen == [v.id for v in expected.items]


def test_a_directive_shows_the_first_of_each_task_and_links_to_all(portal: Portal) -> None:
    sign_in(portal, "coordinator")
    page = portal.client.get("/directives/1").text
    links = [
        html.unescape(u) for u in re.findall(r'<a href="(/subtasks\?directive=[^"]+&amp;task=[^"]+)">', page)
    ]
    assert links, "a fan-out to every village has more subtasks than the page shows"
    listed = portal.client.get(links[0]).text
    total = int(re.search(r"trong (\d+) việc", listed).group(1))  # type: ignore[union-attr]
    task = links[0].rsplit("task=", 1)[1]
    assert total > 20 and f"Nhiệm vụ {task} của văn bản 125-KL/HU" in listed


@pytest.mark.parametrize(
    ("who", "query", "status", "words"),
    [
        ("coordinator", "status=xong", 422, "trạng thái không hợp lệ"),
        ("coordinator", "timeliness=som", 422, "tiến độ không hợp lệ"),
        ("coordinator", "agency=XA-KHONG-CO", 422, "không có cơ quan 'XA-KHONG-CO'"),
        (TOWN, f"agency={STRANGER}", 403, "không được xem việc"),
    ],
)
def test_bad_or_foreign_filters_are_refused_in_vietnamese(
    portal: Portal, who: str, query: str, status: int, words: str
) -> None:
    sign_in(portal, who)
    answer = portal.client.get(f"/subtasks?{query}")
    assert answer.status_code == status and words in html.unescape(answer.text) and "<html" in answer.text


def test_signed_out_the_list_asks_for_a_link(portal: Portal) -> None:
    assert portal.client.get("/subtasks").status_code == 401
