"""Counting the SQL statements a piece of code sends (each execute or executemany is one)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from dondoc.context import Context
from dondoc.record.db import engine_for


@contextmanager
def statements(ctx: Context) -> Iterator[list[str]]:
    """The statements sent on ctx's engine while the block runs, first words kept ('UPDATE
    subtask', 'INSERT INTO notification'), with the number of parameter sets of each."""
    seen: list[str] = []

    def count(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        words = statement.split()
        head = " ".join(words[:3] if words[0] in ("INSERT", "DELETE") else words[:2])
        seen.append(head)

    engine = engine_for(ctx.settings.database_url)
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)
