"""`dondoc export` / `dondoc import`: a district in use (a directive, a week of sweeps with
notifications sent, work done with evidence, an extension asked, secret links) goes from SQLite
to PostgreSQL and back to SQLite, and every row and evidence file arrives as it left."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import select

from dondoc.context import Context
from dondoc.cycle import escalate_once
from dondoc.notify.dispatch import dispatch_page
from dondoc.reading.queries import list_subtasks
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.models import AccessToken
from dondoc.registration import plan_from_file, register_directive
from dondoc.work import evidence
from dondoc.work.access import issue_link
from dondoc.work.actions import complete
from dondoc.work.extensions import request_extension
from tests.cli_helpers import dondoc
from tests.conftest import SEED_REGISTERED_AT, SEED_SPEC
from tests.databases import rows_of_every_table, sqlite_url

# the smallest PNG there is: the evidence check reads its first bytes
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
WEEK = [clock.parse_instant(f"2020-04-{day}T09:00:00+07:00") for day in (13, 14, 15, 16, 17)]


def _use(monkeypatch: pytest.MonkeyPatch, home: Path, url: str) -> Context:
    monkeypatch.setenv("DONDOC_HOME", str(home))
    monkeypatch.setenv("DONDOC_DATABASE_URL", url)
    return Context.load()


def _district_in_use(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx.initialise()
    registered = clock.parse_instant(SEED_REGISTERED_AT)
    register_directive(ctx, plan_from_file(ctx, SEED_SPEC), update=False, actor=Actor("VPHU"), now=registered)
    monkeypatch.setenv("DONDOC_NOTIFY_REDIRECT", "dondocfile://")
    for morning in WEEK[:2]:
        escalate_once(ctx, now=morning, limit=10_000)
        asyncio.run(dispatch_page(ctx, now=morning, limit=10_000))
    checked = evidence.check("bien-ban.png", PNG)
    evidence.save(ctx.settings.home, checked, PNG)
    with ctx.session() as session:
        views = list_subtasks(session, now=WEEK[2], calendar=ctx.calendar, agency="XA-HOABINH")
        open_ones = [v for v in views if v.status == "pending"]
        complete(
            session,
            subtask_id=open_ones[0].id,
            actor=Actor("XA-HOABINH", source="web"),
            now=WEEK[2],
            calendar=ctx.calendar,
            note="Đã họp dân, có biên bản",
            evidence=[checked],
        )
        request_extension(
            session,
            subtask_id=open_ones[1].id,
            actor=Actor("XA-HOABINH", source="web"),
            now=WEEK[2],
            calendar=ctx.calendar,
            reason="Chờ kinh phí của huyện",
            proposed_on=dt.date(2020, 5, 15),
        )
        issue_link(session, code="XA-HOABINH", coordinator=False, rotate=False, now=WEEK[2])
        issue_link(session, code="VPHU", coordinator=True, rotate=False, now=WEEK[2])


def _export(path: Path) -> list[str]:
    result = dondoc("export", str(path), "--json")
    assert result.exit_code == 0, result.output
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["format"] == "dondoc-export"
    return lines[1:]  # the header says when it was exported; everything after must be equal


def _import(path: Path) -> dict:
    result = dondoc("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_sqlite_to_postgresql_to_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path, new_postgres_database: Callable[[], str]
) -> None:
    first_home, pg_home, last_home = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    first = _use(monkeypatch, first_home, sqlite_url(first_home))
    _district_in_use(first, monkeypatch)
    original = _export(tmp_path / "a.jsonl")
    tables = {json.loads(line)["table"] for line in original if '"table"' in line[:10]}
    assert {"subtask", "event", "notification", "evidencefile", "extensionrequest", "accesstoken"} <= tables
    assert any(line.startswith('{"file":') for line in original)

    pg = _use(monkeypatch, pg_home, new_postgres_database())
    imported = _import(tmp_path / "a.jsonl")
    assert imported["files"] == 1 and imported["tables"]["subtask"] == 194
    assert _export(tmp_path / "b.jsonl") == original
    assert evidence.path_for(pg_home, evidence.check("x.png", PNG).sha256).read_bytes() == PNG
    # PostgreSQL's ids go on after the imported ones
    with pg.session() as session:
        issue_link(session, code="XA-HOABINH", coordinator=False, rotate=True, now=WEEK[3])
    with pg.session() as session:
        ids = sorted(t.id for t in session.exec(select(AccessToken)).all() if t.id is not None)
    assert ids == [1, 2, 3]
    assert _export(tmp_path / "b2.jsonl") != original

    _use(monkeypatch, last_home, sqlite_url(last_home))
    _import(tmp_path / "b.jsonl")
    assert _export(tmp_path / "c.jsonl") == original
    assert rows_of_every_table(sqlite_url(last_home)) == rows_of_every_table(sqlite_url(first_home))
