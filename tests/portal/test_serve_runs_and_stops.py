"""`dondoc serve` against an existing Prefect API (PREFECT_API_URL): it registers the
deployments of prefect.yaml, runs a worker and the portal, prints both addresses, and on
SIGTERM stops everything it started."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from dondoc.cli.portal_url import ANNOUNCEMENT as PORTAL_ANNOUNCEMENT
from dondoc.cli.prefect_api import ANNOUNCEMENT
from tests.portal.live import free_port

DEADLINE = 120
DONDOC = str(Path(sys.executable).parent / "dondoc")


def _processes_with(home: Path) -> list[int]:
    """Processes whose environment names this DONDOC_HOME: what serve started, and nothing else."""
    marker = f"DONDOC_HOME={home}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_serve_registers_deployments_and_stops_cleanly(
    prefect_server: None, seeded_ctx, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    home = seeded_ctx.settings.home
    port = free_port()
    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "DONDOC_HOME": str(home)}
    env.pop("DONDOC_PORTAL_URL", None)
    serve = subprocess.Popen(
        [DONDOC, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        assert serve.stdout is not None
        for line in serve.stdout:  # blocks on serve's own output, not on a clock
            lines.append(line)
            if line.startswith("Giao diện Prefect"):
                break
        output = "".join(lines)
        assert f"Cổng thông tin: http://127.0.0.1:{port}" in output, output
        assert f"Giao diện Prefect: {str(PREFECT_API_URL.value()).removesuffix('/api')}" in output
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).json() == {"status": "ok"}
        with get_client(sync_client=True) as client:
            names = {d.name for d in client.read_deployments()}
        assert {"intake", "sweep", "follow-up"} <= names
        assert len(_processes_with(home)) >= 2  # serve and its worker
        # other dondoc commands find this Prefect server through the announcement
        assert (home / ANNOUNCEMENT).read_text(encoding="utf-8").strip() == str(PREFECT_API_URL.value())
        # and a link made in another shell opens on this portal's port
        link = subprocess.run(
            [DONDOC, "link", "XA-HOABINH", "--json"], env=env, capture_output=True, text=True, check=True
        )
        assert json.loads(link.stdout)["url"].startswith(f"http://127.0.0.1:{port}/l/")
    finally:
        serve.send_signal(signal.SIGTERM)
        rest, _ = serve.communicate(timeout=DEADLINE)
    assert serve.returncode == 0, "".join(lines) + rest
    assert "Đã dừng." in rest
    assert _processes_with(home) == []
    assert not (home / ANNOUNCEMENT).exists()
    assert not (home / PORTAL_ANNOUNCEMENT).exists()


@pytest.mark.parametrize("option", ["--help"])
def test_serve_documents_its_options(option: str) -> None:
    shown = subprocess.run([DONDOC, "serve", option], capture_output=True, text=True, check=True)
    assert "--host" in shown.stdout and "--port" in shown.stdout and "PREFECT_API_URL" in shown.stdout
