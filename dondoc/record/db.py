"""Engine, sessions and migrations. SQLite by default; any SQLAlchemy URL in DONDOC_DATABASE_URL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event, inspect
from sqlmodel import Session, create_engine

from dondoc.record.errors import SettingsError

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


# connections each process may hold: the portal runs at most this many requests at once
# (dondoc.portal.app), so a request waits for a thread, never for a connection
POOL_SIZE_ENV = "DONDOC_DB_POOL_SIZE"
DEFAULT_POOL_SIZE = 20
# the pooled connections the portal's workers share (with their overflow, 80: PostgreSQL allows
# 100 by default, and the rest are for sweeps, flow runs, psql and backups)
PORTAL_CONNECTIONS = 64


def pool_size() -> int:
    raw = os.environ.get(POOL_SIZE_ENV)
    if raw is None:
        return DEFAULT_POOL_SIZE
    if not raw.isdigit() or not 1 <= int(raw) <= 500:
        raise SettingsError(f"{POOL_SIZE_ENV}={raw}: cần một số từ 1 đến 500")
    return int(raw)


def pool_size_for_workers(workers: int) -> int:
    """Each of `workers` processes gets an even share of PORTAL_CONNECTIONS, at most the default."""
    return max(4, min(DEFAULT_POOL_SIZE, PORTAL_CONNECTIONS // max(workers, 1)))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Run on every new connection (these settings are per connection, except the journal)."""
    cursor = dbapi_connection.cursor()
    # first, so that even the statements below wait for a lock instead of failing
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets readers read while a sweep writes: they never wait for it. The mode is kept in
    # the file; asking again for it once set takes no lock.
    if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@cache
def engine_for(url: str) -> Engine:
    size = pool_size()
    pooled: dict[str, Any] = {"pool_size": size, "max_overflow": max(size // 4, 2), "pool_timeout": 30}
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        in_memory = not path or path == ":memory:"
        if not in_memory:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # an in-memory database is one connection's own: SQLAlchemy keeps one per thread, unpooled
        engine = create_engine(
            url, connect_args={"check_same_thread": False}, **({} if in_memory else pooled)
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **pooled)


class Sessions(Protocol):
    """Whatever opens a transaction on dondoc's database (the Context does): lets a wing that
    runs several short transactions take one without knowing what else the caller holds."""

    def session(self) -> AbstractContextManager[Session]: ...


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on any error."""
    with Session(engine_for(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str) -> None:
    """Create or upgrade the schema to the newest migration (idempotent)."""
    engine = engine_for(url)
    with engine.begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_initialised(url: str) -> bool:
    return inspect(engine_for(url)).has_table("alembic_version")
