"""Long work shows a progress bar on a terminal (a pseudo-terminal here, as a person's shell
would give), and never under --json or when the output goes to a pipe."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import dondoc
from tests.conftest import SEED_SPEC

DONDOC = str(Path(sys.executable).parent / "dondoc")
REGISTERED = "2020-04-01T15:00:00+07:00"
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
pytestmark = pytest.mark.usefixtures("prefect_server")


def _run_on_a_terminal(*args: str) -> tuple[int, str]:
    """`dondoc ARGS` with its output on a pseudo-terminal; everything it wrote, and its exit code."""
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "TERM": "xterm", "COLUMNS": "120"}
    leader, follower = pty.openpty()
    process = subprocess.Popen([DONDOC, *args], stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", errors="replace")


def _run_into_a_pipe(*args: str) -> tuple[int, str]:
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value())}
    done = subprocess.run([DONDOC, *args], capture_output=True, text=True, env=env, timeout=120, check=False)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def initialised(home: Path) -> Path:
    assert dondoc("init").exit_code == 0
    return home


def test_load_on_a_terminal_shows_each_stage(initialised: Path) -> None:
    code, written = _run_on_a_terminal("--now", REGISTERED, "load", str(SEED_SPEC))
    assert code == 0, written
    assert "\x1b[2K" in written  # the bar redraws its line, as on a terminal
    output = ESCAPES.sub("", written)
    assert "Đăng ký kl-giao-ban-thang-4-2020.yaml" in output
    assert "Ghi việc con" in output and "194/194" in output
    assert "Ghi nhật ký" in output
    assert "Đã đăng ký văn bản 125-KL/HU" in output


def test_no_bar_under_json_even_on_a_terminal(initialised: Path) -> None:
    code, output = _run_on_a_terminal("--now", REGISTERED, "load", str(SEED_SPEC), "--json")
    assert code == 0, output
    assert "Ghi việc con" not in output and "\x1b[" not in output
    assert json.loads(output)["subtasks"] == 194


def test_no_bar_into_a_pipe(initialised: Path) -> None:
    code, output = _run_into_a_pipe("--now", REGISTERED, "load", str(SEED_SPEC))
    assert code == 0, output
    assert "Ghi việc con" not in output and "\x1b[" not in output
    assert "Đã đăng ký văn bản 125-KL/HU" in output
