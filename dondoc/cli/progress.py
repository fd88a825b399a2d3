"""The progress bar of long commands (a big registration, export, import): Rich, on a terminal,
never under --json or when the output goes to a file or a pipe."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from dondoc.record import progress
from dondoc.record.progress import Advance


class _RichDisplay:
    def __init__(self, bar: Progress) -> None:
        self.bar = bar

    def stage(self, label: str, total: int) -> Advance:
        task = self.bar.add_task(label, total=total)

        def advance(done: int) -> None:
            self.bar.advance(task, done)

        return advance


@contextmanager
def progress_bar(console: Console, *, what: str, enabled: bool = True) -> Iterator[None]:
    """Show the stages the core reports while the block runs, under a first line saying `what`
    is being done (it pulses while nothing is counted yet, e.g. while Prefect starts)."""
    if not enabled or not console.is_terminal:
        yield
        return
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    with bar, progress.shown_on(_RichDisplay(bar)):
        first = bar.add_task(what, total=None)
        try:
            yield
        finally:
            bar.update(first, total=1, completed=1)
