"""How far long work has come: a big registration, an export, an import.

The core reports stages ("ghi việc con", 100,000 rows) to whatever display the process set up;
by default nothing is shown. The CLI sets a Rich progress bar when it writes to a terminal and
not --json. It is one setting for the process, like the clock, because a registration reaches
the core through a Prefect flow run and its tasks, whose parameters cannot carry a display.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

Advance = Callable[[int], None]


class Display(Protocol):
    def stage(self, label: str, total: int) -> Advance:
        """Start showing a stage of `total` units; the returned function advances it."""
        ...


def _ignore(_done: int) -> None:
    """Nothing is shown: progress is dropped."""


class _Hidden:
    def stage(self, label: str, total: int) -> Advance:
        return _ignore


_display: Display = _Hidden()


def stage(label: str, total: int) -> Advance:
    """A stage of the current display (Vietnamese label, for people)."""
    return _display.stage(label, total)


@contextmanager
def shown_on(display: Display) -> Iterator[None]:
    """Report the stages started inside the block to `display`."""
    global _display
    previous, _display = _display, display
    try:
        yield
    finally:
        _display = previous
