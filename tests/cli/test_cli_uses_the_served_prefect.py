"""While `dondoc serve` runs, other commands send their flow runs to its Prefect server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any

import pytest

from dondoc.cli.prefect_api import announce, use_announced_server, withdraw


@pytest.fixture
def healthy_api() -> Iterator[str]:
    """A stand-in Prefect API that answers /api/health like the real one."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/api/health" else 404)
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"true")

        def log_message(self, *args: Any) -> None:
            """Silent: the test reads the outcome, not an access log."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()


@pytest.fixture
def no_api_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)


def test_an_announced_server_that_answers_is_used(home: Path, healthy_api: str, no_api_url: None) -> None:
    announce(home, healthy_api)
    assert use_announced_server(home) == healthy_api
    assert os.environ["PREFECT_API_URL"] == healthy_api


def test_a_stale_announcement_is_ignored(home: Path, healthy_api: str, no_api_url: None) -> None:
    announce(home, "http://127.0.0.1:9/api")  # nothing listens on the discard port
    assert use_announced_server(home) is None
    assert "PREFECT_API_URL" not in os.environ


def test_an_explicit_api_url_wins(home: Path, healthy_api: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example/api")
    announce(home, healthy_api)
    assert use_announced_server(home) is None
    assert os.environ["PREFECT_API_URL"] == "http://prefect.example/api"


def test_withdrawn_means_nothing_to_use(home: Path, healthy_api: str, no_api_url: None) -> None:
    announce(home, healthy_api)
    withdraw(home)
    withdraw(home)  # twice is fine: serve may be stopped while starting
    assert use_announced_server(home) is None
