"""Upgrading keeps the data: a database filled at the first migration, with rows as the code of
that time wrote them, is upgraded one migration at a time to the last, on SQLite and on
PostgreSQL; every row is still there, the new columns have their defaults, and today's code
reads it and sweeps it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlmodel.sql.sqltypes import UTCDateTime

from dondoc.context import Context
from dondoc.cycle import escalate_once
from dondoc.reading.queries import list_subtasks
from dondoc.record import clock
from dondoc.record.db import alembic_config, engine_for
from tests.databases import sqlite_url

AT = dt.datetime(2020, 4, 1, 8, 0, tzinfo=dt.UTC)
DUE = dt.datetime(2020, 4, 16, 16, 59, 59, tzinfo=dt.UTC)
POLICY = {
    "send_at": "07:00:00",
    "quiet_hours": None,
    "description": "",
    "steps": [{"kind": "due", "notify": ["assignee"]}],
}


def _table(name: str, *columns: sa.ColumnClause[Any]) -> sa.TableClause:
    return sa.table(name, *columns)


def _c(name: str, kind: Any = None) -> sa.ColumnClause[Any]:
    return sa.column(name, kind)


# the tables as migration 0001 made them, with the types the code of that time wrote through
AGENCY = _table(
    "agency",
    _c("id"),
    _c("code"),
    _c("name"),
    _c("kind"),
    _c("parent_id"),
    _c("path"),
    _c("aliases", sa.JSON()),
    _c("escalates_to_code"),
    _c("notify", sa.JSON()),
    _c("is_coordinator", sa.Boolean()),
    _c("position"),
)
DIRECTIVE = _table(
    "directive",
    _c("id"),
    _c("number"),
    _c("kind"),
    _c("title"),
    _c("issuer_code"),
    _c("issued_on", sa.Date()),
    _c("source_file"),
    _c("spec_hash"),
    _c("registered_at", UTCDateTime()),
    _c("updated_at", UTCDateTime()),
    _c("flow_run_id"),
)
TASK = _table(
    "task",
    _c("id"),
    _c("directive_id"),
    _c("key"),
    _c("position"),
    _c("text"),
    _c("lead_code"),
    _c("support_codes", sa.JSON()),
    _c("due_rule"),
    _c("due_text"),
    _c("policy_name"),
    _c("fan_out", sa.JSON()),
    _c("depends_on", sa.JSON()),
    _c("cancelled", sa.Boolean()),
)
SUBTASK = _table(
    "subtask",
    _c("id"),
    _c("task_id"),
    _c("agency_id"),
    _c("role"),
    _c("status"),
    _c("due_at", UTCDateTime()),
    _c("original_due_at", UTCDateTime()),
    _c("created_at", UTCDateTime()),
    _c("updated_at", UTCDateTime()),
    _c("acknowledged_at", UTCDateTime()),
    _c("completed_at", UTCDateTime()),
    _c("note"),
    _c("policy_name"),
    _c("policy", sa.JSON()),
    _c("next_action_at", UTCDateTime()),
)
DEPENDENCY = _table("subtaskdependency", _c("subtask_id"), _c("prerequisite_id"))
EVENT = _table(
    "event",
    _c("id"),
    _c("at", UTCDateTime()),
    _c("actor"),
    _c("action"),
    _c("source"),
    _c("directive_id"),
    _c("subtask_id"),
    _c("detail", sa.JSON()),
)
FIRST_TABLES = [AGENCY, DIRECTIVE, TASK, SUBTASK, DEPENDENCY, EVENT]


def _agency(i: int, code: str, parent: int | None, path: str, kind: str, **more: Any) -> dict[str, Any]:
    return {
        "id": i,
        "code": code,
        "name": f"Cơ quan {code}",
        "kind": kind,
        "parent_id": parent,
        "path": path,
        "aliases": [],
        "escalates_to_code": more.get("escalates"),
        "notify": ["json://127.0.0.1:9/x"],
        "is_coordinator": more.get("coordinator", False),
        "position": i,
    }


def _subtask(i: int, agency: int, status: str, due: dt.datetime | None, **more: Any) -> dict[str, Any]:
    return {
        "id": i,
        "task_id": more.get("task", 1),
        "agency_id": agency,
        "role": "lead",
        "status": status,
        "due_at": due,
        "original_due_at": due,
        "created_at": AT,
        "updated_at": AT,
        "acknowledged_at": more.get("done"),
        "completed_at": more.get("done"),
        "note": more.get("note"),
        "policy_name": "default",
        "policy": POLICY,
        "next_action_at": more.get("next"),
    }


ROWS: dict[str, list[dict[str, Any]]] = {
    "agency": [
        _agency(1, "HUYEN", None, "/HUYEN/", "huyen"),
        _agency(2, "VPHU", 1, "/HUYEN/VPHU/", "ban_dang", coordinator=True),
        _agency(3, "XA-A", 1, "/HUYEN/XA-A/", "xa", escalates="HUYEN"),
        _agency(4, "XA-A-T01", 3, "/HUYEN/XA-A/XA-A-T01/", "thon", escalates="XA-A"),
    ],
    "directive": [
        {
            "id": 1,
            "number": "7-KL/HU",
            "kind": "ket_luan",
            "title": "Kết luận cũ",
            "issuer_code": "HUYEN",
            "issued_on": dt.date(2020, 4, 1),
            "source_file": None,
            "spec_hash": "ab" * 32,
            "registered_at": AT,
            "updated_at": AT,
            "flow_run_id": None,
        }
    ],
    "task": [
        {
            "id": i,
            "directive_id": 1,
            "key": key,
            "position": i,
            "text": text,
            "lead_code": "XA-A",
            "support_codes": [],
            "due_rule": "2020-04-16",
            "due_text": None,
            "policy_name": "default",
            "fan_out": None,
            "depends_on": deps,
            "cancelled": False,
        }
        for i, key, text, deps in (
            (1, "hop-dan", "Họp dân", []),
            (2, "bao-cao", "Báo cáo kết quả", ["hop-dan"]),
        )
    ],
    "subtask": [
        _subtask(1, 3, "done", DUE, done=AT + dt.timedelta(days=3), note="Đã họp"),
        _subtask(2, 4, "pending", DUE, next=dt.datetime(2020, 4, 16, 0, 0, tzinfo=dt.UTC)),
        _subtask(3, 3, "blocked", None, task=2),
    ],
    "subtaskdependency": [{"subtask_id": 3, "prerequisite_id": 2}],
    "event": [
        {
            "id": i,
            "at": AT,
            "actor": "VPHU",
            "action": "subtask.created",
            "source": "cli",
            "directive_id": 1,
            "subtask_id": i,
            "detail": {},
        }
        for i in (1, 2, 3)
    ],
}


def _revisions(url: str) -> list[str]:
    """From the first migration to the last, whatever their number and chain."""
    script = ScriptDirectory.from_config(alembic_config(url))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _upgrade(url: str, revision: str) -> None:
    with engine_for(url).begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    with engine_for(url).connect() as connection:
        return {
            t.name: [
                tuple(r) for r in connection.execute(sa.select(*t.columns).order_by(*list(t.columns)[:2]))
            ]
            for t in FIRST_TABLES
        }


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "old")
    make: Callable[[], str] = request.getfixturevalue("new_postgres_database")
    return make()


def test_a_database_from_the_first_migration_upgrades_with_its_data(
    database: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    revisions = _revisions(database)
    assert revisions[0] == "0001" and len(revisions) >= 3
    _upgrade(database, revisions[0])
    with engine_for(database).begin() as connection:
        for table in FIRST_TABLES:
            connection.execute(sa.insert(table), ROWS[table.name])
    before = _rows(database)
    assert sum(len(rows) for rows in before.values()) == 14

    for revision in revisions[1:]:
        _upgrade(database, revision)
        assert _rows(database) == before, f"migration {revision} changed the rows"

    monkeypatch.setenv("DONDOC_DATABASE_URL", database)
    ctx = Context.load()
    with ctx.session() as session:
        cursors = session.execute(
            sa.text("SELECT id, action_cursor, action_due_at FROM subtask ORDER BY id")
        ).all()
        views = list_subtasks(session, now=DUE, calendar=ctx.calendar)
    assert [tuple(c) for c in cursors] == [(1, 0, None), (2, 0, None), (3, 0, None)]
    assert {(v.id, v.status.value) for v in views} == {(1, "done"), (2, "pending"), (3, "blocked")}
    assert next(v for v in views if v.id == 1).note == "Đã họp"
    # the policy-era cursor starts from the snapshot it always had: the due-day notice goes out once
    morning = clock.parse_instant("2020-04-16T09:00:00+07:00")
    assert escalate_once(ctx, now=morning).queued == 1
    assert escalate_once(ctx, now=morning).queued == 0
