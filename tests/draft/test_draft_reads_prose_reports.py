"""A directive told in running prose (a news report, a conclusion of a meeting): its assignments
are the sentences that assign ("… giao X chủ trì …", "… yêu cầu X …", "X có trách nhiệm …"), a
sentence opening on an action continues the one before, a sentence that only sets a time gives
it to the task before, and what happened at the meeting is not a task."""

from __future__ import annotations

import datetime as dt

import pytest

from dondoc.draft import Draft
from tests.draft_documents import draft_of, task_with

REPORT = """(Tin tỉnh) - Chiều ngày 15/3/2021, Chủ tịch UBND tỉnh ký ban hành Công văn số 812/UBND-KGVX về việc tăng cường quản lý an toàn thực phẩm trong dịp lễ hội.

Theo Công văn, thời gian qua công tác bảo đảm an toàn thực phẩm được các ngành quan tâm. Tuy nhiên, vẫn còn tình trạng kinh doanh thực phẩm không rõ nguồn gốc.

Để khắc phục tình trạng trên, Chủ tịch UBND tỉnh giao Sở Y tế chủ trì, phối hợp với Sở Công Thương, Công an tỉnh tổ chức các đoàn kiểm tra liên ngành tại các lễ hội; hoàn thành trong tháng 4/2021. Yêu cầu tổng hợp kết quả, báo cáo UBND tỉnh trước ngày 10/5/2021.

Chủ tịch UBND tỉnh cũng yêu cầu UBND các huyện, thị xã tăng cường tuyên truyền, vận động người dân sử dụng thực phẩm an toàn; chỉ đạo các xã, phường xử lý nghiêm các vi phạm. Đài Phát thanh và Truyền hình tỉnh có trách nhiệm đưa tin thường xuyên về công tác này.

Tại hội nghị, đại diện các sở đã báo cáo tình hình.

Minh Anh
"""

MEETING = """Huyện ủy họp bàn công tác chuẩn bị Đại hội Hội Nông dân

Ban Thường vụ Huyện ủy yêu cầu Hội Nông dân huyện chuẩn bị tốt các điều kiện tổ chức Đại hội

Tại cuộc họp, Ban Thường vụ Huyện ủy đã nghe Đảng đoàn Hội Nông dân huyện báo cáo tiến độ chuẩn bị Đại hội. Hội nghị đã được nghe 7 ý kiến phát biểu của các đồng chí dự họp.

Kết luận cuộc họp, đồng chí Bí thư Huyện ủy yêu cầu Đảng đoàn Hội Nông dân huyện chuẩn bị tốt các điều kiện tổ chức Đại hội, hoàn thiện dự thảo báo cáo chính trị trước ngày 20/6. Thời gian hoàn thành việc chỉnh sửa văn kiện chậm nhất ngày 30/6/2023 và gửi văn kiện về Ban Dân vận Huyện ủy để thẩm định.

Đồng chí cũng giao các cơ quan liên quan tập trung thực hiện một số nhiệm vụ trong tháng 7/2023, gồm: hoàn thiện phương án nhân sự; chuẩn bị cơ sở vật chất phục vụ Đại hội; tuyên truyền về Đại hội trên hệ thống truyền thanh.
"""

# a report that states its lead, then the instruction in full
RESTATED = """Ban Thường vụ Tỉnh ủy yêu cầu tạm hoãn các hội nghị đông người đến hết ngày 15/8/2021.

Sáng ngày 02/8/2021, Ban Thường vụ Tỉnh ủy ban hành Công văn số 1250-CV/TU về phòng, chống dịch. Theo đó, Ban Thường vụ Tỉnh ủy yêu cầu các huyện ủy, thị ủy, thành ủy tạm hoãn các hội nghị đông người đến hết ngày 15/8/2021. Đồng thời đề nghị Ủy ban Mặt trận Tổ quốc tỉnh vận động nhân dân thực hiện nghiêm các biện pháp phòng dịch.
"""


@pytest.fixture(scope="module")
def report() -> Draft:
    return draft_of(REPORT.splitlines())


def test_the_report_says_who_issued_what_and_when(report: Draft) -> None:
    assert (report.number, report.kind, report.issued_on) == (
        "812/UBND-KGVX",
        "cong_van",
        dt.date(2021, 3, 15),
    )
    assert report.issuer == "Chủ tịch UBND tỉnh"
    assert report.title == "Công văn về việc tăng cường quản lý an toàn thực phẩm trong dịp lễ hội"
    assert any(note.startswith("issued_on: ") and "15/03/2021" in note for note in report.review)


