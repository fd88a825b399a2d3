"""A Quyết định decides in its first articles ("Điều 1. Thành lập Tổ công tác … gồm các ông, bà
có tên sau:" and the members under it; "Phê duyệt …") and assigns in the next ("Điều 2. Tổ công
tác có nhiệm vụ …", "1. Giao Sở … chủ trì …"): only the assigning articles give tasks, and the
article that names who executes the decision closes the text."""

from __future__ import annotations

from tests.draft_documents import draft_of

DECISION = """ỦY BAN NHÂN DÂN
XÃ THUẬN HÒA
Số: 41/QĐ-UBND
Thuận Hòa, ngày 06 tháng 3 năm 2026

QUYẾT ĐỊNH
Về việc thành lập Tổ công tác kiểm tra an toàn thực phẩm năm 2026

CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ THUẬN HÒA

Căn cứ Luật Tổ chức chính quyền địa phương;
Theo đề nghị của Trưởng phòng Văn hóa - Xã hội.

QUYẾT ĐỊNH:

Điều 1. Thành lập Tổ công tác kiểm tra an toàn thực phẩm năm 2026 gồm các ông, bà có tên sau:
1. Ông Lê Văn D, Phó Chủ tịch UBND xã - Tổ trưởng;
2. Bà Phạm Thị E, công chức Văn hóa - Xã hội - Tổ viên.

Điều 2.
1. Tổ công tác có nhiệm vụ kiểm tra các cơ sở kinh doanh thực phẩm, hoàn thành trước ngày 30/6/2026.
2. Giao Ban Chỉ huy Quân sự xã phối hợp bố trí lực lượng khi có yêu cầu.

Điều 3. Quyết định có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và UBND xã và các ông, bà có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.
"""


def test_only_the_assigning_articles_give_tasks() -> None:
    drafted = draft_of(DECISION.splitlines())
    assert [
        (task.lead_text, task.due_date.isoformat() if task.due_date else None) for task in drafted.tasks
    ] == [
        ("Tổ công tác", "2026-06-30"),
        # "Giao Ban …": a body after "giao", not a "giao ban" meeting
        ("Ban Chỉ huy Quân sự xã", None),
    ]
