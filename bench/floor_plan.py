"""What the floor replays: dondoc's SQL for one kind of request, recorded at run time
(bench/floor_record.py), with each parameter said to be a constant, a value of the request, or
a value an earlier statement of the same request returned. Plain Python: the floor's workers
load it without dondoc, SQLAlchemy or pydantic."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Const:
    value: Any


@dataclass(frozen=True)
class Input:
    """A value of the request: token_hash, limit, offset, subtask_id, note."""

    name: str


@dataclass(frozen=True)
class Cell:
    """A value an earlier statement returned: its row `row`, column `column`."""

    step: int
    row: int
    column: int


@dataclass(frozen=True)
class LastRowId:
    """The row id an earlier INSERT gave (SQLite's cursor.lastrowid)."""

    step: int


Source = Input | Cell | LastRowId


@dataclass(frozen=True)
class Encoded:
    """A source inside a text: as str() gives it, or as it sits inside JSON ("json")."""

    source: Source
    encoding: str


@dataclass(frozen=True)
class Text:
    """A text built from literal parts and sources (an actor, a note in an audit row's JSON)."""

    parts: tuple[str | Encoded, ...]


@dataclass(frozen=True)
class Column:
    """An expanding IN list: one placeholder per row an earlier statement returned."""

    step: int
    column: int


Slot = Const | Input | Cell | LastRowId | Text
Group = tuple[Slot, ...] | Column


@dataclass(frozen=True)
class Statement:
    """SQL as fragments around groups of placeholders; `many` holds executemany's parameter sets
    (then `groups` is empty); `required`: an UPDATE … RETURNING whose row must come back (dondoc
    answers 409 and rolls back when it does not); `counts_total`: the page's count, which dondoc
    leaves out when a first page is shorter than its limit (the total is then its length)."""

    fragments: tuple[str, ...]
    groups: tuple[Group, ...]
    many: tuple[tuple[Slot, ...], ...] | None = None
    required: bool = False
    counts_total: bool = False
    separators: tuple[str, ...] = ()  # between a group's placeholders: ", " or "::INTEGER, "

    @property
    def verb(self) -> str:
        return verb(self.fragments[0])


def verb(sql: str) -> str:
    """SELECT, UPDATE …; PING for the empty statement SQLAlchemy's pool sends before a checkout."""
    word = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ";"
    return "PING" if word == ";" else word


Step = Statement | str  # a statement, or "commit" / "rollback" (the DBAPI connection's own)


@dataclass
class Plan:
    """One kind of request: its steps, and where its answer's values are."""

    steps: list[Step]
    placeholder: str
    # pages: the statement whose rows are the page, the columns the clients read, the total's
    rows_step: int | None = None
    columns: dict[str, int] = field(default_factory=dict)
    total_step: int | None = None
    # statement counts by verb, and commits, as dondoc issued them (for the self-check)
    issued: dict[str, int] = field(default_factory=dict)

    def replayed(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for step in self.steps:
            key = step.verb if isinstance(step, Statement) else step.upper()
            counts[key] = counts.get(key, 0) + 1
        return counts


class Missing(LookupError):
    """A row the request needs did not come back (unknown token, a subtask no longer open)."""


@dataclass
class Result:
    rows: list[tuple[Any, ...]]
    lastrowid: int | None
    names: list[str]


def _source(source: Source, inputs: dict[str, Any], results: list[Result]) -> Any:
    if isinstance(source, Input):
        return inputs[source.name]
    if isinstance(source, LastRowId):
        return results[source.step].lastrowid
    rows = results[source.step].rows
    if source.row >= len(rows):
        raise Missing(f"statement {source.step} returned {len(rows)} rows")
    return rows[source.row][source.column]


def encode(value: Any, encoding: str) -> str:
    text = str(value)
    return json.dumps(text)[1:-1] if encoding == "json" else text


def value_of(slot: Slot, inputs: dict[str, Any], results: list[Result]) -> Any:
    if isinstance(slot, Const):
        return slot.value
    if isinstance(slot, Text):
        return "".join(
            p if isinstance(p, str) else encode(_source(p.source, inputs, results), p.encoding)
            for p in slot.parts
        )
    return _source(slot, inputs, results)


def bind(
    statement: Statement, placeholder: str, inputs: dict[str, Any], results: list[Result]
) -> tuple[str, list[Any]]:
    """The statement's SQL and parameters for this request (executemany: a list of sets)."""
    if statement.many is not None:
        sets = [[value_of(s, inputs, results) for s in one] for one in statement.many]
        return statement.fragments[0], sets
    sql, params = [statement.fragments[0]], []
    for group, after, separator in zip(
        statement.groups, statement.fragments[1:], statement.separators, strict=True
    ):
        if isinstance(group, Column):
            values = [row[group.column] for row in results[group.step].rows]
            if not values:
                raise Missing(f"statement {group.step} returned no rows for an IN list")
        else:
            values = [value_of(s, inputs, results) for s in group]
        sql += [separator.join([placeholder] * len(values)), after]
        params += values
    return "".join(sql), params


def _short_first_page(plan: Plan, inputs: dict[str, Any], results: list[Result]) -> bool:
    assert plan.rows_step is not None and plan.rows_step < len(results)
    return inputs["offset"] == 0 and len(results[plan.rows_step].rows) < inputs["limit"]


def replay(connection: Any, plan: Plan, inputs: dict[str, Any]) -> list[Result]:
    """Run the plan's steps on a DBAPI connection; rolls back and raises Missing when a row the
    request needs is not there."""
    results: list[Result] = []
    try:
        for step in plan.steps:
            if isinstance(step, str):
                getattr(connection, step)()
                continue
            if step.counts_total and _short_first_page(plan, inputs, results):
                results.append(Result([(len(results[-1].rows),)], None, []))
                continue
            sql, params = bind(step, plan.placeholder, inputs, results)
            cursor = connection.cursor()
            if step.many is not None:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)
            rows = cursor.fetchall() if cursor.description else []
            if step.required and not rows:
                raise Missing("the conditional update changed nothing")
            names = [d[0] for d in cursor.description or ()]
            results.append(Result(rows, getattr(cursor, "lastrowid", None), names))  # psycopg: none
            cursor.close()
    except Missing:
        connection.rollback()
        raise
    return results
