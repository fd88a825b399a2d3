"""Whole documents through the drafter: the header's fields reach the draft (the header stage's
own cases are rows of `cases/header.yaml`), and the shape of the tasking part: numbered items,
"a) b)" and "-" under a lead-in that names who does them."""

from __future__ import annotations

import datetime as dt

from tests.draft_documents import draft_of, task_with

CHI_THI = """THỦ TƯỚNG CHÍNH PHỦ
-------
Số: 16/CT-TTg

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Hà Nội, ngày 31 tháng 3 năm 2020

CHỈ THỊ
Về thực hiện các biện pháp cấp bách phòng, chống dịch COVID-19

Dịch COVID-19 đang diễn biến phức tạp, nguy cơ lây nhiễm trong cộng đồng rất cao. Thủ tướng Chính phủ yêu cầu:

1. Thực hiện cách ly toàn xã hội trong vòng 15 ngày kể từ 0 giờ ngày 01 tháng 4 năm 2020 theo nguyên tắc gia đình cách ly với gia đình.

2. Bộ Y tế:
a) Hướng dẫn các địa phương quy trình cách ly, chậm nhất ngày 05/4/2020.
b) Phối hợp với Bộ Quốc phòng bảo đảm cơ sở cách ly tập trung.

3. Ủy ban nhân dân huyện:
- Chỉ đạo các xã, thị trấn cập nhật danh sách người về từ vùng dịch.
- Báo cáo Thường trực Huyện ủy ngay sau khi phát hiện ca nghi nhiễm.

Nơi nhận:
- Ban Bí thư Trung ương Đảng;
- Lưu: VT, KGVX.

THỦ TƯỚNG
Nguyễn Xuân Phúc
"""

CONG_DIEN = """ỦY BAN NHÂN DÂN
HUYỆN SƠN LÂM
Số: 05/CĐ-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Sơn Lâm, ngày 10 tháng 4 năm 2020

CÔNG ĐIỆN
Về việc tăng cường phòng, chống cháy rừng

Chủ tịch Ủy ban nhân dân huyện điện:

Chủ tịch Ủy ban nhân dân các xã, thị trấn:

a) Tổ chức trực 24/24 giờ tại các vùng rừng trọng điểm đến hết ngày 30/4/2020.

b) Huy động lực lượng tại chỗ sẵn sàng chữa cháy rừng.

Hạt Kiểm lâm huyện kiểm tra, đôn đốc, báo cáo kết quả về UBND huyện trước ngày 25/4/2020./.
"""

THONG_BAO = """HUYỆN ỦY SƠN LÂM
*
Số 140-TB/HU

ĐẢNG CỘNG SẢN VIỆT NAM
Sơn Lâm, ngày 20 tháng 4 năm 2020

THÔNG BÁO KẾT LUẬN
CỦA BAN THƯỜNG VỤ HUYỆN ỦY
Về công tác chuẩn bị đại hội đảng bộ các cấp

Ban Thường vụ Huyện ủy kết luận như sau:

1. Ban Tổ chức Huyện ủy hướng dẫn các tổ chức cơ sở đảng chuẩn bị nhân sự đại hội trong tháng 5.

2. Văn phòng Huyện ủy bảo đảm điều kiện tổ chức đại hội điểm trong quý II năm 2020.
"""


def test_an_issuer_outside_the_registry_is_flagged() -> None:
    drafted = draft_of(CHI_THI.splitlines())
    assert any("Thủ tướng Chính phủ" in note and "danh mục" in note for note in drafted.review)


def test_items_under_a_lead_in_are_that_bodys_tasks() -> None:
    drafted = draft_of(CHI_THI.splitlines())
    assert len(drafted.tasks) == 5
    guide = task_with(drafted, "Hướng dẫn các địa phương")
    # a ministry is not a body of the district: its name is kept, the lead left to the reviewer
    assert (guide.lead, guide.lead_text) == (None, "Bộ Y tế")
    cooperation = task_with(drafted, "Bộ Quốc phòng")
    assert (cooperation.lead, cooperation.lead_text) == (None, "Bộ Y tế")
    assert (cooperation.support, cooperation.support_text) == ([], ["Bộ Quốc phòng"])
    communes = task_with(drafted, "cập nhật danh sách")
    assert communes.lead == "UBND" and communes.fan_out == {"parent": "HUYEN", "kind": "xa"}
    report = task_with(drafted, "ca nghi nhiễm")
    assert report.lead == "UBND" and report.due_text == "ngay sau khi phát hiện ca nghi nhiễm"
    whole = task_with(drafted, "cách ly toàn xã hội")
    # counted from 01/4, not from the issue date 31/3
    assert (whole.due, whole.due_date) == ("2020-04-16", dt.date(2020, 4, 16))


