"""The one intermediate type of the drafter's stages: a block of the document.

The reader gives blocks, never bare lines: a paragraph, a heading (a line in capitals, or a
roman-numbered section), a list item with its marker, a table row with its cells. Every later
stage (header, sections, shapes, clauses, parties and deadlines) reads blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from dondoc.draft.words import UPPER

# "1." "1.2." "1)" "(1)" "a)" "a." "I." "Điều 2." and bullets
LIST_MARKER = re.compile(
    r"^(?:Điều\s*\d{1,3}\s*[.:]|\d{1,2}(?:\.\d{1,2})*[.)]|\(\d{1,2}\)|[a-zđ]\)|[a-hđ]\.(?=\s+["
    + UPPER
    + r"])|"
    r"[IVXLC]{1,6}\.|[-–—•+*·▪●])\s*(?=\S)"
)


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    ITEM = "item"
    ROW = "row"


@dataclass(frozen=True)
class Block:
    text: str  # the whole text; for a row, its cells joined by " | "
    # the list marker the block began with ("1.", "a)", "-"), kept in `text`
    marker: str | None = None
    cells: tuple[str, ...] = ()  # a table row's cells, as written
    columns: tuple[str, ...] = ()  # what each cell holds, by its column's head (`tables.Column`)
    # where a reviewer finds it when the text alone does not say: "Phụ lục, dòng 3"
    where: str | None = None

    @property
    def kind(self) -> BlockKind:
        if self.cells:
            return BlockKind.ROW
        if self.marker is not None:
            return BlockKind.ITEM
        if is_heading(self.text):
            return BlockKind.HEADING
        return BlockKind.PARAGRAPH


def is_heading(line: str) -> bool:
    """A line in capitals ("KẾT LUẬN", "II. NHIỆM VỤ TRỌNG TÂM"): it stands alone."""
    return line.isupper() and sum(1 for ch in line if ch.isalpha()) >= 3


@dataclass(frozen=True)
class SourceTable:
    """A table as the source lays it out: rows of cell texts (a cell's lines joined by "\\n")."""

    rows: tuple[tuple[str, ...], ...]


# what a reader gives: lines of text ("" between paragraphs, "\f" at a page break) and tables
SourceItem = str | SourceTable
