"""Every way a directive sets a deadline, each in a conclusion issued on 02/04/2020, and the dates
that are not deadlines."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.draft_documents import conclusion, draft_of, only_task, single_task, task_with

# Each phrasing of a deadline is a row of cases/deadlines.yaml (test_stage_deadlines.py); these
# check what the whole drafter makes of them: the task's due rule, phrase and day.
DAY_ONE_DEADLINES = [
    # (the item, its deadline phrase, the spec's due rule, the due day)
    (
        "Phòng Y tế báo cáo kết quả tiêm chủng trước ngày 30/4/2020.",
        "trước ngày 30/4/2020",
        "2020-04-30",
        dt.date(2020, 4, 30),
    ),
    (
        "Hạt Kiểm lâm huyện kiểm tra các điểm nóng cháy rừng trong vòng 15 ngày kể từ ngày 02 tháng 4 năm 2020.",
        "trong vòng 15 ngày kể từ ngày 02 tháng 4 năm 2020",
        "15 days",
        dt.date(2020, 4, 17),
    ),
    (
        "Phòng Nội vụ hoàn thiện đề án vị trí việc làm trong năm 2020.",
        "trong năm 2020",
        "end of year",
        dt.date(2020, 12, 31),
    ),
    (
        "Trung tâm Y tế huyện tổ chức tiêm chủng cuối tháng 4 và trong tháng 5/2020.",  # the later one
        "trong tháng 5/2020",
        "2020-05-31",
        dt.date(2020, 5, 31),
    ),
]


@pytest.mark.parametrize(("item", "phrase", "due", "day"), DAY_ONE_DEADLINES, ids=lambda v: str(v)[:30])
def test_a_deadline_phrase_becomes_a_due_rule(item: str, phrase: str, due: str, day: dt.date) -> None:
    task = only_task(item)
    assert (task.due_text, task.due, task.due_date) == (phrase, due, day)


def test_before_a_day_is_that_day_as_offices_read_it() -> None:
    task = only_task("Phòng Y tế báo cáo kết quả tiêm chủng trước ngày 30/4/2020.")
    assert task.due_date == dt.date(2020, 4, 30)
    assert not any(note.startswith("due:") and "30/04/2020" in note for note in task.review)


@pytest.mark.parametrize(
    ("item", "phrase"),
    [
        (
            "Các xã, thị trấn báo cáo tình hình dịch bệnh hằng tháng trước ngày 20.",
            "hằng tháng trước ngày 20",
        ),
        ("Trung tâm Y tế huyện báo cáo số ca mắc mới trước 14h hàng ngày.", "trước 14h hàng ngày"),
    ],
)
def test_a_recurring_deadline_is_flagged_without_a_date(item: str, phrase: str) -> None:
    task = only_task(item)
    assert task.due == "none" and task.due_date is None
    assert task.due_text == phrase
    assert any(note.startswith("due: hạn lặp lại") for note in task.review)


def test_the_period_a_report_covers_is_not_a_deadline() -> None:
    lines = [
        line.replace("thực hiện các nội dung như sau:", "thực hiện:")
        for line in conclusion(
            "Phòng Lao động - Thương binh và Xã hội báo cáo số hộ nghèo từ đầu năm đến ngày 15/4/2020."
        )
    ]
    task = single_task(lines)
    assert (task.due, task.due_date, task.due_text) == ("none", None, None)


@pytest.mark.parametrize(
    ("item", "phrase"),
    [
        (
            "Trung tâm Y tế huyện báo cáo Ban Chỉ đạo ngay sau khi có kết quả xét nghiệm, không chờ giao ban.",
            "ngay sau khi có kết quả xét nghiệm",
        ),
        (
            "Phòng Tư pháp thẩm định dự thảo quy chế trước khi trình Ban Thường vụ Huyện ủy.",
            "trước khi trình Ban Thường vụ Huyện ủy",
        ),
        (
            "Văn phòng Huyện ủy tạm dừng các hội nghị từ ngày 05/4/2020 cho đến khi có thông báo mới.",
            "từ ngày 05/4/2020 cho đến khi có thông báo mới",
        ),
        ("Phòng Lao động - Thương binh và Xã hội hỗ trợ kịp thời các hộ bị ảnh hưởng.", None),
    ],
)
def test_an_event_relative_deadline_is_flagged_without_a_date(item: str, phrase: str | None) -> None:
    # the intro of this document sets no period, so nothing supplies a day
    lines = conclusion(item)
    lines = [line.replace("thực hiện các nội dung như sau:", "thực hiện:") for line in lines]
    task = single_task(lines)
    assert task.due == "none" and task.due_date is None
    assert task.due_text == phrase
    assert any(("sự kiện" if phrase else "kịp thời") in note for note in task.review)


def test_report_periods_and_cited_dates_are_not_deadlines() -> None:
    task = only_task(
        "Thực hiện Chỉ thị số 16/CT-TTg ngày 31 tháng 3 năm 2020 của Thủ tướng Chính phủ, đề nghị Phòng Y tế "
        "đánh giá kết quả thực hiện Báo cáo số 99/BC-UBND, ngày 31/3/2020 về tình hình tháng 3 năm 2020 "
        "và kết quả trong tháng 3 năm 2020."
    )
    assert task.due == "none" and task.due_date is None and task.due_text is None
    assert task.text.startswith("Đề nghị Phòng Y tế")  # the cited basis is not part of the task


def test_a_period_in_the_opening_applies_to_items_without_their_own() -> None:
    lines = conclusion(
        "Phòng Y tế kiểm tra các khu cách ly.",
        "Công an huyện bảo đảm an ninh trật tự chậm nhất ngày 10/4/2020.",
    )
    lines = [
        line.replace("thực hiện các nội dung", "thực hiện trong tháng 4 năm 2020 các nội dung")
        for line in lines
    ]
    drafted = draft_of(lines)
    own = task_with(drafted, "an ninh trật tự")
    common = task_with(drafted, "khu cách ly")
    assert (own.due, own.due_date) == ("2020-04-10", dt.date(2020, 4, 10))
    assert (common.due, common.due_date, common.due_text) == (
        "end of month",
        dt.date(2020, 4, 30),
        "trong tháng 4 năm 2020",
    )
    assert any("hạn chung" in note for note in common.review)


def test_two_deadlines_in_one_paragraph_are_two_tasks() -> None:
    drafted = draft_of(
        conclusion(
            "Đề nghị các cơ quan, đơn vị rà soát danh sách trực cơ quan chậm nhất ngày 05/4/2020; "
            "báo cáo kết quả về Văn phòng Huyện ủy trước ngày 15/4/2020."
        )
    )
    assert [t.due_date for t in drafted.tasks] == [dt.date(2020, 4, 5), dt.date(2020, 4, 15)]
