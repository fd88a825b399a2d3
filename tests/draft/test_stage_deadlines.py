"""The deadline stage, row by row from `cases/deadlines.yaml`: a task's words, a task table's time
cell, a section row or a line that only gives a time in, the deadline (or nothing) out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from dondoc.draft.deadlines import Deadline, find_deadline
from dondoc.draft.time_cells import cell_deadline, heading_period, time_line
from dondoc.record.workcalendar import WorkCalendar

CASES = Path(__file__).with_name("cases") / "deadlines.yaml"


def _rows() -> list[Any]:
    rows = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    return [pytest.param(row, id=f"{i:02d} {row['text'][:40]}") for i, row in enumerate(rows, 1)]


def _read(row: dict[str, Any]) -> Deadline | None:
    issued_on: dt.date | None = row.get("issued_on")
    year: int | None = row.get("year")
    if row.get("line"):
        return time_line(row["text"], issued_on, WorkCalendar(), year=year)
    if row.get("heading"):
        return heading_period(row["text"], issued_on, alone=bool(row.get("alone")))
    if row.get("cell"):
        return cell_deadline(row["text"], issued_on, WorkCalendar(), year=year)
    return find_deadline(row["text"], issued_on, WorkCalendar(), year=year)


@pytest.mark.parametrize("row", _rows())
def test_a_time_phrase_gives_its_deadline(row: dict[str, Any]) -> None:
    found = _read(row)
    expect = row["expect"]
    if expect is None:
        assert found is None
        return
    assert found is not None
    assert (found.day, found.phrase, found.kind.value) == (expect["day"], expect["phrase"], expect["kind"])
    if "due" in expect:
        assert found.due == expect["due"]
    if "note" in expect:
        assert any(expect["note"] in note for note in found.notes), found.notes
