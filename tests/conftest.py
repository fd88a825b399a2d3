"""Shared fixtures: a fresh DONDOC_HOME and database per test (SQLite, or PostgreSQL with
DONDOC_TEST_DATABASE_URL: see tests/databases.py), one Prefect test server per session."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# before anything imports prefect: no telemetry, and Prefect's files away from the user's
_PREFECT_HOME = tempfile.mkdtemp(prefix="dondoc-prefect-")
os.environ.update(
    {
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_HOME": _PREFECT_HOME,
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
        "COLUMNS": "200",
        # the test server writes received events every half second (5 s by default): dondoc
        # waits for its events to be stored before it marks them published
        "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL": "0.5",
    }
)

from dondoc.context import Context  # noqa: E402
from dondoc.directives.intake import RegistrationResult  # noqa: E402
from dondoc.record import clock  # noqa: E402
from dondoc.record.audit import Actor  # noqa: E402
from dondoc.registration import plan_from_file, register_directive  # noqa: E402
from tests.databases import ON_POSTGRES, SUITE_URL, PostgresServer, postgres_server_url  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "config"
SEED_SPEC = CONFIG / "directives" / "kl-giao-ban-thang-4-2020.yaml"
SEED_REGISTERED_AT = "2020-04-01T15:00:00+07:00"


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """A real Prefect API (SQLite) for the whole session: it costs ~10 s to start."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def suite_postgres() -> PostgresServer | None:
    """The PostgreSQL server the whole suite runs on, or None on SQLite."""
    if not ON_POSTGRES:
        return None
    server = PostgresServer(SUITE_URL)
    server.drop_leftovers()
    return server


@pytest.fixture(scope="session")
def postgres_server() -> PostgresServer:
    """A PostgreSQL server for tests that need one whatever the suite runs on."""
    url = postgres_server_url()
    if url is None:
        pytest.skip("needs PostgreSQL: set DONDOC_TEST_DATABASE_URL or DONDOC_TEST_POSTGRES_URL")
    return PostgresServer(url)


@pytest.fixture
def new_postgres_database(postgres_server: PostgresServer) -> Iterator[Callable[[], str]]:
    """Makes empty PostgreSQL databases for this test, dropped when it ends."""
    made: list[str] = []

    def make() -> str:
        made.append(postgres_server.create())
        return made[-1]

    yield make
    for url in made:
        postgres_server.drop(url)


@pytest.fixture
def home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suite_postgres: PostgresServer | None
) -> Iterator[Path]:
    """A fresh DONDOC_HOME with the repository's config/, and an empty database: a SQLite file in
    it, or a new database on the suite's PostgreSQL server."""
    path = tmp_path / "home"
    monkeypatch.setenv("DONDOC_HOME", str(path))
    monkeypatch.setenv("DONDOC_CONFIG", str(CONFIG))
    monkeypatch.delenv("DONDOC_NOW", raising=False)
    url = suite_postgres.create() if suite_postgres else None
    if url:
        monkeypatch.setenv("DONDOC_DATABASE_URL", url)
    else:
        monkeypatch.delenv("DONDOC_DATABASE_URL", raising=False)
    clock.set_now(None)
    yield path
    clock.set_now(None)
    if suite_postgres and url:
        suite_postgres.drop(url)


@pytest.fixture
def ctx(home: Path) -> Context:
    """An initialised database with the sample district loaded."""
    context = Context.load()
    context.initialise()
    return context


@pytest.fixture
def seeded(ctx: Context) -> RegistrationResult:
    """The seed directive registered through the core (no Prefect), at 15:00 on 1/4/2020."""
    plan = plan_from_file(ctx, SEED_SPEC)
    return register_directive(
        ctx, plan, update=False, actor=Actor("VPHU"), now=clock.parse_instant(SEED_REGISTERED_AT)
    )