def test_the_sentences_that_assign_are_the_tasks(report: Draft) -> None:
    assert [(t.lead_text, t.due_date) for t in report.tasks] == [
        ("Sở Y tế", dt.date(2021, 4, 30)),  # "; hoàn thành trong tháng 4/2021" is its time
        ("Sở Y tế", dt.date(2021, 5, 10)),  # "Yêu cầu … báo cáo … trước ngày 10/5/2021": a second deadline
        ("UBND các huyện, thị xã", None),
        ("UBND các huyện, thị xã", None),  # "; chỉ đạo các xã, phường …": the next instruction
        ("Đài Phát thanh và Truyền hình tỉnh", None),
    ]
    inspect = report.tasks[0]
    assert inspect.text.startswith("Giao Sở Y tế chủ trì")  # the speaker and the purpose are not the task
    assert inspect.support_text == ["Sở Công Thương", "Công an tỉnh"]
    assert all(t.lead is None for t in report.tasks)


def test_what_happened_and_the_byline_are_not_tasks(report: Draft) -> None:
    texts = " ".join(t.text for t in report.tasks)
    for words in ("đã báo cáo tình hình", "Minh Anh", "không rõ nguồn gốc", "được các ngành quan tâm"):
        assert words not in texts


@pytest.fixture(scope="module")
def meeting() -> Draft:
    return draft_of(MEETING.splitlines())


def test_without_a_date_the_issue_date_stays_empty_and_days_without_a_year_stay_phrases(
    meeting: Draft,
) -> None:
    assert meeting.issued_on is None
    assert any(note.startswith("issued_on: không tìm thấy ngày ban hành") for note in meeting.review)
    draft_report = task_with(meeting, "hoàn thiện dự thảo báo cáo chính trị")
    assert (draft_report.due, draft_report.due_date, draft_report.due_text) == (
        "none",
        None,
        "trước ngày 20/6",
    )
    assert any(note.startswith("due: 'trước ngày 20/6' không ghi năm") for note in draft_report.review)
    assert draft_report.lead_text == "Đảng đoàn Hội Nông dân huyện"


def test_a_sentence_that_sets_a_time_gives_it_to_the_next_action(meeting: Draft) -> None:
    send = task_with(meeting, "Gửi văn kiện về Ban Dân vận Huyện ủy")
    assert (send.lead_text, send.due, send.due_date) == (
        "Đảng đoàn Hội Nông dân huyện",
        "2023-06-30",
        dt.date(2023, 6, 30),
    )


def test_an_announced_list_gives_a_task_each_with_its_time(meeting: Draft) -> None:
    listed = [t for t in meeting.tasks if t.due_date == dt.date(2023, 7, 31)]
    assert [t.text for t in listed] == [
        "Hoàn thiện phương án nhân sự.",
        "Chuẩn bị cơ sở vật chất phục vụ Đại hội.",
        "Tuyên truyền về Đại hội trên hệ thống truyền thanh.",
    ]
    assert len(meeting.tasks) == 5  # the headline, its lead and the meeting's course are not tasks


def test_the_speaker_stands_for_the_districts_own_body(meeting: Draft) -> None:
    """ "Ban Thường vụ Huyện ủy yêu cầu …": the district's own Huyện ủy; its fields name the leads."""
    assert meeting.issuer == "HU"
    propaganda = task_with(meeting, "Tuyên truyền về Đại hội")
    assert propaganda.lead == "BTGHU" and any("lĩnh vực" in note for note in propaganda.review)


def test_a_restated_lead_is_one_task_with_its_addressee() -> None:
    drafted = draft_of(RESTATED.splitlines())
    assert [(t.lead_text, t.due_date) for t in drafted.tasks] == [
        ("các huyện ủy, thị ủy, thành ủy", dt.date(2021, 8, 15)),
        ("Ủy ban Mặt trận Tổ quốc tỉnh", None),
    ]
    assert (drafted.number, drafted.issued_on) == ("1250-CV/TU", dt.date(2021, 8, 2))


COMMUNE_MEETING = """UBND xã Tân Hưng họp triển khai nhiệm vụ tháng 6

Sáng ngày 02/6/2026, UBND xã Tân Hưng tổ chức họp giao ban triển khai nhiệm vụ tháng 6/2026.

Kết luận cuộc họp, Chủ tịch UBND xã yêu cầu công chức Địa chính - Xây dựng phối hợp với các thôn xử lý dứt điểm các trường hợp lấn chiếm đất công, hoàn thành trước ngày 25/6/2026; công chức Văn hóa - Xã hội rà soát danh sách hộ cận nghèo, báo cáo trong tháng 6/2026.
"""


def test_a_communes_office_holders_are_named_by_their_field() -> None:
    drafted = draft_of(COMMUNE_MEETING.splitlines())
    assert drafted.issued_on == dt.date(2026, 6, 2)
    assert [(task.lead_text, task.due_date) for task in drafted.tasks] == [
        # "công chức" before a field in capitals is an office, not the addressee's staff
        ("công chức Địa chính - Xây dựng", dt.date(2026, 6, 25)),
        ("công chức Văn hóa - Xã hội", dt.date(2026, 6, 30)),
    ]
