"""The clause stage's grouping, case by case (cases/assignments.yaml): which clauses of an item
make one task."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dondoc.draft.agencies import AgencyFinder
from dondoc.draft.assignments import split_item
from dondoc.draft.items import Item
from dondoc.record.workcalendar import WorkCalendar
from tests.draft.case_rows import rows
from tests.draft_documents import registry


@pytest.mark.parametrize("case", rows("assignments"))
def test_an_item_gives_its_assignments(case: dict[str, Any]) -> None:
    finder = AgencyFinder(registry(), own=False)
    item = Item(case["text"], (), None, case.get("prose", False))
    found = [a.text for a in split_item(item, finder, dt.date(2025, 12, 1), WorkCalendar())]
    assert len(found) == len(case["tasks"]), found
    for text, start in zip(found, case["tasks"], strict=True):
        assert text.startswith(start), text
