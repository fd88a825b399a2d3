"""Who leads, who supports, how far a task fans out: matched through the agency registry, and
what is not in it kept as written and flagged with the closest names."""

from __future__ import annotations

import pytest

from tests.draft_documents import conclusion, draft_of, only_task, task_with


@pytest.mark.parametrize(
    ("item", "lead"),
    [
        ("UBND huyện chỉ đạo các phòng chuyên môn rà soát kế hoạch đầu tư.", "UBND"),
        ("Uỷ ban nhân dân huyện chỉ đạo các phòng chuyên môn rà soát kế hoạch đầu tư.", "UBND"),
        ("Ủy ban nhân dân huyện chỉ đạo các phòng chuyên môn rà soát kế hoạch đầu tư.", "UBND"),
        ("Phòng Văn hoá và Thông tin tổ chức tuyên truyền lưu động.", "PVHTT"),
        ("Giao Phòng Lao động - TB&XH chủ trì chi trả trợ cấp.", "PLDTBXH"),
        ("Hạt Kiểm lâm tăng cường tuần tra.", "HKL"),
    ],
)
def test_a_named_subject_leads(item: str, lead: str) -> None:
    task = only_task(item)
    assert task.lead == lead
    assert not any("chủ trì" in note for note in task.review)


def test_lead_and_support_of_a_coordinated_task() -> None:
    task = only_task(
        "Giao Phòng Y tế chủ trì, phối hợp với Trung tâm Y tế huyện, Công an huyện kiểm tra các cơ sở cách ly."
    )
    assert task.lead == "PYT"
    assert task.support == ["TTYT", "CAH"]


def test_addressed_to_everybody_the_executive_leads_and_it_is_flagged() -> None:
    task = only_task("Đề nghị các cơ quan, đơn vị bố trí cán bộ trực cơ quan ngoài giờ hành chính.")
    assert task.lead == "UBND"
    assert any("giao chung" in note for note in task.review)


def test_an_unknown_body_is_kept_as_written_with_the_closest_names() -> None:
    task = only_task("Bộ Y tế hướng dẫn quy trình cách ly tập trung.")
    assert (task.lead, task.lead_text) == (None, "Bộ Y tế")
    assert "lead: 'Bộ Y tế' không có trong danh mục cơ quan; gần nhất: Phòng Y tế (PYT)" in task.review[0]


def test_party_and_government_together_the_government_carries_it_out() -> None:
    task = only_task("Các cấp ủy Đảng, Chính quyền tăng cường lãnh đạo công tác phòng, chống dịch.")
    assert (task.lead, task.support) == ("UBND", ["HU"])


def test_a_paragraph_giving_two_bodies_different_work_is_two_tasks() -> None:
    drafted = draft_of(
        conclusion(
            "Phòng Y tế kiểm tra các khu cách ly tập trung; Công an huyện xử lý nghiêm các trường hợp "
            "trốn cách ly. Huyện đoàn thành lập đội thanh niên tình nguyện hỗ trợ các chốt kiểm soát."
        )
    )
    assert [t.lead for t in drafted.tasks] == ["PYT", "CAH", "HDOAN"]
    assert (
        task_with(drafted, "trốn cách ly").text == "Công an huyện xử lý nghiêm các trường hợp trốn cách ly."
    )


def test_with_nobody_named_the_field_suggests_the_lead_and_it_is_flagged() -> None:
    drafted = draft_of(
        conclusion(
            "Tăng cường công tác bảo vệ rừng, phòng cháy rừng mùa khô; tập trung giải quyết dứt điểm đơn thư "
            "khiếu nại, tố cáo tồn đọng."
        )
    )
    assert [t.lead for t in drafted.tasks] == ["HKL", "TTRA"]
    assert all(any("lĩnh vực" in note for note in t.review) for t in drafted.tasks)


@pytest.mark.parametrize(
    ("item", "kind"),
    [
        ("UBND huyện chỉ đạo rà soát hộ nghèo tới từng thôn, tổ dân phố.", "thon"),
        ("UBND huyện chỉ đạo các xã, thị trấn lập danh sách người cách ly.", "xa"),
        ("Hội Liên hiệp Phụ nữ huyện vận động mỗi hộ gia đình tự kiểm tra nhà mình.", "thon"),
    ],
)
def test_fan_out_hints(item: str, kind: str) -> None:
    task = only_task(item)
    assert task.fan_out == {"parent": "HUYEN", "kind": kind}
    assert any("fan_out" in note for note in task.review)


def test_the_communes_in_a_list_of_bodies_are_a_fan_out_not_a_supporter() -> None:
    task = only_task("Chỉ đạo Mặt trận Tổ quốc, các xã, thị trấn rà soát các hộ nghèo.")
    assert task.fan_out == {"parent": "HUYEN", "kind": "xa"}
    assert task.support == ["UBMTTQ"]
