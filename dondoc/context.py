"""What every operation needs: settings, the working calendar and the policies, read once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from dondoc.directives.registry import load_agencies, sync_agencies
from dondoc.escalation.policies import Policy, load_policies
from dondoc.record.db import is_initialised, migrate, session_scope
from dondoc.record.errors import DondocError
from dondoc.record.settings import Settings
from dondoc.record.workcalendar import WorkCalendar, load_calendar


@dataclass
class Context:
    settings: Settings
    calendar: WorkCalendar
    policies: dict[str, Policy]

    @classmethod
    def load(cls, settings: Settings | None = None) -> Context:
        settings = settings or Settings.from_env()
        return cls(settings, load_calendar(settings.config_dir), load_policies(settings.config_dir))

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.settings.database_url) as session:
            yield session

    def require_database(self) -> None:
        if not is_initialised(self.settings.database_url):
            raise DondocError("cơ sở dữ liệu chưa được khởi tạo: chạy 'dondoc init' trước")

    def initialise(self) -> tuple[int, int]:
        """Create or migrate the database and load the agency tree (idempotent)."""
        registry = load_agencies(self.settings.config_dir)
        migrate(self.settings.database_url)
        with self.session() as session:
            return sync_agencies(session, registry)

    @property
    def config_dir(self) -> Path:
        return self.settings.config_dir
