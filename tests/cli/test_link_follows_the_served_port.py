"""`dondoc link` made in another shell points at the portal that runs: `dondoc serve --port P`
announces its address under DONDOC_HOME; a stale announcement (its process is gone) is ignored,
and DONDOC_PORTAL_URL still wins."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dondoc.cli.portal_url import ANNOUNCEMENT, announce_portal, withdraw_portal
from dondoc.context import Context
from tests.cli_helpers import dondoc_json

SERVED = "http://127.0.0.1:18234"


@pytest.fixture
def no_portal_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DONDOC_PORTAL_URL", raising=False)


def _link(code: str) -> str:
    url: str = dondoc_json("link", code, "--rotate")["url"]
    return url


@pytest.mark.usefixtures("no_portal_url")
def test_a_link_opens_on_the_announced_port(ctx: Context) -> None:
    announce_portal(ctx.settings.home, SERVED)
    assert _link("XA-HOABINH").startswith(f"{SERVED}/l/")
    withdraw_portal(ctx.settings.home)
    withdraw_portal(ctx.settings.home)  # twice is fine: serve may stop before it listened
    assert _link("XA-HOABINH").startswith("http://127.0.0.1:8000/l/")


@pytest.mark.usefixtures("no_portal_url")
def test_an_announcement_whose_server_is_gone_is_ignored(ctx: Context) -> None:
    ctx.settings.home.mkdir(parents=True, exist_ok=True)  # on PostgreSQL no database file made it
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    (ctx.settings.home / ANNOUNCEMENT).write_text(f"{SERVED}\n{gone.stdout.strip()}\n", encoding="utf-8")
    assert _link("XA-HOABINH").startswith("http://127.0.0.1:8000/l/")
    (ctx.settings.home / ANNOUNCEMENT).write_text("nonsense", encoding="utf-8")
    assert _link("XA-HOABINH").startswith("http://127.0.0.1:8000/l/")


def test_an_explicit_portal_url_wins(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_PORTAL_URL", "https://dondoc.sonlam.gov.vn")
    announce_portal(ctx.settings.home, SERVED)
    assert _link("XA-HOABINH").startswith("https://dondoc.sonlam.gov.vn/l/")
    assert (ctx.settings.home / ANNOUNCEMENT).read_text(encoding="utf-8").split() == [
        SERVED,
        str(os.getpid()),
    ]


def test_the_announcement_lives_beside_prefects(tmp_path: Path) -> None:
    from dondoc.cli.prefect_api import ANNOUNCEMENT as PREFECT_ANNOUNCEMENT

    announce_portal(tmp_path / "home", SERVED)
    assert (tmp_path / "home" / ANNOUNCEMENT).is_file() and ANNOUNCEMENT != PREFECT_ANNOUNCEMENT
