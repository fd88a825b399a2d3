"""The reader's web-copy step, case by case (cases/reader.yaml)."""

from __future__ import annotations

from typing import Any

import pytest

from dondoc.draft.blocks import SourceTable
from dondoc.draft.webcopy import read_web_copy
from tests.draft.case_rows import rows


@pytest.mark.parametrize("case", rows("reader"))
def test_the_reader_reads_a_web_copy(case: dict[str, Any]) -> None:
    items = read_web_copy(case["text"].splitlines())
    lines = [item.strip() for item in items if isinstance(item, str) and item.strip()]
    tables = [[list(row) for row in item.rows] for item in items if isinstance(item, SourceTable)]
    if "lines" in case:
        assert lines == case["lines"]
    if "first_line" in case:
        assert lines[0] == case["first_line"]
    assert tables == case["tables"]
