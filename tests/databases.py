"""The database a test runs on.

By default each test gets a SQLite file in its own DONDOC_HOME. With
DONDOC_TEST_DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST:PORT/DB, each test gets a new
database on that PostgreSQL server instead (created empty, or copied from a template database,
dropped afterwards); DB itself is only where the server is reached from. Tests that need
PostgreSQL whatever the suite runs on (a round trip SQLite → PostgreSQL, migrations on both) use
that server, or DONDOC_TEST_POSTGRES_URL when the suite runs on SQLite."""

from __future__ import annotations

import itertools
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, MetaData, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from dondoc.record.db import engine_for

SUITE_URL = os.environ.get("DONDOC_TEST_DATABASE_URL") or ""
ON_POSTGRES = SUITE_URL.startswith("postgresql")
SQLITE_FILE = "dondoc.db"
_PREFIX = f"dondoc_test_{os.getpid()}_"
_counter = itertools.count(1)


def postgres_server_url() -> str | None:
    """A PostgreSQL server tests may create databases on, if one was given."""
    return SUITE_URL if ON_POSTGRES else os.environ.get("DONDOC_TEST_POSTGRES_URL") or None


@dataclass
class PostgresServer:
    url: str

    def _admin(self) -> Engine:
        return create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def url_of(self, name: str) -> str:
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        """A new database (a copy of `template`, a database name, if given); returns its URL."""
        name = f"{_PREFIX}{next(_counter)}"
        copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        with self._admin().connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        return self.url_of(name)

    def drop(self, url: str) -> None:
        engine_for(url).dispose()  # this process's pooled connections; FORCE ends any other's
        name = make_url(url).database
        with self._admin().connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def drop_leftovers(self) -> None:
        """Databases of test runs that died before cleaning up (their process is gone)."""
        with self._admin().connect() as connection:
            names = connection.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE 'dondoc_test_%'")
            ).scalars()
            for name in list(names):
                match = re.fullmatch(r"dondoc_test_(\d+)_\d+", name)
                if match and not _alive(int(match.group(1))):
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sqlite_url(home: Path) -> str:
    return f"sqlite:///{home / SQLITE_FILE}"


def current_url(home: Path) -> str:
    """The database the dondoc commands of this test write to."""
    return os.environ.get("DONDOC_DATABASE_URL") or sqlite_url(home)


def rows_of_every_table(url: str) -> list[str]:
    """Every row of every table, in a stable order, as text: what a refused input must not change."""
    engine = engine_for(url)
    metadata = MetaData()
    metadata.reflect(engine)
    lines: list[str] = []
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            for row in connection.execute(select(table).order_by(*order)):
                lines.append(f"{table.name}: {tuple(row)!r}")
    return lines


@dataclass
class Template:
    """A database built once and copied for each test that starts from it: a file on SQLite, a
    template database on PostgreSQL (copying either costs milliseconds; building it, seconds)."""

    url: str

    def copy_into(self, home: Path, server: PostgresServer | None) -> str:
        engine_for(
            self.url
        ).dispose()  # SQLite: checkpoints the WAL into the file; PostgreSQL: no session left
        if server is None:
            home.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(make_url(self.url).database or "", home / SQLITE_FILE)
            return sqlite_url(home)
        return server.create(template=make_url(self.url).database)
