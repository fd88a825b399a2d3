"""A document from above names bodies the district's registry does not have: the draft keeps their
words (`lead_text`, `support_text`), leaves `lead` empty with a note naming the closest registry
bodies, never puts the work on an unrelated body; the spec it writes is refused by the loader
until a person picks the leads, and loads once they do."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dondoc.context import Context
from dondoc.draft import draft_lines
from dondoc.record.errors import SpecError
from dondoc.registration import plan_from_file
from tests.draft_documents import calendar, draft_of, only_task, registry

CONG_DIEN = """BAN CHỈ ĐẠO PHÒNG, CHỐNG THIÊN TAI TỈNH
Số: 07/CĐ-BCH hồi 15 giờ 30 ngày 05/9/2023

CÔNG ĐIỆN

Điện:
- Ban Chỉ huy Phòng, chống thiên tai các huyện, thị xã;
- Các sở, ngành: Nông nghiệp và Phát triển nông thôn, Công Thương.

Để chủ động ứng phó với áp thấp nhiệt đới, Ban Chỉ đạo yêu cầu Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn các huyện, thị xã:

1. Kêu gọi tàu thuyền vào nơi tránh trú an toàn trước 18 giờ ngày 06/9/2023;
2. Kiểm tra các hồ đập xung yếu và báo cáo về Văn phòng thường trực Ban Chỉ đạo;
3. Ủy ban nhân dân huyện chủ trì, phối hợp với Công an huyện, Sở Công Thương bảo đảm an toàn điện./.
"""


def test_the_words_are_kept_and_the_lead_is_left_to_the_reviewer() -> None:
    drafted = draft_of(CONG_DIEN.splitlines())
    addressee = "Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn các huyện, thị xã"
    call_in, inspect, report, power = drafted.tasks
    for task in (call_in, inspect, report):
        assert (task.lead, task.lead_text) == (None, addressee)
        # never the district's People's Committee, which the text does not name here
        assert not task.support
        note = next(n for n in task.review if n.startswith("lead: "))
        assert note.startswith(f"lead: '{addressee}' không có trong danh mục cơ quan; gần nhất: ")
    assert call_in.due_text == "trước 18 giờ ngày 06/9/2023" and str(call_in.due_date) == "2023-09-06"
    assert report.text.startswith("Báo cáo về Văn phòng thường trực")  # the report is its own task
    # a body the registry knows gets its code; one it does not is kept in the words as written
    assert (power.lead, power.lead_text) == ("UBND", "Ủy ban nhân dân huyện")
    assert (power.support, power.support_text) == (["CAH"], ["Công an huyện", "Sở Công Thương"])
    assert any(
        n.startswith("support: 'Sở Công Thương' không có trong danh mục cơ quan") for n in power.review
    )
    assert not any(
        "Ban Chỉ huy Phòng, chống thiên tai các huyện" in t.text for t in drafted.tasks
    )  # recipients


def test_the_spec_carries_nulls_and_words_and_the_json_its_dates() -> None:
    drafted = draft_of(CONG_DIEN.splitlines())
    spec = drafted.as_spec()
    task = spec["tasks"][0]
    assert list(task) == [
        "id", "text", "lead", "lead_text", "support", "support_text", "due", "due_text", "fan_out",
        "depends_on", "review",
    ]  # fmt: skip
    assert (task["lead"], task["due"], task["due_text"]) == (
        None,
        "2023-09-06",
        "trước 18 giờ ngày 06/9/2023",
    )
    json_task = drafted.as_json()["tasks"][0]
    assert (json_task["due_date"], json_task["due_phrase"]) == ("2023-09-06", "trước 18 giờ ngày 06/9/2023")
    assert spec["issued_on"].isoformat() == "2023-09-05"


def _written(tmp_path: Path) -> Path:
    path = tmp_path / "draft.yaml"
    path.write_text(draft_lines(CONG_DIEN.splitlines(), registry(), calendar()).to_yaml(), encoding="utf-8")
    return path


def test_loading_refuses_a_task_whose_lead_is_still_empty(ctx: Context, tmp_path: Path) -> None:
    path = _written(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["number"], data["issuer"] = "07/CĐ-BCH", "UBND"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SpecError) as refused:
        plan_from_file(ctx, path)
    problems = refused.value.problems
    assert [p.field for p in problems] == ["tasks.0.lead", "tasks.1.lead", "tasks.2.lead"]
    # a task is named by its place, as the clerk sees it, not by the file's id
    assert "nhiệm vụ 1 chưa có cơ quan chủ trì" in str(refused.value) and "Ban Chỉ huy Phòng" in str(
        refused.value
    )


def test_filled_in_by_a_person_it_loads(ctx: Context, tmp_path: Path) -> None:
    path = _written(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["number"], data["issuer"] = "07/CĐ-BCH", "UBND"
    for task in data["tasks"]:
        task["lead"] = task["lead"] or "PNNPTNT"  # the reviewer's pick for the district
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plan = plan_from_file(ctx, path)
    assert [t.lead_code for t in plan.tasks] == ["PNNPTNT", "PNNPTNT", "PNNPTNT", "UBND"]


PROVINCE_CHI_THI = """ỦY BAN NHÂN DÂN
TỈNH HÒA AN
Số: 05/CT-UBND
Hòa An, ngày 02 tháng 01 năm 2026

CHỈ THỊ
Về bảo đảm trật tự an toàn giao thông dịp Tết

Để bảo đảm an toàn giao thông dịp Tết, Chủ tịch UBND tỉnh yêu cầu:

1. Công an tỉnh:
a) Tăng cường tuần tra, xử lý nghiêm vi phạm nồng độ cồn.
b) Xây dựng phương án phân luồng giao thông, hoàn thành trước ngày 15/01/2026.

2. Sở Xây dựng:
a) Sửa chữa mặt đường hư hỏng, bổ sung biển báo.
b) Yêu cầu các doanh nghiệp vận tải niêm yết giá vé, không tăng giá vé quá mức quy định.

3. UBND các xã, phường, đặc khu:
- Giải tỏa hành lang an toàn đường bộ trong tháng 01/2026.
"""


def test_a_provinces_bodies_are_not_the_districts_namesakes() -> None:
    drafted = draft_of(PROVINCE_CHI_THI.splitlines())
    assert drafted.issuer == "Ủy ban nhân dân tỉnh Hòa An"
    # the district's "Công an huyện" and "UBND" are not the province's police and communes
    assert [(task.lead, task.lead_text) for task in drafted.tasks] == [
        (None, "Công an tỉnh"),
        (None, "Công an tỉnh"),
        (None, "Sở Xây dựng"),
        # whom the department must require is not who leads the item
        (None, "Sở Xây dựng"),
        (None, "UBND các xã, phường, đặc khu"),
    ]
    assert all(task.fan_out is None for task in drafted.tasks)


def test_a_name_ends_with_its_place_whatever_verb_follows() -> None:
    # "tăng" is no verb the drafter knows: the name still ends after "tỉnh"
    task = only_task("Đài Phát thanh và Truyền hình tỉnh tăng thời lượng đưa tin về an toàn giao thông.")
    assert task.lead_text == "Đài Phát thanh và Truyền hình tỉnh"
    # "xã hội", "tỉnh ủy" are words of a name, not its end
    joint = only_task(
        "Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh vận động hội viên tham gia."
    )
    assert joint.lead_text == "Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh"
