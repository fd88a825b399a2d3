"""The draft of the seed conclusion: every item after "… như sau:", its lead agency, its two
explicit deadlines; none of the assessment, the footnote or "Nơi nhận"."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from dondoc.directives.spec import read_spec
from dondoc.draft import Draft, draft_file
from dondoc.record.text import fold
from tests.conftest import SEED_SPEC
from tests.draft_documents import SEED_DOCUMENT, calendar, registry, task_with


@pytest.fixture(scope="module")
def seed_draft() -> Draft:
    return draft_file(SEED_DOCUMENT, registry(), calendar())


def _similarity(a: str, b: str) -> float:
    wa, wb = Counter(re.findall(r"\w+", fold(a))), Counter(re.findall(r"\w+", fold(b)))
    return 2 * sum((wa & wb).values()) / (sum(wa.values()) + sum(wb.values()))


def _code(name: str | None) -> str | None:
    found = registry().resolve(name) if name else None
    return found.code if found else name


def test_the_header_is_read_and_the_missing_number_is_flagged(seed_draft: Draft) -> None:
    assert seed_draft.kind == "ket_luan"
    assert seed_draft.issuer == "TTHU"
    assert seed_draft.issued_on == dt.date(2020, 4, 1)
    assert seed_draft.title == "Kết luận của Thường trực Huyện ủy tại hội nghị giao ban tháng 4 năm 2020"
    assert seed_draft.number is None
    assert any("số hiệu" in note for note in seed_draft.review)
    assert any("ngày họp" in note for note in seed_draft.review)


def test_every_item_of_the_conclusion_is_a_task_with_its_lead(seed_draft: Draft) -> None:
    spec, _ = read_spec(SEED_SPEC)
    unmatched = list(seed_draft.tasks)
    for hand in spec.tasks:
        best = max(unmatched, key=lambda t: _similarity(hand.text, t.text))
        assert _similarity(hand.text, best.text) >= 0.6, f"no drafted task for {hand.id}"
        assert _code(best.lead) == _code(hand.lead), f"{hand.id}: lead {best.lead}, expected {hand.lead}"
        unmatched.remove(best)
    assert unmatched == [], "drafted tasks the conclusion does not assign"


def test_the_two_explicit_deadlines(seed_draft: Draft) -> None:
    work_from_home = task_with(seed_draft, "làm việc bằng các hình thức")
    assert work_from_home.due == "15 days"
    assert work_from_home.due_date == dt.date(2020, 4, 16)
    assert work_from_home.due_text == "trong vòng 15 ngày kể từ ngày 01 tháng 4 năm 2020"
    postponed = task_with(seed_draft, "Tạm hoãn các cuộc hội nghị")
    assert postponed.due == "2020-04-16"
    assert postponed.due_date == dt.date(2020, 4, 16)
    assert postponed.due_text is not None and postponed.due_text.endswith("đến hết ngày 16 tháng 4 năm 2020")
    assert postponed.lead == "VPHU"


def test_the_other_items_take_the_month_the_conclusion_is_for(seed_draft: Draft) -> None:
    reform = task_with(seed_draft, "cải cách hành chính")
    assert (reform.due, reform.due_text) == ("end of year", "trong năm 2020")
    report = task_with(seed_draft, "12 nhiệm vụ trọng tâm")
    # "tháng 3 năm 2020" and "ngày 31/3/2020" there are the report's period and date, not deadlines
    assert report.due == "end of month" and report.due_date == dt.date(2020, 4, 30)
    assert any("hạn chung" in note for note in report.review)


def test_assessment_footnote_and_recipients_are_not_tasks(seed_draft: Draft) -> None:
    texts = " ".join(t.text for t in seed_draft.tasks)
    for words in ("25,1% kế hoạch", "vẫn còn gặp nhiều khó khăn", "Nơi nhận", "Lưu VPHU", "Trân trọng"):
        assert words not in texts
    assert all("¹" not in t.text for t in seed_draft.tasks)


def test_a_cut_paragraph_is_joined_again(seed_draft: Draft) -> None:
    # the seed breaks "… biện pháp của Chính" / "phủ, chỉ đạo …" over a page
    propaganda = task_with(seed_draft, "đẩy mạnh công tác tuyên truyền")
    assert "biện pháp của Chính phủ, chỉ đạo của Tỉnh ủy" in propaganda.text
    assert propaganda.lead == "BTGHU"
    assert {"UBMTTQ", "HLHPN", "HND", "HCCB", "HDOAN", "LDLD"} <= set(propaganda.support)


def test_fan_out_and_the_leaflet_chain(seed_draft: Draft) -> None:
    poor = task_with(seed_draft, "rà soát các hộ nghèo")
    assert poor.fan_out == {"parent": "HUYEN", "kind": "xa"}
    compose = task_with(seed_draft, "biên soạn tờ rơi")
    printing = task_with(seed_draft, "in ấn")
    handing_out = task_with(seed_draft, "từng thôn, tổ dân phố")
    assert compose.fan_out is None
    assert printing.fan_out == {"parent": "HUYEN", "kind": "xa"} and printing.depends_on == [compose.id]
    assert handing_out.fan_out == {"parent": "HUYEN", "kind": "thon"} and handing_out.depends_on == [
        printing.id
    ]


def test_task_ids_are_unique_slugs_without_diacritics(seed_draft: Draft) -> None:
    ids = [t.id for t in seed_draft.tasks]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids)


def test_guesses_are_flagged_for_review(seed_draft: Draft) -> None:
    forest = task_with(seed_draft, "phòng chống chữa cháy rừng")
    assert forest.lead == "HKL"
    assert any("lĩnh vực" in note for note in forest.review)
    named = task_with(seed_draft, "bộ phận một cửa")
    assert named.lead == "UBND"
    assert not any("chủ trì" in note for note in named.review)
