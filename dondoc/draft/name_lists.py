"""Where the names of a written list begin and end, and a list of names without repeats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dondoc.draft.body_words import SEPARATORS

if TYPE_CHECKING:
    from dondoc.draft.agencies import Named


def list_pieces(span: str) -> list[tuple[int, int]]:
    """Where the names of a list begin and end, between its commas, semicolons and "và"."""
    found, position = [], 0
    for separator in SEPARATORS.finditer(span):
        if span[position : separator.start()].strip():
            found.append((position, separator.start()))
        position = separator.end()
    if span[position:].strip():
        found.append((position, len(span)))
    return found


def unique(names: list[Named]) -> list[Named]:
    seen: set[str] = set()
    result = []
    for name in names:
        if name.value not in seen:
            seen.add(name.value)
            result.append(name)
    return result
