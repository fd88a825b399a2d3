"""Shared fixtures: a fresh DONDOC_HOME per test, one Prefect test server per session."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
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


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh DONDOC_HOME (so a fresh SQLite file) with the repository's config/."""
    path = tmp_path / "home"
    monkeypatch.setenv("DONDOC_HOME", str(path))
    monkeypatch.setenv("DONDOC_CONFIG", str(CONFIG))
    monkeypatch.delenv("DONDOC_DATABASE_URL", raising=False)
    monkeypatch.delenv("DONDOC_NOW", raising=False)
    clock.set_now(None)
    yield path
    clock.set_now(None)


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
