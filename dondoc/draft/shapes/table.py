"""A task table: TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Sản phẩm.

Each row that names a body in its lead column is a task: its content cell the text, the lead
cell the lead as written, the support cell split into bodies, the time cell its deadline. A
section row (I, II, I.1 … with no body) is a heading: a period it names ("Giai đoạn 2025-2027")
is the deadline of its rows that have no time of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dondoc.draft.assignments import Resolved
from dondoc.draft.blocks import Block, BlockKind
from dondoc.draft.deadlines import Deadline, find_deadline
from dondoc.draft.parties import written_names
from dondoc.draft.shapes.base import Context, Reading
from dondoc.draft.tables import Column, TaskRow, task_row
from dondoc.draft.words import capitalise
from dondoc.record.workcalendar import WorkCalendar


class TaskTable:
    name = "task-table"

    def read(self, blocks: Sequence[Block], open_: Sequence[int], context: Context) -> Reading | None:
        rows = [i for i in open_ if blocks[i].kind is BlockKind.ROW]
        if not rows:
            return None
        entries: list[Resolved] = []
        section: Deadline | None = None
        for index in rows:
            block = blocks[index]
            row = task_row(block)
            if row.is_section:
                heading = cell_deadline(
                    row.cells.get(Column.CONTENT, ""), context.issued_on, context.calendar
                )
                # a sub-section ("I.1 …") keeps the period of its section unless it names its own
                section = heading if heading is not None and heading.has_day else section
                continue
            entries.append(_task(row, block, section, context))
        return Reading(self.name, set(rows), list(entries), table=True)


def _task(row: TaskRow, block: Block, section: Deadline | None, context: Context) -> Resolved:
    time = row.cells.get(Column.TIME, "")
    deadline = cell_deadline(time, context.issued_on, context.calendar) if time else None
    review = [f"text: {block.where}"]
    deadline_from = None
    if deadline is None and section is not None:
        deadline, deadline_from = section, "context"
    lead_written = " ".join(row.cells.get(Column.LEAD, "").split())
    lead = context.finder.resolve(lead_written)
    support_written = [" ".join(name.split()) for name in _support_names(row.cells.get(Column.SUPPORT, ""))]
    support = [n for name in support_written for n in context.finder.resolve(name)]
    if not lead:
        review.append(
            f"lead: '{lead_written}' không có trong danh mục cơ quan: chọn cơ quan hoặc giữ như văn bản"
        )
    product = row.cells.get(Column.PRODUCT, "")
    if product:
        review.append(f"text: sản phẩm: {' '.join(product.split())}")
    return Resolved(
        text=capitalise(" ".join(row.cells.get(Column.CONTENT, block.text).split()).rstrip(" .;")) + ".",
        lead=lead[0].value if len(lead) == 1 and lead[0].agency else None,
        lead_text=lead_written or None,
        support=[n.value for n in support if n.agency],
        support_text=support_written,
        deadline=deadline,
        deadline_from=deadline_from,
        fan_out=None,
        review=review,
    )


def cell_deadline(cell: str, issued_on: dt.date | None, calendar: WorkCalendar) -> Deadline | None:
    """A time cell's deadline: a period alone ("Quý III/2026") is read as "trong" that period."""
    text = " ".join(cell.split())
    return find_deadline(text, issued_on, calendar) or find_deadline(f"trong {text}", issued_on, calendar)


def _support_names(cell: str) -> list[str]:
    """A support cell's bodies: one a line, and within a line as a written list is cut."""
    return [name for line in cell.splitlines() for part in line.split(";") for name in written_names(part)]
