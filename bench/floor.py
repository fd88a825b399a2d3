"""The floor: a bare ASGI app (no FastAPI, no ORM) that answers an agency's page, its overdue list
and a completion with exactly the SQL dondoc's portal sends for them, as recorded at run time
(bench/floor_record.py), on one DBAPI connection per worker process (sqlite3 or psycopg).

Served by bench/portal_load.py after dondoc's portal, on the same database, as
    FLOOR_PLAN=plan.pickle FLOOR_DATABASE_URL=sqlite:///… uvicorn bench.floor:app --workers W
It answers JSON the clients of bench/load_clients.py read: a page's rows (each with its `id`,
`agency`, `status` and the rest of its columns) and the X-Total-Count header."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from bench.floor_plan import Missing, Plan, replay

Send = Any
# one worker's own: its connection and the plans, set when it starts (lifespan)
_connection: Any = None
_plans: dict[str, Plan] = {}


def connect(url: str) -> Any:
    """A DBAPI connection as dondoc's engine opens one (the same driver and arguments)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    engine = create_engine(url)
    cargs, cparams = engine.dialect.create_connect_args(make_url(url))
    if engine.dialect.name == "sqlite":
        import sqlite3

        connection = sqlite3.connect(*cargs, **{**cparams, "check_same_thread": False})
        for pragma in ("PRAGMA busy_timeout=30000", "PRAGMA foreign_keys=ON"):
            connection.execute(pragma)  # dondoc's per-connection settings (dondoc.record.db)
        return connection
    import psycopg

    return psycopg.connect(*cargs, **cparams)


async def respond(
    send: Send, status: int, body: bytes, headers: tuple[tuple[bytes, bytes], ...] = ()
) -> None:
    head = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *headers]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})


def _token_hash(scope: dict[str, Any]) -> str:
    authorization = dict(scope["headers"]).get(b"authorization", b"").decode()
    scheme, _, token = authorization.partition(" ")
    return hashlib.sha256(token.encode()).hexdigest() if scheme.lower() == "bearer" else ""


def page(plan: Plan, inputs: dict[str, Any]) -> tuple[int, bytes, tuple[tuple[bytes, bytes], ...]]:
    results = replay(_connection, plan, inputs)
    assert plan.rows_step is not None and plan.total_step is not None
    shown, columns = results[plan.rows_step], plan.columns
    rows = [
        {**dict(zip(shown.names, row, strict=True)), **{key: row[c] for key, c in columns.items()}}
        for row in shown.rows
    ]
    total = str(results[plan.total_step].rows[0][0]).encode()
    return 200, json.dumps(rows, default=str).encode(), ((b"x-total-count", total),)


async def body_of(receive: Any) -> bytes:
    chunks, more = [], True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


async def app(scope: dict[str, Any], receive: Any, send: Send) -> None:
    global _connection
    if scope["type"] == "lifespan":
        await receive()  # startup
        _plans.update(pickle.loads(Path(os.environ["FLOOR_PLAN"]).read_bytes()))
        _connection = connect(os.environ["FLOOR_DATABASE_URL"])
        await send({"type": "lifespan.startup.complete"})
        await receive()  # shutdown
        await send({"type": "lifespan.shutdown.complete"})
        return
    path, query = scope["path"], parse_qs(scope["query_string"].decode())
    try:
        if path == "/healthz":
            await respond(send, 200, b"{}")
        elif path == "/api/subtasks" and scope["method"] == "GET":
            kind = "overdue" if query.get("timeliness") == ["overdue"] else "page"
            limit, offset = int(query.get("limit", ["100"])[0]), int(query.get("offset", ["0"])[0])
            inputs = {"token_hash": _token_hash(scope), "limit": limit, "offset": offset}
            await respond(send, *page(_plans[kind], inputs))
        elif path.startswith("/api/subtasks/") and path.endswith("/done") and scope["method"] == "POST":
            note = parse_qs((await body_of(receive)).decode()).get("note", [None])[0]
            subtask_id = int(path.split("/")[3])
            inputs = {"token_hash": _token_hash(scope), "subtask_id": subtask_id, "note": note}
            replay(_connection, _plans["done"], inputs)
            await respond(send, 200, json.dumps({"id": subtask_id}).encode())
        else:
            await respond(send, 404, b'{"detail": "not in the floor"}')
    except Missing as exc:
        await respond(send, 409, json.dumps({"detail": str(exc)}).encode())
