"""Small directive documents for the draft tests, written the way district offices write them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dondoc.directives.registry import Registry, load_agencies
from dondoc.draft import Draft, DraftTask, draft_lines
from dondoc.record.workcalendar import WorkCalendar, load_calendar

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "config"
SEED_DOCUMENT = REPO / "config" / "documents" / "ket-luan-giao-ban-thang-4-2020.txt"

HEADER = """HUYỆN ỦY SƠN LÂM
*
Số 130-KL/HU

ĐẢNG CỘNG SẢN VIỆT NAM
Sơn Lâm, ngày 02 tháng 4 năm 2020

KẾT LUẬN
CỦA THƯỜNG TRỰC HUYỆN ỦY
Tại hội nghị giao ban tháng 4 năm 2020

Ngày 01 tháng 4 năm 2020, Thường trực Huyện ủy họp nghe báo cáo tình hình kinh tế - xã hội tháng 3 năm 2020.

Trong tháng 3 năm 2020, các chỉ tiêu cơ bản đạt kế hoạch; vẫn còn một số khó khăn, hạn chế cần lưu ý như sau:

Tình hình dịch bệnh diễn biến phức tạp.

Thường trực Huyện ủy kết luận và đề nghị các cơ quan, đơn vị thực hiện các nội dung như sau:
"""

CLOSING = """
Trân trọng thông báo kết luận của Thường trực Huyện ủy đến các cơ quan, đơn vị để thực hiện.

Nơi nhận:
- Như trên.
- Lưu VPHU.
"""


@cache
def registry() -> Registry:
    return load_agencies(CONFIG)


@cache
def calendar() -> WorkCalendar:
    return load_calendar(CONFIG)


def conclusion(*items: str) -> list[str]:
    """A conclusion of the Thường trực Huyện ủy, issued 02/04/2020, assigning `items`."""
    body = "\n\n".join(items)
    return f"{HEADER}\n{body}\n{CLOSING}".splitlines()


def draft_of(lines: list[str]) -> Draft:
    return draft_lines(lines, registry(), calendar())


def single_task(lines: list[str]) -> DraftTask:
    drafted = draft_of(lines)
    assert len(drafted.tasks) == 1, [t.text for t in drafted.tasks]
    return drafted.tasks[0]


def only_task(*items: str) -> DraftTask:
    return single_task(conclusion(*items))


def task_with(drafted: Draft, words: str) -> DraftTask:
    found = [t for t in drafted.tasks if words in t.text]
    assert len(found) == 1, (words, [t.text for t in drafted.tasks])
    return found[0]
