"""Fixtures for the portal and API tests: the seed directive at 10/4/2020, secret links
for an agency, its parent, a stranger and a coordinator, and a client on the ASGI app."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from dondoc.context import Context
from dondoc.portal.app import create_app
from dondoc.reading.queries import list_subtasks
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.enums import SubtaskStatus
from dondoc.record.models import Agency, Subtask
from dondoc.registration import plan_from_file, register_directive
from dondoc.work.access import issue_link
from tests.conftest import CONFIG, SEED_REGISTERED_AT, SEED_SPEC
from tests.databases import PostgresServer, Template, sqlite_url

NOW = clock.parse_instant("2020-04-10T09:00:00+07:00")
# agencies in the sample district: a town, one of its quarters, and a commune elsewhere
TOWN, QUARTER, STRANGER, COORDINATOR = "TT-SONLAM", "TT-SONLAM-T01", "XA-HOABINH", "VPHU"


@dataclass
class Scheduled:
    """Stands in for Prefect in tests that are not about Prefect: records what would be scheduled."""

    calls: list[tuple[int, dt.datetime]] = field(default_factory=list)

    def __call__(self, follow_up_id: int, at: dt.datetime) -> str:
        self.calls.append((follow_up_id, at))
        return f"run-{follow_up_id}"


@dataclass
class Portal:
    ctx: Context
    client: TestClient
    tokens: dict[str, str]
    scheduled: Scheduled

    def bearer(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def subtask(self, task: str, agency: str) -> int:
        with self.ctx.session() as session:
            views = list_subtasks(session, now=NOW, calendar=self.ctx.calendar, agency=agency)
        return next(v.id for v in views if v.task == task)

    def status(self, subtask_id: int) -> SubtaskStatus:
        with self.ctx.session() as session:
            sub = session.get(Subtask, subtask_id)
            assert sub is not None
            return SubtaskStatus(sub.status)

    def force_status(self, subtask_id: int, status: SubtaskStatus) -> None:
        """Set-up only: put a subtask in a state without going through the actions."""
        with self.ctx.session() as session:
            sub = session.get(Subtask, subtask_id)
            assert sub is not None
            sub.status = status
            session.add(sub)

    def agency_id(self, code: str) -> int:
        with self.ctx.session() as session:
            return session.exec(select(Agency.id).where(Agency.code == code)).one()  # type: ignore[return-value]


def issue_tokens(ctx: Context) -> dict[str, str]:
    tokens = {}
    with ctx.session() as session:
        for who in (TOWN, QUARTER, STRANGER, COORDINATOR):
            tokens[who] = issue_link(session, code=who, coordinator=False, rotate=False, now=NOW).token
        tokens["coordinator"] = issue_link(
            session, code=COORDINATOR, coordinator=True, rotate=False, now=NOW
        ).token
    return tokens


@pytest.fixture(scope="session")
def seeded_database(
    tmp_path_factory: pytest.TempPathFactory, suite_postgres: PostgresServer | None
) -> Iterator[Template]:
    """The district and the seed directive, built once: each test starts from a copy of it
    (building it costs ~0.4 s, copying it a few milliseconds)."""
    home = tmp_path_factory.mktemp("template")
    url = suite_postgres.create() if suite_postgres else sqlite_url(home)
    saved = {k: os.environ.get(k) for k in ("DONDOC_HOME", "DONDOC_CONFIG", "DONDOC_DATABASE_URL")}
    os.environ.update(DONDOC_HOME=str(home), DONDOC_CONFIG=str(CONFIG), DONDOC_DATABASE_URL=url)
    try:
        ctx = Context.load()
        ctx.initialise()
        plan = plan_from_file(ctx, SEED_SPEC)
        at = clock.parse_instant(SEED_REGISTERED_AT)
        register_directive(ctx, plan, update=False, actor=Actor("VPHU"), now=at)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    yield Template(url)
    if suite_postgres:
        suite_postgres.drop(url)


@pytest.fixture
def seeded_ctx(
    home: Path,
    seeded_database: Template,
    suite_postgres: PostgresServer | None,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Context]:
    url = seeded_database.copy_into(home, suite_postgres)
    if suite_postgres:
        monkeypatch.setenv("DONDOC_DATABASE_URL", url)
    yield Context.load()
    if suite_postgres:
        suite_postgres.drop(url)


@pytest.fixture
def portal(seeded_ctx: Context) -> Iterator[Portal]:
    clock.set_now(NOW)
    scheduled = Scheduled()
    # publishing to Prefect after each change has its own tests (tests/flows/): here the
    # audit rows just stay pending
    app = create_app(seeded_ctx, scheduler=scheduled, publisher=lambda ctx, ids: None)
    with TestClient(app) as client:
        yield Portal(seeded_ctx, client, issue_tokens(seeded_ctx), scheduled)
