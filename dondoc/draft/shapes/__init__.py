"""Document shapes as plug-ins: an ordered list of readers, each claiming the blocks it reads.

A task table claims its rows wherever they stand (an appendix after the signature too); a list
of numbered items and headings claims the body when it finds where its tasking part opens;
running prose, read by the sentences that assign, claims what is left. Adding a shape is adding
a class with a `read` and its cases, and a place in `SHAPES`.
"""

from __future__ import annotations

from collections.abc import Sequence

from dondoc.draft.blocks import Block
from dondoc.draft.shapes.base import Context, Reading, Shape
from dondoc.draft.shapes.listed import Listed
from dondoc.draft.shapes.prose import Prose
from dondoc.draft.shapes.table import TaskTable

SHAPES: tuple[Shape, ...] = (TaskTable(), Listed(), Prose())

__all__ = ["SHAPES", "Context", "Reading", "Shape", "read_shapes"]


def read_shapes(blocks: Sequence[Block], context: Context, shapes: Sequence[Shape] = SHAPES) -> list[Reading]:
    """Every shape's reading, in the order of the document (by the first block each claimed)."""
    open_ = list(range(len(blocks)))
    readings = []
    for shape in shapes:
        reading = shape.read(blocks, open_, context)
        if reading is None or not reading.claimed:
            continue
        readings.append(reading)
        open_ = [i for i in open_ if i not in reading.claimed]
    return sorted(readings, key=lambda reading: min(reading.claimed))
