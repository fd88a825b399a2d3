"""Settings from the environment, strict: a value that is not understood is an error."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dondoc.record.errors import SettingsError

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def read_secret(name: str) -> str | None:
    """A secret comes from NAME or from the file named by NAME_FILE."""
    value = os.environ.get(name)
    if value:
        return value
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SettingsError(f"{name}_FILE={file_name}: không đọc được tệp ({exc.strerror})") from exc
    return None


@dataclass(frozen=True)
class Settings:
    home: Path
    config_dir: Path
    database_url: str
    portal_url: str

    @classmethod
    def from_env(cls) -> Settings:
        home = Path(os.environ.get("DONDOC_HOME") or ".dondoc").resolve()
        config_dir = Path(os.environ.get("DONDOC_CONFIG") or PROJECT_ROOT / "config").resolve()
        if not config_dir.is_dir():
            raise SettingsError(f"DONDOC_CONFIG={config_dir}: thư mục cấu hình không tồn tại")
        database_url = read_secret("DONDOC_DATABASE_URL") or f"sqlite:///{home / 'dondoc.db'}"
        return cls(
            home=home, config_dir=config_dir, database_url=database_url, portal_url=portal_url_from_env()
        )


def portal_url_from_env() -> str:
    return os.environ.get("DONDOC_PORTAL_URL") or "http://127.0.0.1:8000"
