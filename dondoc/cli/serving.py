"""The processes behind `dondoc serve`: a Prefect server (unless one is given), the deployments
registered from prefect.yaml, a worker; each started, watched and stopped in order.

Prefect is driven through its own CLI in child processes, so this process never imports it and
its settings come from the environment set here."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

from dondoc.record.errors import DondocError

WORK_POOL = "dondoc"
STARTUP_TIMEOUT = 120.0
STOP_TIMEOUT = 20.0


def prefect_cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "prefect", *args]


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    log: IO[bytes] | None


@dataclass
class Stack:
    """Children started in their own process groups: Ctrl-C reaches only us, and we stop them
    (and whatever they started, such as flow runs) in reverse order."""

    logs: Path
    env: dict[str, str]
    children: list[Child] = field(default_factory=list)

    def start(self, name: str, argv: list[str], *, cwd: Path | None = None) -> Child:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(
            argv, cwd=cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        child = Child(name, process, log)
        self.children.append(child)
        return child

    def run(self, name: str, argv: list[str], *, cwd: Path | None = None, ok_if: str | None = None) -> str:
        """Run a command to completion; its output is logged, and shown if it fails."""
        done = subprocess.run(
            argv, cwd=cwd, env=self.env, capture_output=True, text=True, timeout=STARTUP_TIMEOUT, check=False
        )
        output = done.stdout + done.stderr
        self.logs.mkdir(parents=True, exist_ok=True)
        (self.logs / f"{name}.log").write_text(output, encoding="utf-8")
        if done.returncode != 0 and not (ok_if and ok_if in output):
            raise DondocError(f"{name} thất bại (mã {done.returncode}):\n{output.strip()[-2000:]}")
        return output

    def check_alive(self) -> None:
        for child in self.children:
            if child.process.poll() is not None:
                raise DondocError(
                    f"{child.name} đã dừng (mã {child.process.returncode}); xem {self.logs / (child.name + '.log')}"
                )

    def stop(self) -> None:
        for child in reversed(self.children):
            _stop(child.process)
            if child.log:
                child.log.close()
        self.children.clear()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(STOP_TIMEOUT)
    except ProcessLookupError:
        return  # it ended on its own meanwhile


def wait_healthy(stack: Stack, url: str, timeout: float = STARTUP_TIMEOUT) -> None:
    """Poll the Prefect API's health endpoint until it answers (a new database takes ~12 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stack.check_alive()
        with contextlib.suppress(httpx.HTTPError):  # not up yet: ask again shortly
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.5)
    raise DondocError(f"Prefect không phản hồi tại {url} sau {timeout:.0f} giây")


def ui_url(api_url: str) -> str:
    return api_url.rstrip("/").removesuffix("/api")


def start_prefect(
    stack: Stack, *, root: Path, prefect_port: int, environ: Mapping[str, str], deployed: bool = False
) -> str:
    """Bring up the orchestration side; returns the Prefect API URL it uses. `deployed`: the work
    pool and prefect.yaml's deployments are already on that server (`make run` registers them
    while it replays), so only the worker is started."""
    api_url = environ.get("PREFECT_API_URL")
    if not api_url:
        api_url = f"http://127.0.0.1:{prefect_port}/api"
        stack.env["PREFECT_API_URL"] = api_url
        stack.start(
            "prefect-server",
            prefect_cli("server", "start", "--host", "127.0.0.1", "--port", str(prefect_port)),
        )
    wait_healthy(stack, api_url)
    if not deployed:
        stack.run(
            "prefect-work-pool",
            prefect_cli("work-pool", "create", WORK_POOL, "--type", "process"),
            ok_if="already exists",
        )
        stack.run("prefect-deploy", prefect_cli("--no-prompt", "deploy", "--all"), cwd=root)
    stack.start(
        "prefect-worker", prefect_cli("worker", "start", "--pool", WORK_POOL, "--type", "process"), cwd=root
    )
    return api_url
