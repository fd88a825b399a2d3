"""A body as the text names it, where the names of a written list begin and end, and a list of
names without repeats."""

from __future__ import annotations

from dataclasses import dataclass

from dondoc.directives.registry import AgencyInfo
from dondoc.draft.body_words import SEPARATORS


@dataclass
class Named:
    """A body the text names: resolved to the registry, or kept as written."""

    written: str
    agency: AgencyInfo | None = None

    @property
    def value(self) -> str:
        return self.agency.code if self.agency else self.written


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
