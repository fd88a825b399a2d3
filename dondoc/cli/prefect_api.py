"""Which Prefect server the CLI's flow runs go to: PREFECT_API_URL when set; else the one a
running `dondoc serve` announced under DONDOC_HOME, so `dondoc load` shows in that UI and skips
the ~10 s of starting a temporary server; else Prefect's own temporary server."""

from __future__ import annotations

import os
from pathlib import Path

import httpx

ANNOUNCEMENT = "prefect-api-url"


def announce(home: Path, api_url: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / ANNOUNCEMENT).write_text(api_url + "\n", encoding="utf-8")


def withdraw(home: Path) -> None:
    (home / ANNOUNCEMENT).unlink(missing_ok=True)


def answering(api_url: str) -> bool:
    try:
        return httpx.get(f"{api_url.rstrip('/')}/health", timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


def use_announced_server(home: Path) -> str | None:
    """Point PREFECT_API_URL at the announced server if none is set and it answers; a stale
    announcement (serve was killed) is ignored."""
    if os.environ.get("PREFECT_API_URL"):
        return None
    path = home / ANNOUNCEMENT
    if not path.is_file():
        return None
    api_url = path.read_text(encoding="utf-8").strip()
    if not api_url or not answering(api_url):
        return None
    os.environ["PREFECT_API_URL"] = api_url
    return api_url
