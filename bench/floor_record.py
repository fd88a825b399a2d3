"""Records the SQL dondoc's portal issues for an agency's page, its overdue list and a completion,
and turns two recordings of each (two agencies, two subtasks, distinct values) into the plans the
floor replays (bench/floor_plan.py).

Run by bench/portal_load.py in a child process whose environment points at a scratch copy of the
measured database (the completions it records change that copy, not the measured one):
    python bench/floor_record.py PLAN.pickle '{"communes": [...], "villages": [...]}'
It prints the self-check as JSON. The recording is at the DBAPI level (a cursor and connection of
our own under SQLAlchemy's pool), so it sees every statement, ping and commit dondoc's requests
send to the driver, with the rows they fetched.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.floor_derive import Trace, plan_for  # noqa: E402
from bench.load_clients import WORKING  # noqa: E402

# the trace being recorded (None: not recording): ["exec", sql, params, many, rows, lastrowid] or
# ["commit"] / ["rollback"]
TRACE: list[list[Any]] | None = None


def _note(op: list[Any]) -> list[Any]:
    if TRACE is not None:
        TRACE.append(op)
    return op


class _Recorded:
    """Mixed into the driver's cursor: each execute is noted, and the rows fetched after it."""

    _op: list[Any] | None = None

    def _executed(self, sql: str, params: Any, many: bool) -> None:
        self._op = _note(["exec", sql, params, many, [], None])

    def _fetched(self, rows: Any, one: bool = False) -> Any:
        if self._op is not None and rows is not None:
            self._op[4].extend([rows] if one else rows)
        return rows


class SqliteCursor(_Recorded, sqlite3.Cursor):
    def execute(self, sql: str, params: Any = (), /) -> SqliteCursor:  # type: ignore[override]
        self._executed(sql, params, False)
        super().execute(sql, params)
        if self._op is not None and self.description is None:
            self._op[5] = self.lastrowid
        return self

    def executemany(self, sql: str, params: Any, /) -> SqliteCursor:  # type: ignore[override]
        params = list(params)
        self._executed(sql, params, True)
        super().executemany(sql, params)
        return self

    def fetchone(self) -> Any:
        return self._fetched(super().fetchone(), one=True)

    def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._fetched(super().fetchmany(size) if size is not None else super().fetchmany())

    def fetchall(self) -> list[Any]:
        return self._fetched(super().fetchall())


class _NotesTransactions:
    """A connection whose commits and rollbacks are recorded with its statements."""

    def commit(self) -> None:
        _note(["commit"])
        super().commit()  # type: ignore[misc]

    def rollback(self) -> None:
        _note(["rollback"])
        super().rollback()  # type: ignore[misc]


class SqliteConnection(_NotesTransactions, sqlite3.Connection):
    def cursor(self, factory: Any = SqliteCursor) -> Any:  # type: ignore[override]
        return super().cursor(factory)


def psycopg_classes() -> tuple[type, type]:
    """The recording cursor and connection for psycopg (imported only on PostgreSQL)."""
    import psycopg

    class PgCursor(_Recorded, psycopg.Cursor):  # type: ignore[misc]
        def execute(self, query: Any, params: Any = None, **kw: Any) -> Any:
            self._executed(str(query), params, False)
            return super().execute(query, params, **kw)

        def executemany(self, query: Any, params_seq: Any, **kw: Any) -> Any:
            params_seq = list(params_seq)
            self._executed(str(query), params_seq, True)
            return super().executemany(query, params_seq, **kw)

        def fetchone(self) -> Any:
            return self._fetched(super().fetchone(), one=True)

        def fetchmany(self, size: int = 0) -> Any:
            return self._fetched(super().fetchmany(size))

        def fetchall(self) -> Any:
            return self._fetched(super().fetchall())

    class PgConnection(_NotesTransactions, psycopg.Connection):  # type: ignore[misc]
        """psycopg's connection, its commits and rollbacks recorded."""

    return PgCursor, PgConnection


