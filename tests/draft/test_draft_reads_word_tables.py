"""A plan's task table as Word lays it out: a real table, a section row merged across the
columns, a lead cell merged down the rows it leads. Each task row is a task with its lead, its
supporting bodies, its deadline and its row named for the reviewer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx

from dondoc.draft import Draft, draft_file
from tests.draft_documents import calendar, registry

HEADER = [
    "ỦY BAN NHÂN DÂN TỈNH BÌNH AN",
    "Số: 45/KH-UBND",
    "Bình An, ngày 10 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "Triển khai chuyển đổi số năm 2026",
    "Giao các cơ quan, đơn vị thực hiện các nhiệm vụ tại Phụ lục kèm theo.",
    "PHỤ LỤC",
]
ROWS = [
    ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
    ["I", "NHÓM NHIỆM VỤ VỀ THỂ CHẾ", "", "", ""],
    [
        "1",
        "Rà soát quy chế quản lý dữ liệu",
        "Sở Khoa học và Công nghệ",
        "Sở Tư pháp; Sở Nội vụ",
        "Quý I/2026",
    ],
    ["2", "Ban hành danh mục dữ liệu mở", "", "UBND các xã, phường", "Tháng 6/2026"],
]


def _plan(path: Path) -> Path:
    document = docx.Document()
    for line in HEADER:
        document.add_paragraph(line)
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for r, row in enumerate(ROWS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    # the section row spans the table; the lead of row 1 leads row 2 as well
    table.cell(1, 1).merge(table.cell(1, 4))
    table.cell(2, 2).merge(table.cell(3, 2))
    document.save(str(path))
    return path


def _drafted(tmp_path: Path) -> Draft:
    return draft_file(_plan(tmp_path / "ke-hoach.docx"), registry(), calendar())


def test_each_task_row_is_a_task_with_its_columns(tmp_path: Path) -> None:
    drafted = _drafted(tmp_path)
    rows = [t for t in drafted.tasks if any("Phụ lục, dòng" in note for note in t.review)]
    assert [t.text for t in rows] == ["Rà soát quy chế quản lý dữ liệu.", "Ban hành danh mục dữ liệu mở."]
    first, _ = rows
    assert first.lead_text == "Sở Khoa học và Công nghệ"
    assert first.support_text == ["Sở Tư pháp", "Sở Nội vụ"]
    assert first.due_date == dt.date(2026, 3, 31)
    assert "text: Phụ lục, dòng 1" in first.review


def test_a_lead_merged_down_the_rows_leads_each(tmp_path: Path) -> None:
    second = next(t for t in _drafted(tmp_path).tasks if t.text.startswith("Ban hành danh mục"))
    assert second.lead_text == "Sở Khoa học và Công nghệ"
    assert second.due_date == dt.date(2026, 6, 30)


def test_a_section_row_is_no_task(tmp_path: Path) -> None:
    assert not [t for t in _drafted(tmp_path).tasks if "THỂ CHẾ" in t.text.upper()]


def test_a_plan_that_came_in_an_edxml_package_keeps_its_table(tmp_path: Path) -> None:
    from tests.documents.edxml_packages import package

    path = tmp_path / "goi.edxml"
    path.write_bytes(package([("Ke hoach 45.docx", _plan(tmp_path / "ke-hoach.docx").read_bytes())]))
    drafted = draft_file(path, registry(), calendar())
    first = next(t for t in drafted.tasks if t.text.startswith("Rà soát quy chế"))
    assert (first.lead_text, first.support_text) == ("Sở Khoa học và Công nghệ", ["Sở Tư pháp", "Sở Nội vụ"])
    assert first.due_date == dt.date(2026, 3, 31)
    assert "text: Phụ lục, dòng 1" in first.review
