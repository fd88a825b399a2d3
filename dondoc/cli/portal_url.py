"""Where the portal really listens, for links made in another shell: `dondoc serve --port P`
announces its address under DONDOC_HOME (beside prefect-api-url) while it runs, and `dondoc
link` uses it. DONDOC_PORTAL_URL, when set, still wins; with neither, the default address."""

from __future__ import annotations

import os
from pathlib import Path

from dondoc.record.settings import Settings

ANNOUNCEMENT = "portal-url"


def announce_portal(home: Path, url: str) -> None:
    """The address and the serving process: an announcement whose process is gone is stale."""
    home.mkdir(parents=True, exist_ok=True)
    (home / ANNOUNCEMENT).write_text(f"{url}\n{os.getpid()}\n", encoding="utf-8")


def withdraw_portal(home: Path) -> None:
    (home / ANNOUNCEMENT).unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, under another user
    return True


def announced_portal(home: Path) -> str | None:
    try:
        url, pid = (home / ANNOUNCEMENT).read_text(encoding="utf-8").split()
    except (OSError, ValueError):
        return None
    return url if pid.isdigit() and _running(int(pid)) else None


def portal_base(settings: Settings) -> str:
    """The base of secret links: DONDOC_PORTAL_URL, else the running portal's, else the default."""
    return os.environ.get("DONDOC_PORTAL_URL") or announced_portal(settings.home) or settings.portal_url