def record_connections(engine: Any) -> None:
    """Every connection the engine opens from now on is a recording one."""
    from sqlalchemy import event

    postgres = engine.dialect.name == "postgresql"
    classes = psycopg_classes() if postgres else None

    @event.listens_for(engine, "do_connect")
    def connect(_dialect: Any, _record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
        if classes is None:
            cparams["factory"] = SqliteConnection
            return None
        cursor, connection = classes
        return connection.connect(*cargs, cursor_factory=cursor, **cparams)

    engine.dispose()


def recorded(call: Callable[[], Any]) -> tuple[Any, Trace]:
    """The answer to one request, and the trace of what it sent to the database."""
    global TRACE
    TRACE = []
    try:
        answer = call()
    finally:
        trace, TRACE = TRACE, None
    if answer.status_code >= 400:
        raise SystemExit(f"recording: {answer.status_code} {answer.text[:300]}")
    return answer, trace


def _open_subtasks(client: Any, code: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    """The agency's own open subtasks (a commune's list also holds its villages' work)."""
    found: list[dict[str, Any]] = []
    for status in sorted(WORKING):
        for offset in range(0, 2000, 100):
            query = {"status": status, "limit": 100, "offset": offset}
            rows = client.get("/api/subtasks", params=query, headers=headers).json()
            found += [r for r in rows if r["agency"] == code]
            if len(rows) < 100 or len(found) >= 2:
                break
    return found


def _total(client: Any, headers: dict[str, str], **query: Any) -> int:
    answer = client.get("/api/subtasks", params={"limit": 1, **query}, headers=headers)
    return int(answer.headers["x-total-count"])


def choose_samples(
    client: Any, tokens: dict[str, str], candidates: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """A commune with more than two pages of work and a village, each with open subtasks of its
    own and overdue work, in different directives where possible: values that differ between the
    two samples tell a request's values from constants."""
    chosen: list[dict[str, Any]] = []
    for kind, (pages, overdue, own) in (("communes", (101, 2, 2)), ("villages", (3, 1, 1))):
        for code in candidates[kind]:
            headers = {"Authorization": f"Bearer {tokens[code]}"}
            if _total(client, headers) < pages or _total(client, headers, timeliness="overdue") < overdue:
                continue
            mine = _open_subtasks(client, code, headers)
            if chosen:
                other = chosen[0]["subtasks"][1]
                mine.sort(key=lambda r: (r["directive"] == other["directive"], r["due"] == other["due"]))
            if len(mine) >= own:
                chosen.append({"code": code, "headers": headers, "subtasks": mine})
                break
        else:
            raise SystemExit(f"recording: no {kind[:-1]} with open and overdue work of its own")
    return chosen


# the values each sample's requests carry: the commune's (A) and the village's (B) differ in
# every value; C is the village's first page, shorter than its limit (dondoc counts no total then)
VARIANTS = {
    "A": {"page": (50, 50), "overdue": 2, "subtask": 1},
    "B": {"page": (2, 1), "overdue": 1, "subtask": 0},
    "C": {"page": (50, 0), "overdue": 50, "subtask": None},
}


def requests_of(
    sample: dict[str, Any], variant: str
) -> dict[str, tuple[dict[str, Any], Callable[[Any], Any]]]:
    """Each kind of request for a sample: its values (the floor's inputs) and how to send it."""
    values, headers = VARIANTS[variant], sample["headers"]
    token_hash = hashlib.sha256(headers["Authorization"].split()[1].encode()).hexdigest()
    (limit, offset), overdue_limit = values["page"], values["overdue"]
    page = {"limit": limit, "offset": offset}
    overdue = {"timeliness": "overdue", "limit": overdue_limit}
    kinds: dict[str, tuple[dict[str, Any], Callable[[Any], Any]]] = {
        "page": (
            {"token_hash": token_hash, **page},
            lambda c: c.get("/api/subtasks", params=page, headers=headers),
        ),
        "overdue": (
            {"token_hash": token_hash, "limit": overdue_limit, "offset": 0},
            lambda c: c.get("/api/subtasks", params=overdue, headers=headers),
        ),
    }
    if values["subtask"] is not None:
        subtask = sample["subtasks"][values["subtask"]]["id"]
        note = {"note": f"Đã thực hiện xong ({sample['code']})"}
        kinds["done"] = (
            {"token_hash": token_hash, "subtask_id": subtask, **note},
            lambda c: c.post(f"/api/subtasks/{subtask}/done", data=note, headers=headers),
        )
    return kinds


def warm_up(client: Any, sample: dict[str, Any]) -> None:
    """Each kind once before recording: the first request of a process builds its statements and
    opens its pooled connections (a one-off cost the load's warm-up also keeps out)."""
    headers = sample["headers"]
    client.get("/api/subtasks", params={"limit": 50, "offset": 0}, headers=headers)
    client.get("/api/subtasks", params={"timeliness": "overdue", "limit": 20}, headers=headers)
    warm = sample["subtasks"][0]["id"]  # not one the recording completes
    client.post(f"/api/subtasks/{warm}/done", data={"note": "warm-up"}, headers=headers)


def issue_tokens(ctx: Any, codes: list[str]) -> dict[str, str]:
    from dondoc.record.clock import now
    from dondoc.work.access import issue_link

    with ctx.session() as session:
        return {
            c: issue_link(session, code=c, coordinator=False, rotate=True, now=now()).token for c in codes
        }


def record_all(candidates: dict[str, list[str]]) -> tuple[dict[str, Any], str]:
    """Plans for the three kinds of request, and the placeholder style of the driver."""
    from starlette.testclient import TestClient

    from dondoc.context import Context
    from dondoc.portal.app import create_app
    from dondoc.record.db import engine_for

    ctx = Context.load()
    engine = engine_for(ctx.settings.database_url)
    record_connections(engine)
    tokens = issue_tokens(ctx, candidates["communes"] + candidates["villages"])
    placeholder = "?" if engine.dialect.name == "sqlite" else "%s"
    # publishing to Prefect is not the request's SQL (and no Prefect runs here)
    app = create_app(ctx, publisher=lambda _ctx, _ids: None)
    with TestClient(app) as client:
        samples = choose_samples(client, tokens, candidates)
        warm_up(client, samples[0])
        traces: dict[str, list[tuple[dict[str, Any], Any, Trace]]] = {}
        for sample, variant in ((samples[0], "A"), (samples[1], "B"), (samples[1], "C")):
            for kind, (inputs, send) in requests_of(sample, variant).items():
                answer, trace = recorded(lambda send=send: send(client))
                traces.setdefault(kind, []).append((inputs, answer, trace))
    plans = {kind: plan_for(kind, recordings, placeholder) for kind, recordings in traces.items()}
    return plans, placeholder


def main() -> None:
    out, candidates = Path(sys.argv[1]), json.loads(sys.argv[2])
    plans, _ = record_all(candidates)
    out.write_bytes(pickle.dumps({kind: built.plan for kind, built in plans.items()}))
    print(json.dumps({kind: built.check for kind, built in plans.items()}))


if __name__ == "__main__":
    main()
