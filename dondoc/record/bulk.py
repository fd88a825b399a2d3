"""Many rows in, at the speed of the driver's executemany.

A Core `insert(table)` executed with a list of dicts spends most of its time in the column types'
bind processors: for 100,000 subtasks it formats the same few datetimes 600,000 times and dumps
the same policy snapshot to JSON 100,000 times (4.6 s where the driver's executemany takes
1.2 s, bench/register.py). Here the statement is the same Core insert, compiled once for the
connection's dialect, but each distinct value of a column is converted once, by that column's
own processor, and the driver gets the converted rows directly, chunk by chunk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Connection, Table, bindparam, insert, update

CHUNK = 10_000
# ids in one IN list: well under SQLite's limit on a statement's variables
IN_LIST = 1000

Row = Mapping[str, Any]
_Column = Callable[[list[Any]], list[Any]]


def _column_converter(connection: Connection, table: Table, key: str) -> _Column:
    """One column's bind processing over a list of values, each distinct value processed once."""
    column = table.c[key]
    dialect = connection.dialect
    if isinstance(column.type, JSON):
        # JSON goes in as text on both databases (PostgreSQL's statement casts it ::JSON)
        serializer = getattr(dialect, "_json_serializer", None) or json.dumps
        process: Callable[[Any], Any] | None = serializer
    else:
        process = column.type._cached_bind_processor(dialect)
    if process is None:
        return lambda values: values
    done: dict[Any, Any] = {None: None}
    by_identity = isinstance(column.type, JSON)

    def convert(values: list[Any]) -> list[Any]:
        if by_identity:
            # a policy snapshot is one dict shared by every subtask of its policy: dumped once; the
            # rows keep it alive for the whole call, so its id() is not reused meanwhile
            keys = [None if v is None else id(v) for v in values]
            for k, v in zip(keys, values, strict=True):
                if k not in done:
                    done[k] = process(v)
            return [done[k] for k in keys]
        for v in set(values) - done.keys():
            done[v] = process(v)
        return [done[v] for v in values]

    return convert


def chunks(rows: Sequence[Any], size: int = IN_LIST) -> Iterable[Sequence[Any]]:
    """The rows (or ids) a slice at a time: a statement each for a batch, an IN list each for ids."""
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def insert_rows(
    connection: Connection,
    table: Table,
    rows: Sequence[Row],
    *,
    advance: Callable[[int], None] | None = None,
    chunk: int = CHUNK,
) -> int:
    """Insert `rows` (dicts with the same keys) into `table` in the caller's transaction.

    Columns left out take their scalar Column default, else the database's (an autoincrement
    id). `advance(n)` is told after each chunk, for a progress bar."""
    if not rows:
        return 0
    keys = list(rows[0])
    defaults = {
        column.key: column.default.arg  # type: ignore[attr-defined]
        for column in table.columns
        if column.key not in keys and column.default is not None and column.default.is_scalar
    }
    compiled = insert(table).compile(
        dialect=connection.dialect, column_keys=[*keys, *defaults], for_executemany=True
    )
    order = list(compiled.positiontup) if compiled.positional and compiled.positiontup else [*keys, *defaults]
    convert = {key: _column_converter(connection, table, key) for key in order}
    for part in chunks(rows, chunk):
        columns = [
            convert[k]([defaults[k]] * len(part) if k in defaults else [row[k] for row in part])
            for k in order
        ]
        params: list[Any] = list(zip(*columns, strict=True))
        if not compiled.positional:
            params = [dict(zip(order, values, strict=True)) for values in params]
        connection.exec_driver_sql(compiled.string, params)
        if advance:
            advance(len(part))
    return len(rows)


def update_rows(connection: Connection, table: Table, rows: Sequence[Row], *, key: str = "id") -> int:
    """Update many rows by primary key in one executemany: each dict holds `key` and the new values.
    Rows with different sets of columns are grouped, one statement per set."""
    groups: dict[tuple[str, ...], list[Row]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(k for k in row if k != key)), []).append(row)
    for columns, group in groups.items():
        statement = (
            update(table)
            .where(table.c[key] == bindparam("_key"))
            .values({c: bindparam(f"_v_{c}") for c in columns})
        )
        params = [{"_key": row[key], **{f"_v_{c}": row[c] for c in columns}} for row in group]
        for part in chunks(params, CHUNK):
            connection.execute(statement, list(part))
    return len(rows)
