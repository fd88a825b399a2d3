"""Task tables, case by case (cases/tables.yaml): the column a head names, and the rows."""

from __future__ import annotations

from typing import Any

import pytest

from dondoc.draft.blocks import SourceTable
from dondoc.draft.tables import row_blocks, task_columns, task_row, task_tables
from tests.draft.case_rows import rows


@pytest.mark.parametrize("case", rows("tables"))
def test_a_task_table_is_read_by_its_heads(case: dict[str, Any]) -> None:
    if "heads" in case:
        columns = task_columns(tuple(case["heads"]))
        assert (None if columns is None else [c.value for c in columns]) == case["columns"]
        return
    table = SourceTable(tuple(tuple(row) for row in case["rows"]))
    blocks = [block for layout in task_tables(table) for block in row_blocks(layout, "Bảng")]
    found = [{"where": block.where, "section": task_row(block).is_section} for block in blocks]
    assert found == case["blocks"]


HEAD = ("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian")
FIRST_PAGE = SourceTable((HEAD, ("1", "Rà soát cơ chế", "Sở Tài chính", "Các sở", "Thường xuyên")))
NEXT_PAGE = SourceTable((("2", "Xây dựng đề án", "Sở Nội vụ", "", "Quý I/2026"),))


def test_a_table_continued_on_the_next_page_keeps_its_columns() -> None:
    from dondoc.draft.paragraphs import blocks

    found = blocks(["PHỤ LỤC II", "", FIRST_PAGE, "\f", "2", "", NEXT_PAGE])
    rows = [block for block in found if block.cells]
    assert [(block.where, block.columns[2]) for block in rows] == [
        ("Phụ lục II, dòng 1", "lead"),
        ("Phụ lục II, dòng 2", "lead"),
    ]


def test_a_table_after_text_on_the_next_page_is_another_table() -> None:
    from dondoc.draft.paragraphs import blocks

    found = blocks([FIRST_PAGE, "\f", "Bảng tổng hợp kinh phí", NEXT_PAGE])
    assert [block.where for block in found if block.cells] == ["Bảng, dòng 1"]
