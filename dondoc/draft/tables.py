"""Tables, read by their columns: a task table's rows become row blocks whose cells say what
they hold (content, lead, support, time, product); any other table (the letterhead's two
columns, the signature beside "Nơi nhận") is text, a cell at a time."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dondoc.draft import language
from dondoc.draft.blocks import Block, SourceTable
from dondoc.draft.words import key


class Column(StrEnum):
    NUMBER = "number"
    CONTENT = "content"
    LEAD = "lead"
    SUPPORT = "support"
    TIME = "time"
    PRODUCT = "product"
    OTHER = "other"


# the order a head is tried in: the first role it names is its role
_HEADS = (
    (Column.NUMBER, "NumberHead"),
    (Column.SUPPORT, "SupportHead"),
    (Column.LEAD, "LeadHead"),
    (Column.TIME, "TimeHead"),
    (Column.CONTENT, "ContentHead"),
    (Column.PRODUCT, "ProductHead"),
)


@dataclass(frozen=True)
class TaskRow:
    """A row of a task table, its cells by role ("" where the row has no such cell)."""

    cells: dict[Column, str]
    number: str

    @property
    def is_section(self) -> bool:
        """A section row ("I | NHÓM GIẢI PHÁP …", "I.1 | …"): a heading of the rows below it."""
        if not self.cells.get(Column.LEAD):
            return True
        return bool(language.pattern("SectionNumber").match(key(self.number))) and not self.cells.get(
            Column.TIME
        )


def column_of(head: str) -> Column:
    head_key = key(" ".join(head.split()))
    for column, part in _HEADS:
        if language.pattern(part).search(head_key):
            return column
    return Column.OTHER


def task_columns(row: tuple[str, ...]) -> tuple[Column, ...] | None:
    """The roles of a header row's cells, when the row heads a task table."""
    columns = tuple(column_of(cell) for cell in row)
    if Column.LEAD in columns and Column.CONTENT in columns:
        return columns
    return None


@dataclass(frozen=True)
class TaskTableLayout:
    """A task table split where its head row is: the cells before the head (a copy that ran the
    signature and the appendix's title into the same row), the head's roles, the rows under it."""

    before: tuple[str, ...]
    columns: tuple[Column, ...]
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def task_tables(table: SourceTable) -> list[TaskTableLayout]:
    """The task tables in a table's rows (none when it is no task table). A copy may run two
    tables into one, the second's head in the middle of a row: the first's last row, then the
    second appendix's title, then the head."""
    heads = [(i, at) for i, row in enumerate(table.rows) if (at := _head_at(row)) is not None]
    layouts: list[TaskTableLayout] = []
    carried: tuple[str, ...] = tuple(c for r in table.rows[: heads[0][0]] for c in r) if heads else ()
    for number, (index, at) in enumerate(heads):
        row = table.rows[index]
        end = heads[number + 1][0] if number + 1 < len(heads) else len(table.rows)
        head = row[at:]
        columns = task_columns(head)
        assert columns is not None
        rows = list(table.rows[index + 1 : end])
        before = carried + row[:at]
        if end < len(table.rows):
            # the next head's row: this table's last row, then what stands before that head
            following = table.rows[end]
            next_at = _head_at(following) or 0
            width = len(head)
            if next_at > width:
                rows.append(following[:width])
                carried = following[width:next_at]
            else:
                carried = following[:next_at]
        layouts.append(TaskTableLayout(before, columns, head, tuple(rows)))
    return layouts


def _head_at(row: tuple[str, ...]) -> int | None:
    """Where a task table's head begins in a row: at its number column ("TT", "STT") when it has
    one, else the whole row; None when the row heads no task table."""
    if task_columns(row) is None:
        return None
    numbers = [i for i, cell in enumerate(row) if column_of(cell) is Column.NUMBER]
    at = numbers[-1] if numbers else 0
    return at if task_columns(row[at:]) is not None else 0


def row_blocks(layout: TaskTableLayout, name: str) -> list[Block]:
    """A task table's rows as blocks (empty rows and repeats of the head, as a table continued
    over a page repeats it, left out)."""
    blocks = []
    for ordinal, row in enumerate(layout.rows, start=1):
        if row == layout.head or not any(cell.strip() for cell in row):
            continue
        cells = _aligned(row, layout.columns)
        number = cells.get(Column.NUMBER, "") or str(ordinal)
        content = cells.get(Column.CONTENT) or next((c for c in row if c and c != number), "")
        blocks.append(
            Block(
                " ".join(content.split()),
                cells=tuple(row),
                columns=tuple(column.value for column in layout.columns[: len(row)]),
                where=f"{name}, dòng {number}",
            )
        )
    return blocks


def task_row(block: Block) -> TaskRow:
    columns = tuple(Column(value) for value in block.columns)
    cells = _aligned(block.cells, columns)
    return TaskRow(cells, cells.get(Column.NUMBER, ""))


def _aligned(row: tuple[str, ...], columns: tuple[Column, ...]) -> dict[Column, str]:
    """A row's cells by role. A section row spans the table in fewer cells: its number, then its
    title in the content column. A copy that lost a row break leaves an empty cell in front."""
    while row and not row[0].strip() and (len(row) > len(columns) or len(row) <= 3):
        row = row[1:]
    if len(row) < len(columns) and len(row) <= 2:
        number, *rest = row if len(row) == 2 else ("", *row)
        return {Column.NUMBER: number.strip(), Column.CONTENT: " ".join(" ".join(rest).split())}
    cells: dict[Column, str] = {}
    for column, cell in zip(columns, row, strict=False):
        if column is not Column.OTHER and column not in cells:
            cells[column] = cell.strip()
    return cells


def text_lines(table: SourceTable) -> list[str]:
    """Any other table as text: each cell's lines, a blank line after each cell."""
    lines: list[str] = []
    for row in table.rows:
        for cell in row:
            lines += [*cell.splitlines(), ""]
    return lines
