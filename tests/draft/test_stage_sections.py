"""The sections of a body, case by case (cases/sections.yaml)."""

from __future__ import annotations

from typing import Any

import pytest

from dondoc.draft.blocks import Block
from dondoc.draft.sections import closing_at, is_assessment, is_intro
from dondoc.draft.shapes.listed import not_tasking
from dondoc.draft.words import key
from tests.draft.case_rows import rows


@pytest.mark.parametrize("case", rows("sections"))
def test_a_paragraph_is_in_its_section(case: dict[str, Any]) -> None:
    text = case["text"]
    if "intro" in case:
        assert is_intro(Block(text)) is case["intro"]
    if "closes" in case:
        assert (closing_at([Block(text)]) == 0) is case["closes"]
    if "not_tasking" in case:
        assert not_tasking(key(text)) is case["not_tasking"]
    if "looks_back" in case:
        assert is_assessment(text) is case["looks_back"]
