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
