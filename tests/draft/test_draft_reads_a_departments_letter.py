"""A Công văn of a province's department: its letterhead names the province above the department
("UBND TỈNH … / SỞ Y TẾ"), and the issuer is the department, its name written as Vietnamese writes
it; each numbered item names its own body ("Các bệnh viện …", "Trạm Y tế các xã, phường …"),
which outranks the lead-in's "đề nghị các đơn vị"."""

from __future__ import annotations

import pytest

from dondoc.draft.names import name_case
from tests.draft_documents import draft_of

LETTER = """UBND TỈNH BẮC SƠN
SỞ Y TẾ
Số: 901/SYT-NV
V/v phòng, chống dịch tay chân miệng
Bắc Sơn, ngày 12 tháng 5 năm 2026

Kính gửi:
- Các bệnh viện trong tỉnh;
- Trạm Y tế các xã, phường.

Sở Y tế đề nghị các đơn vị triển khai các nội dung sau:

1. Các bệnh viện bố trí khu vực khám riêng cho trẻ em, chuẩn bị đủ thuốc và vật tư.

2. Trạm Y tế các xã, phường phối hợp với các trường mầm non khử khuẩn lớp học, hoàn thành trong tháng 5/2026.

3. Trung tâm Kiểm soát bệnh tật tỉnh giám sát ca bệnh, báo cáo Sở Y tế trước ngày 31/5/2026.

Nhận được công văn này, đề nghị các đơn vị nghiêm túc triển khai thực hiện./.
"""


def test_the_issuer_is_the_department_under_its_province() -> None:
    drafted = draft_of(LETTER.splitlines())
    assert (drafted.number, drafted.kind, drafted.issuer) == (
        "901/SYT-NV",
        "cong_van",
        "Sở Y tế tỉnh Bắc Sơn",
    )


def test_each_item_names_its_own_body() -> None:
    drafted = draft_of(LETTER.splitlines())
    assert [task.lead_text for task in drafted.tasks] == [
        "Các bệnh viện",
        "Trạm Y tế các xã, phường",
        "Trung tâm Kiểm soát bệnh tật tỉnh",
    ]
    assert drafted.tasks[1].support_text == ["các trường mầm non"]
    assert [task.due_date.isoformat() if task.due_date else None for task in drafted.tasks] == [
        None,
        "2026-05-31",
        "2026-05-31",
    ]


@pytest.mark.parametrize(
    ("capitals", "written"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
        ("UBND HUYỆN MỸ ĐỨC", "UBND huyện Mỹ Đức"),
        ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Bộ Lao động - Thương binh và Xã hội"),
        ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
        ("BAN THƯỜNG VỤ TỈNH ỦY", "Ban Thường vụ Tỉnh ủy"),
        ("HUYỆN ỦY NAM ĐÀN", "Huyện ủy Nam Đàn"),
        ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
        (
            "BAN CHỈ ĐẠO PHÒNG CHỐNG LỤT BÃO TRUNG ƯƠNG - ỦY BAN QUỐC GIA TÌM KIẾM CỨU NẠN",
            "Ban Chỉ đạo phòng chống lụt bão Trung ương - Ủy ban Quốc gia tìm kiếm cứu nạn",
        ),
        ("ĐẢNG ỦY XÃ PHÚ SƠN", "Đảng ủy xã Phú Sơn"),
        (
            "BAN CHỈ ĐẠO TRUNG ƯƠNG VỀ PHÒNG CHỐNG THIÊN TAI",
            "Ban Chỉ đạo Trung ương về phòng chống thiên tai",
        ),
    ],
)
def test_a_name_in_capitals_is_written_as_a_name(capitals: str, written: str) -> None:
    assert name_case(capitals) == written
