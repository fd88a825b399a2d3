"""The province's set-up of docs/deploy.md, started by deploy/local-cluster.sh: PostgreSQL, a
Prefect server on it, two process workers, the portal's two workers behind nginx. A directive
is registered through the intake deployment, then a week is replayed with the sweep deployment
running on both workers at once; on the Friday one worker is killed (SIGKILL) in the middle of
a page of the outbox. At the end every notification has reached the receiver, and the only ones
received twice are those of the page that was in flight."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.conftest import REPO, SEED_SPEC
from tests.databases import ON_POSTGRES
from tests.receivers import JsonReceiver, json_receiver

SCRIPT = REPO / "deploy" / "local-cluster.sh"
PAGE = 20  # the sweep's outbox page: small, so a day's messages take several pages
DEADLINE = 240  # seconds a flow run may take to finish on this loaded 2-core machine
WEEK = ["2020-05-04", "2020-05-05", "2020-05-06", "2020-05-07"]
FRIDAY = "2020-05-08"

pytestmark = [
    pytest.mark.skipif(not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")), reason="needs PostgreSQL"),
    pytest.mark.skipif(
        ON_POSTGRES, reason="starts a PostgreSQL cluster of its own: run once, with the SQLite suite"
    ),
]


@dataclass
class Cluster:
    path: Path
    settings: dict[str, str]

    @property
    def env(self) -> dict[str, str]:
        """For dondoc and prefect commands run against the cluster."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DONDOC_"))}
        return {
            **env,
            "PREFECT_API_URL": self.settings["PREFECT_API_URL"],
            "PREFECT_HOME": str(self.path / "prefect-cli"),
            "DONDOC_DATABASE_URL_FILE": self.settings["DONDOC_DATABASE_URL_FILE"],
            "DONDOC_HOME": str(self.path / "cli"),
            "DO_NOT_TRACK": "1",
        }

    def worker_pid(self, n: int) -> int:
        return int((self.path / "run" / f"worker-{n}.pid").read_text())

    def worker_of(self, flow_run_id: str) -> str | None:
        """The worker that ran it: both may try to submit a run, the server lets one have it."""
        for n in range(1, int(self.settings["WORKERS"]) + 1):
            log = (self.path / "logs" / f"worker-{n}.log").read_text(errors="replace")
            if (
                f"submitting flow run '{flow_run_id}'" in log
                and f"submission of flow run '{flow_run_id}'" not in log
            ):
                return f"worker-{n}"
        return None


def _started_by(pid: int) -> list[int]:
    """The process and everything below it (a worker's flow runs have sessions of their own)."""
    found = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                found += _started_by(int(entry.name))
    return found


@pytest.fixture
def receiver() -> Iterator[JsonReceiver]:
    with json_receiver() as hook:
        yield hook


@pytest.fixture
def cluster(tmp_path: Path, receiver: JsonReceiver) -> Iterator[Cluster]:
    path = tmp_path / "cluster"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DONDOC_"))}
    env.update(
        DONDOC_NOTIFY_REDIRECT=receiver.url("cluster"),
        DONDOC_CLUSTER_PAUSE_SCHEDULES="1",
        DONDOC_CLUSTER_WORKER_LIMIT="1",
        PREFECT_WORKER_QUERY_SECONDS="1",
        PREFECT_LOGGING_LEVEL="INFO",
    )
    started = subprocess.run(
        [str(SCRIPT), "start", str(path)], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        settings = dict(
            line.split("=", 1) for line in (path / "cluster.env").read_text().splitlines() if "=" in line
        )
        yield Cluster(path, settings)
    finally:
        stopped = subprocess.run(
            [str(SCRIPT), "stop", str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr
        pids = list((path / "run").glob("*.pid")) if (path / "run").exists() else []
        assert pids == [], "processes left running"


def _client(cluster: Cluster) -> Any:
    from prefect.client.orchestration import SyncPrefectClient

    return SyncPrefectClient(api=cluster.settings["PREFECT_API_URL"])


def _run(cluster: Cluster, deployment: str, **parameters: Any) -> str:
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName

    with _client(cluster) as client:
        name = deployment.split("/")[1]
        found = client.read_deployments(
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[name]))
        )
        run = client.create_flow_run_from_deployment(found[0].id, parameters=parameters)
        return str(run.id)


def _wait(cluster: Cluster, *flow_run_ids: str) -> list[Any]:
    """Until each run has ended (polling the API, as `prefect flow-run` would)."""
    deadline = time.monotonic() + DEADLINE
    with _client(cluster) as client:
        while True:
            runs = [client.read_flow_run(i) for i in flow_run_ids]
            if all(r.state and r.state.is_final() for r in runs):
                return runs
            assert time.monotonic() < deadline, [r.state for r in runs]
            time.sleep(0.5)


def _both_at_once(cluster: Cluster, now: str) -> set[str | None]:
    runs = [_run(cluster, "sweep/sweep", now=now, page_size=PAGE) for _ in range(2)]
    states = _wait(cluster, *runs)
    assert all(s.state.is_completed() for s in states), [s.state for s in states]
    return {cluster.worker_of(r) for r in runs}


def _message(received: dict[str, Any]) -> tuple[str, str]:
    """A received message as the outbox holds it: redirected, its title names the recipient
    first; Apprise trims the body."""
    title = received["title"]
    if title.startswith("[Gửi "):
        title = title.split("] ", 1)[1]
    return title, received["message"].strip()


def _outbox(cluster: Cluster) -> list[tuple[Any, ...]]:
    url = Path(cluster.settings["DONDOC_DATABASE_URL_FILE"]).read_text().strip()
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, status, title, body, attempts FROM notification ORDER BY id")
        )
        return [tuple(r) for r in rows]


