"""The portal in several worker processes: `uvicorn --factory dondoc.portal.app:create_app` builds
it from the environment alone (as deploy/local-cluster.sh starts it), and `dondoc serve --workers N`
runs N of them behind one port, each with its share of database connections, and stops them all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from dondoc.context import Context
from dondoc.record.db import POOL_SIZE_ENV, pool_size_for_workers
from tests.portal.conftest import NOW, TOWN, issue_tokens
from tests.portal.live import free_port
from tests.portal.test_serve_runs_and_stops import DEADLINE, DONDOC, _processes_with


def wait_answering(url: str, process: subprocess.Popen[str]) -> None:
    """Until /healthz answers: a bounded number of tries, each waiting on the connection."""
    for _ in range(DEADLINE * 2):
        assert process.poll() is None, process.communicate()[0]
        try:
            if httpx.get(f"{url}/healthz", timeout=0.5).status_code == 200:
                return
        except httpx.TransportError:
            try:
                process.wait(0.5)  # gives the workers time, and notices if the server died
            except subprocess.TimeoutExpired:
                continue
    raise AssertionError(f"{url} never answered")


@contextmanager
def running(argv: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=DEADLINE)


def workers_of(home: Path, parent: int) -> list[int]:
    """The portal's worker processes: children of `parent` that serve the app (spawned)."""
    found = []
    for pid in _processes_with(home):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:")))
        if ppid == parent and b"multiprocessing.spawn" in cmdline:
            found.append(pid)
    return found


def environ_of(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(p.decode().split("=", 1) for p in pairs if b"=" in p)


def test_each_worker_gets_a_share_of_the_connections() -> None:
    assert pool_size_for_workers(1) == pool_size_for_workers(2) == 20
    assert pool_size_for_workers(4) == 16 and pool_size_for_workers(8) == 8
    assert pool_size_for_workers(32) == 4


def test_uvicorn_builds_the_portal_from_the_environment(seeded_ctx: Context) -> None:
    tokens = issue_tokens(seeded_ctx)
    home = seeded_ctx.settings.home
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DONDOC_HOME": str(home), "DONDOC_NOW": NOW.isoformat()}
    argv = [sys.executable, "-m", "uvicorn", "dondoc.portal.app:create_app", "--factory"]
    argv += ["--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    with running(argv, env) as uvicorn:
        wait_answering(url, uvicorn)
        assert len(workers_of(home, uvicorn.pid)) == 2
        for _ in range(4):  # whichever worker answers, the same data
            answer = httpx.get(f"{url}/api/subtasks", headers={"Authorization": f"Bearer {tokens[TOWN]}"})
            assert answer.status_code == 200 and int(answer.headers["x-total-count"]) > 0
            assert {row["agency"] for row in answer.json()} >= {TOWN}
        uvicorn.send_signal(signal.SIGTERM)
        uvicorn.communicate(timeout=DEADLINE)
    assert uvicorn.returncode == 0
    assert _processes_with(home) == []


@pytest.mark.usefixtures("prefect_server")
def test_serve_runs_n_workers_and_stops_them(seeded_ctx: Context) -> None:
    from prefect.settings import PREFECT_API_URL

    home = seeded_ctx.settings.home
    port = free_port()
    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "DONDOC_HOME": str(home)}
    env.pop("DONDOC_PORTAL_URL", None)
    env.pop(POOL_SIZE_ENV, None)
    with running([DONDOC, "serve", "--port", str(port), "--workers", "2"], env) as serve:
        assert serve.stdout is not None
        lines = []
        for line in serve.stdout:  # serve prints the addresses once a worker answers
            lines.append(line)
            if line.startswith("Giao diện Prefect"):
                break
        assert f"Cổng thông tin: http://127.0.0.1:{port} (2 tiến trình)" in "".join(lines), lines
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).json() == {"status": "ok"}
        workers = workers_of(home, serve.pid)
        assert len(workers) == 2
        assert {environ_of(pid)[POOL_SIZE_ENV] for pid in workers} == {str(pool_size_for_workers(2))}
        serve.send_signal(signal.SIGTERM)
        rest, _ = serve.communicate(timeout=DEADLINE)
    assert serve.returncode == 0, "".join(lines) + rest
    assert "Đã dừng." in rest
    assert _processes_with(home) == []
