"""Lists at any depth ("I.", "1.", "a)", "-", "+"): an item that ends with ":" is a lead-in, and the
body it names and the deadline it sets belong to every item under it; assessment sections, the
recipients and the closing formula are not tasks. Both documents come from above the district:
their bodies are kept as written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dondoc.draft import Draft, draft_file
from tests.draft.files import write_docx, write_pdf
from tests.draft_documents import calendar, draft_of, registry, task_with

CHI_THI = """ỦY BAN NHÂN DÂN TỈNH NINH BÌNH        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                       Độc lập - Tự do - Hạnh phúc
Số: 08/CT-UBND                         Ninh Bình, ngày 20 tháng 8 năm 2020

CHỈ THỊ
Về tăng cường công tác phòng cháy, chữa cháy rừng

Thời gian qua, công tác phòng cháy, chữa cháy rừng trên địa bàn tỉnh đạt nhiều kết quả. Để chủ động phòng ngừa, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố thực hiện các nội dung sau:

1. Các sở, ban, ngành của tỉnh:
a) Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh xây dựng phương án chữa cháy rừng cấp tỉnh, hoàn thành trước ngày 15/9/2020.
b) Sở Tài chính bố trí kinh phí mua sắm trang thiết bị chữa cháy rừng trong quý IV năm 2020.
c) Tổ chức tuyên truyền về phòng cháy rừng trên các phương tiện thông tin đại chúng.
2. Ủy ban nhân dân các huyện, thành phố, trong tháng 9 năm 2020:
- Kiện toàn Ban Chỉ đạo phòng cháy, chữa cháy rừng cấp huyện;
- Rà soát các vùng rừng trọng điểm:
+ Lập bản đồ các vùng có nguy cơ cháy cao;
+ Bố trí lực lượng canh phòng trước 14 giờ ngày 30/9/2020.
3. Báo cáo kết quả thực hiện Chỉ thị này về Ủy ban nhân dân tỉnh (qua Sở Nông nghiệp và Phát triển nông thôn) hằng tháng trước ngày 25.

Chủ tịch Ủy ban nhân dân tỉnh yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện Chỉ thị này./.

Nơi nhận:
- Bộ Nông nghiệp và PTNT;
- Lưu: VT.

CHỦ TỊCH
"""

THONG_BAO = """TỈNH ỦY QUẢNG TRỊ
*
Số 445-TB/TU

ĐẢNG CỘNG SẢN VIỆT NAM
Đông Hà, ngày 13 tháng 5 năm 2022

THÔNG BÁO
KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY
về công tác phòng, chống thiên tai năm 2022

Ngày 10/5/2022, Ban Thường vụ Tỉnh ủy họp nghe Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh báo cáo. Hội nghị đã được nghe 9 ý kiến phát biểu. Ban Thường vụ Tỉnh ủy kết luận như sau:

I. ĐÁNH GIÁ CHUNG
Năm 2021, công tác phòng, chống thiên tai được triển khai chủ động; tuy nhiên vẫn còn một số hạn chế, nhất là công tác dự báo.

II. NHIỆM VỤ TRONG THỜI GIAN TỚI
1. Ban cán sự đảng Ủy ban nhân dân tỉnh:
a) Chỉ đạo rà soát, cập nhật phương án ứng phó với bão mạnh, siêu bão, hoàn thành trong quý II năm 2022.
b) Bố trí kinh phí cho công tác phòng, chống thiên tai trước ngày 30/6/2022.
2. Các huyện ủy, thị ủy, thành ủy, trong tháng 6 năm 2022:
- Kiện toàn Ban Chỉ huy phòng, chống thiên tai cấp huyện, cấp xã.
- Tổ chức diễn tập ứng phó thiên tai tại ít nhất một xã trọng điểm.
3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể chính trị - xã hội tỉnh vận động nhân dân chủ động phòng, tránh thiên tai; hằng quý báo cáo kết quả về Ban Thường vụ Tỉnh ủy.
4. Giao Văn phòng Tỉnh ủy theo dõi, đôn đốc việc thực hiện Thông báo này, báo cáo Thường trực Tỉnh ủy chậm nhất trước ngày 15/12/2022.

