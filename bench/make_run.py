"""`make run` as a user runs it, timed until the portal answers the coordinator's link it printed
(the first thing a user opens): start it, watch its screen, open the link, then stop it as Ctrl-C
would (SIGINT to its process group) and wait for it to end. Runs it several times in a row (the
second run must start as well as the first) and prints each run's seconds, the CPU seconds its
processes used (the machine is shared: wall time on 2 busy cores says less than CPU time), the
load average around it, and its screen.

    .venv/bin/python bench/make_run.py [--runs 2] [--portal-port 8000] [--prefect-port 4200]

Run it with the environment installed (`make install`), as the 60 s goal is counted from there."""

from __future__ import annotations

import argparse
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
GIVE_UP_AFTER = 400.0
POLL = 0.2


COORDINATOR_LINK = re.compile(r"\(điều phối\): (http://\S+)")


def link_answers(screen: str) -> bool:
    """The coordinator's link is on the screen and the portal answers it with its dashboard."""
    found = COORDINATOR_LINK.search(screen)
    if found is None:
        return False
    try:
        return httpx.get(found.group(1), timeout=2, follow_redirects=True).status_code == 200
    except httpx.HTTPError:
        return False


def cpu_seconds_of_children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def one_run(portal_port: int, prefect_port: int) -> tuple[float, str]:
    """Seconds from `make run` to the coordinator's link answering, and what it printed."""
    log = Path(tempfile.mkdtemp(prefix="dondoc-make-run-")) / "screen.txt"
    with log.open("wb") as out:
        started = time.monotonic()
        make = subprocess.Popen(
            ["make", "run", f"DEMO_PORTAL_PORT={portal_port}", f"DEMO_PREFECT_PORT={prefect_port}"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            while not link_answers(log.read_text(encoding="utf-8", errors="replace")):
                if make.poll() is not None:
                    raise SystemExit(f"make run ended (code {make.returncode}):\n{log.read_text()}")
                if time.monotonic() - started > GIVE_UP_AFTER:
                    raise SystemExit(f"no answer after {GIVE_UP_AFTER:.0f} s:\n{log.read_text()}")
                time.sleep(POLL)
            elapsed = time.monotonic() - started
        finally:
            os.killpg(make.pid, signal.SIGINT)  # Ctrl-C in the terminal reaches the whole group
            try:
                make.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(make.pid, signal.SIGKILL)
                make.wait()
    return elapsed, log.read_text(encoding="utf-8", errors="replace")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--portal-port", type=int, default=8000)
    parser.add_argument("--prefect-port", type=int, default=4200)
    args = parser.parse_args()
    for number in range(1, args.runs + 1):
        load_before, cpu_before = os.getloadavg()[0], cpu_seconds_of_children()
        elapsed, screen = one_run(args.portal_port, args.prefect_port)
        cpu = cpu_seconds_of_children() - cpu_before
        print(
            f"run {number}: the portal answered after {elapsed:.1f} s (CPU {cpu:.0f} s until stopped; "
            f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after); it printed:"
        )
        print(screen.rstrip())
        print()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
