"""The floor of bench/portal_load.py replays what it recorded: from two recordings of a request
(two agencies, two items, two notes), a third request's statements carry its own values, an IN
list as long as its own rows, and a conditional update that changes nothing refuses the rest."""

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from bench import floor_record
from bench.floor_derive import plan_for
from bench.floor_plan import Missing, replay

SCHEMA = """
CREATE TABLE agency (id INTEGER PRIMARY KEY, code TEXT, parent_id INTEGER);
CREATE TABLE token (hash TEXT, agency_id INTEGER);
CREATE TABLE item (id INTEGER PRIMARY KEY, agency_id INTEGER, status TEXT, note TEXT);
CREATE TABLE log (id INTEGER PRIMARY KEY, actor TEXT, detail TEXT);
INSERT INTO agency VALUES (1, 'XA-1', NULL), (2, 'XA-1-T1', 1), (3, 'XA-2', NULL), (4, 'XA-2-T1', 3),
    (5, 'XA-2-T2', 3), (6, 'XA-3', NULL);
INSERT INTO item VALUES (10, 1, 'open', NULL), (11, 2, 'open', NULL), (12, 6, 'open', NULL);
"""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def complete(connection: sqlite3.Connection, token: str, item: int, note: str) -> None:
    """A handler as dondoc's are: who is calling, what it sees, the change and its audit row."""
    cursor = connection.cursor()
    agency = cursor.execute("SELECT agency_id FROM token WHERE hash = ?", (digest(token),)).fetchone()[0]
    rows = cursor.execute(
        "SELECT id, code FROM agency WHERE id = ? OR parent_id = ?", (agency, agency)
    ).fetchall()
    marks = ", ".join("?" * len(rows))
    cursor.execute(f"SELECT count(*) FROM item WHERE agency_id IN ({marks})", [r[0] for r in rows]).fetchall()
    changed = "UPDATE item SET status = ?, note = ? WHERE id = ? AND status = ? RETURNING id"
    cursor.execute(changed, ("done", note, item, "open")).fetchall()
    detail = json.dumps({"note": note, "by": rows[0][1]})
    cursor.execute("INSERT INTO log (actor, detail) VALUES (?, ?)", (f"{rows[0][1]} (api)", detail))
    connection.commit()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "floor.db"
    with sqlite3.connect(path) as connection:
        connection.executescript(SCHEMA)
        for number, code in ((1, "a"), (3, "b"), (6, "c")):
            connection.execute("INSERT INTO token VALUES (?, ?)", (digest(code), number))
    return path


def recording(path: Path, token: str, item: int, note: str) -> tuple[dict, None, list]:
    connection = sqlite3.connect(path, factory=floor_record.SqliteConnection)
    floor_record.TRACE = []
    try:
        complete(connection, token, item, note)
        trace = floor_record.TRACE
    finally:
        floor_record.TRACE = None
        connection.close()
    return {"token_hash": digest(token), "subtask_id": item, "note": note}, None, trace


def test_a_third_request_carries_its_own_values(database: Path) -> None:
    built = plan_for(
        "done",
        [recording(database, "a", 10, "Đã xong (a)"), recording(database, "b", 11, "Xong rồi (b)")],
        "?",
    )
    assert built.check["approximate"] == [] and built.check["issued"] == built.plan.replayed()
    connection = sqlite3.connect(database)
    replay(connection, built.plan, {"token_hash": digest("c"), "subtask_id": 12, "note": "Hoàn thành (c)"})
    assert connection.execute("SELECT status, note FROM item WHERE id = 12").fetchone() == (
        "done",
        "Hoàn thành (c)",
    )
    actor, detail = connection.execute("SELECT actor, detail FROM log ORDER BY id DESC").fetchone()
    assert actor == "XA-3 (api)" and json.loads(detail) == {"note": "Hoàn thành (c)", "by": "XA-3"}


def test_an_update_that_changes_nothing_refuses_the_rest(database: Path) -> None:
    built = plan_for("done", [recording(database, "a", 10, "một"), recording(database, "b", 11, "hai")], "?")
    connection = sqlite3.connect(database)
    with pytest.raises(Missing):
        replay(connection, built.plan, {"token_hash": digest("a"), "subtask_id": 10, "note": "lại"})
    assert connection.execute("SELECT count(*) FROM log").fetchone() == (2,)