def test_a_week_on_two_workers_one_killed_midway(cluster: Cluster, receiver: JsonReceiver) -> None:
    # the portal answers through nginx, from its two worker processes, on PostgreSQL
    assert httpx.get(f"{cluster.settings['DONDOC_PORTAL_URL']}/healthz", timeout=30).json() == {
        "status": "ok"
    }

    intake = _run(cluster, "intake/intake", path=str(SEED_SPEC), now="2020-04-01T15:00:00+07:00")
    (registered,) = _wait(cluster, intake)
    assert registered.state.is_completed(), registered.state

    workers_seen: list[set[str | None]] = [_both_at_once(cluster, f"{day}T09:00:00+07:00") for day in WEEK]
    assert {"worker-1", "worker-2"} in workers_seen, workers_seen  # the two at the same time
    before_friday = len(receiver.received)
    assert before_friday > 0

    # Friday: one sweep; its third page waits in the receiver, and its worker dies right then
    receiver.hold_at(2 * PAGE + 1)
    friday = _run(cluster, "sweep/sweep", now=f"{FRIDAY}T09:00:00+07:00", page_size=PAGE)
    assert receiver.held.wait(DEADLINE), "the Friday sweep never reached its third page"
    victim = cluster.worker_of(friday)
    assert victim is not None
    survivor = "worker-2" if victim == "worker-1" else "worker-1"
    doomed = _started_by(cluster.worker_pid(int(victim[-1])))
    assert len(doomed) >= 2  # the worker and the flow run it started
    for pid in doomed:
        os.kill(pid, signal.SIGKILL)
    receiver.release()
    # what the dead run had sent before it died is all in once the receiver has answered it
    # and nothing more comes (a connection accepted a moment ago is not a request yet)
    deadline, seen = time.monotonic() + DEADLINE, -1
    while (receiver.active or seen != len(receiver.received)) and time.monotonic() < deadline:
        seen = len(receiver.received)
        time.sleep(0.2)
    assert receiver.active == 0
    dead_runs_share = len(receiver.received)

    # a quarter of an hour later (the outbox's lease has run out), the survivor takes over
    later = _run(cluster, "sweep/sweep", now=f"{FRIDAY}T09:15:00+07:00", page_size=PAGE)
    (done,) = _wait(cluster, later)
    assert done.state.is_completed(), done.state
    assert cluster.worker_of(later) == survivor

    outbox = _outbox(cluster)
    assert outbox and {row[1] for row in outbox} == {"sent"}, Counter(row[1] for row in outbox)
    messages = Counter(_message(m) for m in receiver.received)
    sent = {(title, body.strip()) for _, _, title, body, _ in outbox}
    assert len(sent) == len(outbox)  # each notification is its own message
    assert set(messages) == sent  # nothing lost, nothing unknown
    twice = {message for message, count in messages.items() if count > 1}
    assert all(count <= 2 for count in messages.values())
    # the dead run had sent two pages and recorded them: none of those came again; what came
    # twice is of the page it had in flight when it died
    recorded = {_message(m) for m in receiver.received[before_friday : before_friday + 2 * PAGE]}
    in_flight = receiver.received[before_friday + 2 * PAGE : dead_runs_share]
    assert not twice & recorded
    assert 0 < len(in_flight) <= PAGE
    assert twice and twice <= {_message(m) for m in in_flight}
