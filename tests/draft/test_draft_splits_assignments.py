"""Where one paragraph holds several assignments: ";"-joined clauses that give different bodies
different work, "X chủ trì, phối hợp với Y, Z", a report after the work, "đồng thời …" and
"nhất là …" opening another instruction, and in running prose every ";" an instruction of the
last addressee."""

from __future__ import annotations

import datetime as dt

from tests.draft_documents import conclusion, draft_of, only_task


def _leads(*items: str) -> list[tuple[str | None, list[str], str | None]]:
    return [(t.lead, t.support, t.text) for t in draft_of(conclusion(*items)).tasks]


def test_clauses_for_different_bodies_are_different_tasks() -> None:
    leads = _leads(
        "Giao Phòng Giáo dục và Đào tạo rà soát cơ sở vật chất các trường học; Phòng Tài chính - Kế hoạch "
        "bố trí kinh phí sửa chữa; đề nghị Huyện đoàn tổ chức ngày hội tình nguyện."
    )
    assert [(lead, support) for lead, support, _ in leads] == [("PGDDT", []), ("PTCKH", []), ("HDOAN", [])]


def test_the_lead_coordinates_with_the_supporting_bodies() -> None:
    task = only_task(
        "Phòng Tài nguyên và Môi trường chủ trì, phối hợp với Phòng Kinh tế và Hạ tầng, "
        "Ủy ban nhân dân các xã, thị trấn kiểm tra việc khai thác khoáng sản trái phép."
    )
    assert (task.lead, task.support) == ("PTNMT", ["PKTHT"])
    assert task.support_text == ["Phòng Kinh tế và Hạ tầng", "Ủy ban nhân dân các xã, thị trấn"]


def test_the_report_of_the_results_is_its_own_task_by_the_same_day() -> None:
    drafted = draft_of(
        conclusion(
            "Thanh tra huyện kiểm tra việc chi trả chế độ, báo cáo kết quả về Ủy ban nhân dân huyện trước ngày 20/4/2020."
        )
    )
    assert [(t.lead, t.due_date) for t in drafted.tasks] == [("TTRA", dt.date(2020, 4, 20))] * 2
    assert drafted.tasks[1].text == "Báo cáo kết quả về Ủy ban nhân dân huyện trước ngày 20/4/2020."
    assert any(note.startswith("due: lấy theo hạn báo cáo kết quả") for note in drafted.tasks[0].review)


def test_also_and_especially_open_another_instruction_only_with_a_new_action() -> None:
    also = draft_of(
        conclusion(
            "Công an huyện tăng cường tuần tra ban đêm, đồng thời xử lý nghiêm các trường hợp đua xe trái phép."
        )
    )
    assert [t.text for t in also.tasks] == [
        "Công an huyện tăng cường tuần tra ban đêm.",
        "Đồng thời xử lý nghiêm các trường hợp đua xe trái phép.",
    ]
    # "đồng thời là …" is not an action; "đặc biệt là quan tâm giải quyết …" narrows the same one
    for item in (
        "Huyện đoàn kiện toàn tổ chức cơ sở đoàn theo hướng bí thư chi đoàn đồng thời là trưởng thôn.",
        "Phòng Nội vụ giải quyết công việc của công dân, đặc biệt là quan tâm giải quyết công việc tồn đọng.",
    ):
        assert len(draft_of(conclusion(item)).tasks) == 1
    especially = draft_of(
        conclusion(
            "Phòng Văn hóa và Thông tin chỉnh trang các tuyến phố chính nhất là bảo đảm an toàn phòng cháy tại các lễ hội."
        )
    )
    assert len(especially.tasks) == 2 and especially.tasks[1].lead == "PVHTT"


def test_in_running_prose_each_semicolon_is_an_instruction_of_the_last_addressee() -> None:
    drafted = draft_of(
        (
            "Theo đó, Ban Thường vụ Tỉnh ủy yêu cầu các huyện ủy, thị ủy rà soát đội ngũ cán bộ; chuẩn bị "
            "phương án nhân sự; yêu cầu Ban Tổ chức Tỉnh ủy hướng dẫn quy trình giới thiệu nhân sự; theo dõi, "
            "tổng hợp kết quả.\n"
        ).splitlines()
    )
    assert [(t.lead_text, t.text) for t in drafted.tasks] == [
        ("các huyện ủy, thị ủy", "Yêu cầu các huyện ủy, thị ủy rà soát đội ngũ cán bộ."),
        ("các huyện ủy, thị ủy", "Chuẩn bị phương án nhân sự."),
        ("Ban Tổ chức Tỉnh ủy", "Yêu cầu Ban Tổ chức Tỉnh ủy hướng dẫn quy trình giới thiệu nhân sự."),
        ("Ban Tổ chức Tỉnh ủy", "Theo dõi, tổng hợp kết quả."),
    ]