def test_lettered_items_and_the_closing_mark() -> None:
    drafted = draft_of(CONG_DIEN.splitlines())
    # "… kiểm tra, đôn đốc, báo cáo kết quả về UBND huyện trước ngày 25/4/2020": the report is its own
    # task, and the inspection is due when its results are
    assert [t.due_date for t in drafted.tasks] == [dt.date(2020, 4, 30), None] + [dt.date(2020, 4, 25)] * 2
    assert [t.fan_out for t in drafted.tasks] == [{"parent": "HUYEN", "kind": "xa"}] * 2 + [None] * 2
    assert [t.lead for t in drafted.tasks[2:]] == ["HKL", "HKL"]


def test_numbered_items_with_periods() -> None:
    drafted = draft_of(THONG_BAO.splitlines())
    assert [(t.lead, t.due, t.due_date) for t in drafted.tasks] == [
        ("BTCHU", "2020-05-31", dt.date(2020, 5, 31)),
        ("VPHU", "end of quarter", dt.date(2020, 6, 30)),
    ]


THONG_BAO_UBND = """ỦY BAN NHÂN DÂN
HUYỆN SƠN LÂM
Số: 85/TB-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Sơn Lâm, ngày 15 tháng 5 năm 2020

THÔNG BÁO KẾT LUẬN
Của Chủ tịch UBND huyện tại cuộc họp Ban Chỉ đạo phòng, chống dịch Covid-19 huyện

Ngày 14/5/2020, đồng chí Chủ tịch UBND huyện chủ trì cuộc họp Ban Chỉ đạo. Sau khi nghe báo cáo, Chủ tịch UBND huyện kết luận như sau:

1. Phòng Y tế phối hợp với Trung tâm Y tế huyện:
- Tiếp tục giám sát chặt chẽ người về từ vùng dịch, báo cáo hằng tuần vào thứ Sáu.
- Hoàn thiện phương án khu cách ly tập trung trước ngày 25/5/2020.

2. Phòng Giáo dục và Đào tạo chỉ đạo các trường học khử khuẩn trước khi học sinh trở lại trường, hoàn thành trong tháng 5; Phòng Tài chính - Kế hoạch bố trí kinh phí mua vật tư y tế trong vòng 10 ngày làm việc kể từ ngày ký.

3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các đoàn thể vận động nhân dân thực hiện nghiêm các khuyến cáo của ngành y tế.

4. UBND các xã, thị trấn thành lập tổ giám sát cộng đồng tại từng thôn, tổ dân phố, xong trước 30/5/2020; kịp thời báo cáo các trường hợp nghi nhiễm.

Nơi nhận:
- Như mục 4;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
"""


def test_a_notice_of_the_peoples_committee() -> None:
    drafted = draft_of(THONG_BAO_UBND.splitlines())
    assert (drafted.number, drafted.kind, drafted.issuer) == ("85/TB-UBND", "thong_bao_ket_luan", "UBND")
    assert drafted.title == (
        "Thông báo kết luận của Chủ tịch UBND huyện tại cuộc họp Ban Chỉ đạo phòng, chống dịch Covid-19 huyện"
    )
    assert [(t.lead, t.support, t.due) for t in drafted.tasks] == [
        ("PYT", ["TTYT"], "none"),  # "báo cáo hằng tuần vào thứ Sáu": recurring
        ("PYT", ["TTYT"], "2020-05-25"),
        ("PGDDT", [], "end of month"),
        ("PTCKH", [], "10 working days"),
        ("UBMTTQ", ["HLHPN", "HND", "HCCB", "HDOAN", "LDLD"], "none"),
        ("UBND", [], "2020-05-30"),
        ("UBND", [], "none"),  # "; kịp thời báo cáo …": the report is its own task
    ]
    assert drafted.tasks[3].due_date == dt.date(2020, 5, 29)  # 10 working days after Friday 15/5
    assert drafted.tasks[5].fan_out == drafted.tasks[6].fan_out == {"parent": "HUYEN", "kind": "xa"}
