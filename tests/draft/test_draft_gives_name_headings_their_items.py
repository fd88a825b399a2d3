"""A plan's "Tổ chức thực hiện" often lists its bodies as bare numbered headings with the work
underneath ("1. Phòng Văn hóa - Xã hội" then "- …" or a plain paragraph): every item under such a
heading is that body's, until the next heading at its level; a heading that says what it asks
for ("4. Đề nghị … phối hợp …") is a task of its own."""

from __future__ import annotations

from dondoc.draft import Draft
from tests.draft_documents import draft_of

PLAN = """ỦY BAN NHÂN DÂN
PHƯỜNG AN LẠC
Số: 18/KH-UBND
An Lạc, ngày 02 tháng 02 năm 2026

KẾ HOẠCH
Ra quân làm sạch kênh mương trước mùa mưa

I. MỤC ĐÍCH, YÊU CẦU
1. Khơi thông dòng chảy, hạn chế ngập úng cục bộ.
2. Phát huy vai trò của các tổ dân phố.

III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội
- Xây dựng tin bài, phát trên loa truyền thanh của phường.
- Tổng hợp kết quả, báo cáo Chủ tịch UBND phường trước ngày 27/02/2026.

2. Phòng Kinh tế, Hạ tầng và Đô thị
Chủ trì, phối hợp với các tổ dân phố bố trí xe thu gom bùn, rác.

3. Tổ trưởng các tổ dân phố
Vận động mỗi hộ cử người tham gia; lập danh sách gửi về phường trong tháng 02/2026.

4. Đề nghị Ủy ban MTTQ Việt Nam phường phối hợp tuyên truyền, vận động hội viên tham gia.

Trên đây là Kế hoạch ra quân của UBND phường An Lạc./.
"""


def _by_text(drafted: Draft) -> dict[str, tuple[str | None, str | None]]:
    return {task.text.split(",")[0]: (task.lead_text, task.due_text) for task in drafted.tasks}


def test_the_items_under_a_bare_name_are_that_bodys() -> None:
    drafted = draft_of(PLAN.splitlines())
    found = _by_text(drafted)
    assert found["Xây dựng tin bài"] == ("Phòng Văn hóa - Xã hội", None)
    assert found["Tổng hợp kết quả"] == ("Phòng Văn hóa - Xã hội", "trước ngày 27/02/2026")
    assert found["Chủ trì"][0] == "Phòng Kinh tế, Hạ tầng và Đô thị"
    assert found["Vận động mỗi hộ cử người tham gia; lập danh sách gửi về phường trong tháng 02/2026."] == (
        "Tổ trưởng các tổ dân phố",
        "trong tháng 02/2026",
    )
    # a plan of a ward is not the district's: nobody of the registry is put on its work
    assert all(task.lead is None for task in drafted.tasks)


def test_the_names_and_the_aims_are_not_tasks() -> None:
    drafted = draft_of(PLAN.splitlines())
    texts = [task.text for task in drafted.tasks]
    assert not any(text.startswith(("Phòng ", "Tổ trưởng", "Khơi thông", "Phát huy")) for text in texts)
    assert not any("Trên đây là" in text for text in texts)


def test_a_heading_that_asks_is_its_own_task_and_working_together_is_not_a_partner() -> None:
    drafted = draft_of(PLAN.splitlines())
    front = next(task for task in drafted.tasks if "MTTQ" in task.text)
    assert front.lead_text == "Ủy ban MTTQ Việt Nam phường"
    # "phối hợp tuyên truyền": the work done together, not a body
    assert front.support_text == []


def test_a_body_then_a_colon_then_its_work() -> None:
    lines = PLAN.replace(
        "2. Phòng Kinh tế, Hạ tầng và Đô thị\nChủ trì, phối hợp với các tổ dân phố bố trí xe thu gom bùn, rác.",
        "2. Phòng Kinh tế, Hạ tầng và Đô thị: chủ trì, phối hợp với Đội quản lý trật tự đô thị bố trí xe thu gom.",
    ).splitlines()
    task = next(task for task in draft_of(lines).tasks if "thu gom" in task.text)
    assert task.lead_text == "Phòng Kinh tế, Hạ tầng và Đô thị"
    # "Đội quản lý …": a verb after "Đội" is part of its name
    assert task.support_text == ["Đội quản lý trật tự đô thị"]
