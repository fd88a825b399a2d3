"""The one intermediate type of the drafter's stages: a block of the document.

The reader gives blocks, never bare lines: a paragraph, a heading (a line in capitals, or a
roman-numbered section), a list item with its marker, a table row with its cells. Every later
stage (header, sections, shapes, clauses, parties and deadlines) reads blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
