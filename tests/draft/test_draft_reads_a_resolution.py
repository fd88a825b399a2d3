"""A Nghị quyết reports the year, states its aims, lists its tasks under headings written without
a colon ("2. Nhiệm vụ, giải pháp"), then gives each body its part ("III. TỔ CHỨC THỰC HIỆN"):
the report and the aims are not tasks, the tasks under a bare heading are, and a body's name ends
where its work begins, "tuyên truyền" included."""

from __future__ import annotations

from tests.draft_documents import draft_of

RESOLUTION = """ĐẢNG BỘ TỈNH BẮC SƠN
ĐẢNG ỦY XÃ AN HÒA
*
Số: 03-NQ/ĐU
An Hòa, ngày 15 tháng 01 năm 2026

NGHỊ QUYẾT
về nhiệm vụ năm 2026

I. KẾT QUẢ THỰC HIỆN NĂM 2025
Năm 2025, thu ngân sách đạt 105% dự toán. Tuy nhiên, việc giải ngân vốn còn chậm.

II. MỤC TIÊU, NHIỆM VỤ NĂM 2026
1. Mục tiêu: tỷ lệ hộ nghèo giảm 1%; 100% thôn có nhà văn hóa.

2. Nhiệm vụ, giải pháp
- Hoàn thành giải ngân vốn đầu tư công trước ngày 31/12/2026.
- Đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính.

III. TỔ CHỨC THỰC HIỆN
1. Ủy ban nhân dân xã xây dựng kế hoạch thực hiện Nghị quyết, ban hành trong tháng 02/2026.
2. Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội xã tuyên truyền, vận động hội viên thực hiện.

T/M ĐẢNG ỦY
BÍ THƯ
"""


def test_the_tasks_and_who_does_them() -> None:
    drafted = draft_of(RESOLUTION.splitlines())
    assert drafted.issuer == "Đảng ủy xã An Hòa"
    assert [(task.text.split(" ")[0], task.lead_text) for task in drafted.tasks] == [
        ("Hoàn", None),
        ("Đẩy", None),
        ("Ủy", "Ủy ban nhân dân xã"),
        ("Ủy", "Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội xã"),
    ]
    assert drafted.tasks[0].due_date is not None and drafted.tasks[0].due_date.isoformat() == "2026-12-31"
    # the heading's words are the items' context, not a task of their own
    assert not any(task.text.startswith(("Nhiệm vụ", "Mục tiêu", "Năm 2025")) for task in drafted.tasks)