Nơi nhận:
- Ban Bí thư Trung ương Đảng,
- Như mục II,
- Lưu Văn phòng Tỉnh ủy.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ THƯỜNG TRỰC
"""


@pytest.fixture(scope="module")
def chi_thi() -> Draft:
    return draft_of(CHI_THI.splitlines())


def test_the_header_runs_two_columns_into_one_line(chi_thi: Draft) -> None:
    assert (chi_thi.number, chi_thi.kind, chi_thi.issued_on) == (
        "08/CT-UBND",
        "chi_thi",
        dt.date(2020, 8, 20),
    )
    assert chi_thi.issuer == "Ủy ban nhân dân tỉnh Ninh Bình"
    assert any(note.startswith("issuer: ") for note in chi_thi.review)


def test_lettered_items_take_their_headings_body(chi_thi: Draft) -> None:
    plan = task_with(chi_thi, "xây dựng phương án chữa cháy rừng")
    assert (plan.lead, plan.lead_text) == (None, "Sở Nông nghiệp và Phát triển nông thôn")
    assert plan.support_text == ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]
    assert plan.due_date == dt.date(2020, 9, 15)
    assert plan.review[0].startswith("lead: 'Sở Nông nghiệp và Phát triển nông thôn' không có trong danh mục")
    assert "Phòng Nông nghiệp và Phát triển nông thôn (PNNPTNT)" in plan.review[0]
    unnamed = task_with(chi_thi, "Tổ chức tuyên truyền về phòng cháy rừng")
    assert (unnamed.lead, unnamed.lead_text) == (None, "Các sở, ban, ngành của tỉnh")
    assert task_with(chi_thi, "trang thiết bị").due_date == dt.date(2020, 12, 31)  # "trong quý IV năm 2020"


def test_a_headings_deadline_covers_its_bullets_at_every_depth(chi_thi: Draft) -> None:
    heading_body = "Ủy ban nhân dân các huyện, thành phố"
    for words in ("Kiện toàn Ban Chỉ đạo", "Lập bản đồ"):
        task = task_with(chi_thi, words)
        assert (task.lead_text, task.due_date, task.due_text) == (
            heading_body,
            dt.date(2020, 9, 30),
            "trong tháng 9 năm 2020",
        )
    # "- Rà soát các vùng rừng trọng điểm:" only leads in to its "+" items
    assert not any(t.text.startswith("Rà soát các vùng rừng") for t in chi_thi.tasks)
    watch = task_with(chi_thi, "canh phòng")
    # the hour is kept in the phrase; the day is the deadline
    assert (watch.due, watch.due_text) == ("2020-09-30", "trước 14 giờ ngày 30/9/2020")


def test_an_item_without_a_body_takes_the_opening_lead_ins(chi_thi: Draft) -> None:
    report = task_with(chi_thi, "Báo cáo kết quả thực hiện")
    assert report.lead_text == "các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố"
    assert (report.due, report.due_date, report.due_text) == ("none", None, "hằng tháng trước ngày 25")
    assert any(note.startswith("due: hạn lặp lại") for note in report.review)


def test_the_closing_formula_and_the_recipients_are_not_tasks(chi_thi: Draft) -> None:
    assert len(chi_thi.tasks) == 7
    assert not any(
        "nghiêm túc thực hiện Chỉ thị này" in t.text or "Bộ Nông nghiệp và PTNT" in t.text
        for t in chi_thi.tasks
    )
    # nothing from above is put on a body of the district
    assert all(t.lead is None for t in chi_thi.tasks)


@pytest.fixture(scope="module")
def notice() -> Draft:
    return draft_of(THONG_BAO.splitlines())


def test_roman_sections_assessment_out_tasks_in(notice: Draft) -> None:
    texts = " ".join(t.text for t in notice.tasks)
    assert "công tác dự báo" not in texts and "9 ý kiến phát biểu" not in texts
    assert (notice.number, notice.kind, notice.issued_on) == (
        "445-TB/TU",
        "thong_bao_ket_luan",
        dt.date(2022, 5, 13),
    )
    first = notice.tasks[0]
    # the quarter of the issue date: the spec says so in its own words
    assert (first.lead_text, first.due, first.due_date) == (
        "Ban cán sự đảng Ủy ban nhân dân tỉnh",
        "end of quarter",
        dt.date(2022, 6, 30),
    )


def test_the_districts_own_body_among_those_addressed(notice: Draft) -> None:
    """ "Các huyện ủy, thị ủy, thành ủy": the district's Huyện ủy is one of them; the words stay."""
    drill = task_with(notice, "diễn tập")
    assert (drill.lead, drill.lead_text, drill.due_date) == (
        "HU",
        "Các huyện ủy, thị ủy, thành ủy",
        dt.date(2022, 6, 30),
    )
    assert drill.fan_out is None  # "cấp huyện, cấp xã" is a level, not work handed to every commune
    assert task_with(notice, "Kiện toàn Ban Chỉ huy").fan_out is None


def test_a_report_after_other_work_is_its_own_task(notice: Draft) -> None:
    report = task_with(notice, "Hằng quý báo cáo kết quả")
    assert report.lead_text == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể chính trị - xã hội tỉnh"
    assert (report.due, report.due_text) == ("none", "hằng quý")
    office = task_with(notice, "Văn phòng Tỉnh ủy theo dõi")
    assert (office.due_date, office.due_text) == (dt.date(2022, 12, 15), "chậm nhất trước ngày 15/12/2022")


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_the_same_lists_from_a_file(tmp_path: Path, chi_thi: Draft, suffix: str) -> None:
    path = tmp_path / f"chi-thi{suffix}"
    lines = CHI_THI.splitlines()
    if suffix == ".docx":
        write_docx(lines, path)
    else:
        write_pdf(lines, path, running_title="Chỉ thị số 08/CT-UBND", rows_per_page=22)
    drafted = draft_file(path, registry(), calendar())
    assert [(t.lead_text, t.due_date) for t in drafted.tasks] == [
        (t.lead_text, t.due_date) for t in chi_thi.tasks
    ]
