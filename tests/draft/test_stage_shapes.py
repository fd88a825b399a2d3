"""Document shapes, case by case (cases/shapes.yaml): which shapes claim a body, what they read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dondoc.draft.agencies import AgencyFinder
from dondoc.draft.assignments import Resolved
from dondoc.draft.paragraphs import blocks
from dondoc.draft.shapes import Context, read_shapes
from dondoc.draft.webcopy import read_web_copy
from dondoc.record.workcalendar import WorkCalendar
from tests.draft.case_rows import rows
from tests.draft_documents import registry


def _read(text: str) -> list[tuple[str, dict[str, Any]]]:
    finder = AgencyFinder(registry(), own=False)
    context = Context(finder, dt.date(2026, 1, 5), WorkCalendar(), decision=False)
    found = []
    for reading in read_shapes(blocks(read_web_copy(text.splitlines())), context):
        for entry in reading.entries:
            if isinstance(entry, Resolved):
                task = {"text": entry.text, "lead": entry.lead_text, "where": entry.review[0]}
            else:
                lead = entry.inherited.written if entry.inherited else None
                task = {"text": entry.text, "lead": lead}
            found.append((reading.shape, task))
    return found


@pytest.mark.parametrize("case", rows("shapes"))
def test_a_shape_reads_its_blocks(case: dict[str, Any]) -> None:
    found = _read(case["text"])
    if "shapes" in case:
        assert list(dict.fromkeys(shape for shape, _ in found)) == case["shapes"]
    tasks = [task for _, task in found]
    expected = case["tasks"]
    assert len(tasks) == len(expected), [t["text"] for t in tasks]
    for task, want in zip(tasks, expected, strict=True):
        assert task["text"].startswith(want["text"]), task["text"]
        if not want.get("optional"):
            assert task["lead"] == want["lead"]
        if "where" in want:
            assert task["where"] == f"text: {want['where']}"
