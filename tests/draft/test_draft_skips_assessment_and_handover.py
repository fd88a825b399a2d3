"""A conclusion first says how things went ("Thời gian qua, … đã …; tuy nhiên … còn chậm"), and a
text ends by handing itself over ("… thông báo để các cơ quan, đơn vị biết, thực hiện./.",
"Nhận được công văn này, đề nghị …", "Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./."):
neither is work for anybody, even when numbered like the items."""

from __future__ import annotations

import pytest

from dondoc.draft.sections import is_assessment
from tests.draft_documents import draft_of

CONCLUSION = """UBND TỈNH MINH HẢI
VĂN PHÒNG
Số: 77/TB-VP
Minh Hải, ngày 09 tháng 9 năm 2025

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về tiến độ xây dựng trường học

Ngày 05/9/2025, Chủ tịch UBND tỉnh chủ trì cuộc họp với các sở, ngành và UBND các xã, phường. Sau khi nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau:

1. Năm qua, các đơn vị đã tập trung chỉ đạo, nhiều công trình được đưa vào sử dụng đúng hạn. Tuy nhiên, một số công trình còn chậm, việc bàn giao mặt bằng chưa đáp ứng yêu cầu.

2. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Xây dựng rà soát danh mục phòng học xuống cấp, báo cáo trước ngày 30/9/2025.

3. UBND các xã, phường khẩn trương bàn giao mặt bằng sạch cho chủ đầu tư trong tháng 10/2025.

Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.
"""


def test_the_assessment_and_the_handover_are_not_tasks() -> None:
    drafted = draft_of(CONCLUSION.splitlines())
    assert [task.text.split(" ")[0] for task in drafted.tasks] == ["Sở", "UBND"]
    assert [task.due_date.isoformat() if task.due_date else None for task in drafted.tasks] == [
        "2025-09-30",
        "2025-10-31",
    ]


def test_the_communes_of_a_province_are_not_the_districts_committee() -> None:
    communes = draft_of(CONCLUSION.splitlines()).tasks[1]
    assert (communes.lead, communes.lead_text) == (None, "UBND các xã, phường")
    assert any(note.startswith("lead: 'UBND các xã, phường'") for note in communes.review)


@pytest.mark.parametrize(
    "closing",
    [
        "Nhận được công văn này, đề nghị các đơn vị nghiêm túc triển khai thực hiện./.",
        "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.",
        "Văn phòng Huyện ủy thông báo để các chi, đảng bộ cơ sở biết, thực hiện.",
    ],
)
def test_a_closing_formula_ends_the_items(closing: str) -> None:
    lines = [*CONCLUSION.splitlines()[:-1], closing]
    assert len(draft_of(lines).tasks) == 2


@pytest.mark.parametrize(
    ("text", "assessing"),
    [
        ("Thời gian qua, các xã đã tích cực triển khai; tuy nhiên tiến độ còn chậm.", True),
        ("Nhìn chung, công tác tuyên truyền được quan tâm, chưa đáp ứng yêu cầu.", True),
        ("Thời gian tới, các xã tập trung hoàn thành việc rà soát trước ngày 15/10.", False),
        ("Năm qua còn chậm; yêu cầu các xã khẩn trương hoàn thành trong tháng 10.", False),
        ("UBND các xã đã được giao chỉ tiêu, cần hoàn thành trong quý IV.", False),
    ],
)
def test_what_looks_back_and_asks_nothing(text: str, assessing: bool) -> None:
    assert is_assessment(text) is assessing


WORKING_VISIT = """HUYỆN ỦY SƠN LÂM
Số: 150-KL/HU
Sơn Lâm, ngày 05 tháng 6 năm 2020

KẾT LUẬN
của Thường trực Huyện ủy tại buổi làm việc với Đảng ủy xã

Thường trực Huyện ủy kết luận như sau:

1. Đánh giá chung
Đảng ủy xã đã lãnh đạo hoàn thành nhiều chỉ tiêu; tuy nhiên công tác quản lý đất đai còn bất cập.

2. Nhiệm vụ thời gian tới
- Đồng chí Bí thư Đảng ủy xã trực tiếp chỉ đạo công tác chuẩn bị đại hội đảng bộ xã.
- Giao đồng chí Phó Chủ tịch UBND huyện phụ trách khối kinh tế theo dõi, hỗ trợ xã tháo gỡ vướng mắc.
"""


def test_a_numbered_assessment_heading_covers_its_text() -> None:
    drafted = draft_of(WORKING_VISIT.splitlines())
    assert [(task.lead, task.lead_text) for task in drafted.tasks] == [
        # a person named by office is a lead as written
        (None, "Đồng chí Bí thư Đảng ủy xã"),
        # an office holder of the district's committee acts for it
        ("UBND", "đồng chí Phó Chủ tịch UBND huyện phụ trách khối kinh tế"),
    ]
