"""The issue date: from the header line (damaged by OCR too), beside a Công điện's number, from the
first sentence of a report, with a year the same passage names; never today's date, and without
it the deadlines that need its year stay phrases."""

from __future__ import annotations

import datetime as dt

import pytest

from dondoc.record import clock
from tests.draft_documents import draft_of

BODY = "Đề nghị các cơ quan, đơn vị thực hiện như sau:\n\n1. Sở Y tế kiểm tra các cơ sở khám chữa bệnh trước ngày 30/4.\n"


@pytest.mark.parametrize(
    ("opening", "day", "note"),
    [
        (
            "SỞ Y TẾ\nSố: 12/SYT-NV\nHà Nội, ngày 13 tháng 5 năm 2022\n\nCÔNG VĂN\n",
            dt.date(2022, 5, 13),
            None,
        ),
        # OCR lost the toned letters of "tháng"
        (
            "ỦY BAN NHÂN DÂN\nS: 349/QĐ-UBND\nQuy Nhơn, ngày 26 tng 6 năm 2007\n\nQUYẾT ĐỊNH\n",
            dt.date(2007, 6, 26),
            None,
        ),
        (
            "CÔNG ĐIỆN\nSố: 02/CĐ-TW hồi 10 giờ 00 ngày 01/02/2014\nBAN CHỈ ĐẠO TRUNG ƯƠNG\n",
            dt.date(2014, 2, 1),
            None,
        ),
        (
            "Ngày 15/3/2021, Chủ tịch UBND tỉnh ký ban hành Công văn số 812/UBND-KGVX về việc kiểm tra y tế.\n",
            dt.date(2021, 3, 15),
            "issued_on: văn bản không có phần đầu: lấy ngày 15/03/2021",
        ),
        (
            "Sáng ngày 28/3/2022, tại phòng họp số 2, UBND phường tổ chức họp giao ban tháng 3/2022.\n",
            dt.date(2022, 3, 28),
            "issued_on: văn bản không ghi ngày ban hành: lấy ngày họp 28/03/2022",
        ),
        (
            "Báo Tin tức - Ngày 14/10, Sở Giáo dục và Đào tạo có văn bản gửi các trường về việc báo cáo "
            "sĩ số đầu năm học 2010 - 2011.\n",
            dt.date(2010, 10, 14),
            "issued_on: ngày không ghi năm: lấy năm 2010 theo 'năm học 2010 - 2011'",
        ),
        (
            "Chiều 20/10/2025, đồng chí Chủ tịch UBND tỉnh chủ trì cuộc họp trực tuyến với các địa phương.\n",
            dt.date(2025, 10, 20),
            "issued_on: văn bản không ghi ngày ban hành: lấy ngày họp 20/10/2025",
        ),
    ],
    ids=["header", "ocr-header", "cong-dien", "report", "meeting", "school-year", "afternoon"],
)
def test_the_issue_date(opening: str, day: dt.date, note: str | None) -> None:
    drafted = draft_of(f"{opening}\n{BODY}".splitlines())
    assert drafted.issued_on == day
    if note is not None:
        assert any(n.startswith(note) for n in drafted.review), drafted.review
    # "trước ngày 30/4" takes the year of the issue date; a day before the issue date is no deadline
    task = drafted.tasks[0]
    if day < dt.date(day.year, 4, 30):
        assert task.due_date == dt.date(day.year, 4, 30)
    else:
        assert task.due_date is None and any("trước ngày ban hành" in n for n in task.review)


def test_no_date_no_today_and_deadlines_that_need_a_year_stay_phrases() -> None:
    clock.set_now(dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC))
    try:
        drafted = draft_of(
            (
                "Cụ thể, Thủ tướng Chính phủ giao Bộ Kế hoạch và Đầu tư chủ trì chuẩn bị dự thảo Nghị quyết, "
                "trình Chính phủ trong tháng 11/2019; giao Bộ Tài chính rà soát dự toán trước ngày 20/10; "
                "giao Bộ Nội vụ hoàn thành đề án trong vòng 30 ngày.\n"
            ).splitlines()
        )
    finally:
        clock.set_now(None)
    assert drafted.issued_on is None
    assert any(note.startswith("issued_on: không tìm thấy ngày ban hành") for note in drafted.review)
    assert [(t.lead_text, t.due, t.due_date, t.due_text) for t in drafted.tasks] == [
        ("Bộ Kế hoạch và Đầu tư", "2019-11-30", dt.date(2019, 11, 30), "trong tháng 11/2019"),
        ("Bộ Tài chính", "none", None, "trước ngày 20/10"),
        ("Bộ Nội vụ", "none", None, "trong vòng 30 ngày"),
    ]
    assert all(
        any(note.startswith(f"due: '{t.due_text}'") and "issued_on" in note for note in t.review)
        for t in drafted.tasks[1:]
    )
    spec = drafted.as_spec()
    assert spec["issued_on"] is None and "issued_on: null" in drafted.to_yaml()
