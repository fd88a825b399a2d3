"""An item of the tasking part: the text of one list item or prose assignment, with the lead-ins
it sits under. Shapes give items; the clause stage (`assignments`) splits them."""

from __future__ import annotations

from dataclasses import dataclass

from dondoc.draft.agencies import Subject


@dataclass(frozen=True)
class Item:
    text: str  # without its list marker
    context: tuple[str, ...]  # the lead-ins it sits under, outermost first: a deadline there is its own
    # the addressee it takes when its own words name nobody (its heading's body, the last "yêu cầu X")
    inherited: Subject | None = None
    # from running prose: every ";" clause is its own assignment
    prose: bool = False
