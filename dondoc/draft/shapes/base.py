"""What a shape is: a reader of one way documents lay out their work, claiming the blocks it
reads. The drafter tries the shapes in order (`shapes.SHAPES`); each sees the body's blocks that
no earlier shape claimed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from dondoc.draft.agencies import AgencyFinder
from dondoc.draft.assignments import Resolved
from dondoc.draft.blocks import Block
from dondoc.draft.items import Item
from dondoc.record.workcalendar import WorkCalendar


@dataclass(frozen=True)
class Context:
    finder: AgencyFinder
    issued_on: dt.date | None
    calendar: WorkCalendar
    decision: bool  # a decision: its deciding articles are not work


@dataclass
class Reading:
    """What a shape read: items for the clause stage, or assignments it resolved itself (a table
    row says its lead and its deadline in their own cells), and the blocks it claimed."""

    shape: str  # the name of the shape that read it
    claimed: set[int]
    entries: list[Item | Resolved] = field(default_factory=list)
    # the text opened its list with a lead-in ("… như sau:"); when not, the draft says so
    found_intro: bool = True
    # read from a task table: each row names its lead
    table: bool = False


class Shape(Protocol):
    name: str

    def read(self, blocks: Sequence[Block], open_: Sequence[int], context: Context) -> Reading | None:
        """Read the open blocks (indexes into `blocks`) this shape recognises; None when none."""
        ...
