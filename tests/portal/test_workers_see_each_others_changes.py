"""Each portal worker keeps the agency tree in memory (dondoc.record.agency_tree), refreshed when
the database's version of the registry moves, never on a timer. Two real worker processes on one
database: a change made through one is what the other serves on the very next request, whether
it moves a body in the tree (who may see and act on what) or a subtask's status."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import httpx

from dondoc.context import Context
from tests.portal.conftest import NOW, QUARTER, STRANGER, TOWN, issue_tokens
from tests.portal.live import free_port
from tests.portal.test_portal_runs_in_worker_processes import running, wait_answering


def worker(home: Path) -> tuple[list[str], dict[str, str], str]:
    """A portal process of its own (one worker) on the database under `home`."""
    port = free_port()
    argv = [sys.executable, "-m", "uvicorn", "dondoc.portal.app:create_app", "--factory"]
    argv += ["--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    env = {**os.environ, "DONDOC_HOME": str(home), "DONDOC_NOW": NOW.isoformat()}
    env.pop("PREFECT_API_URL", None)
    return argv, env, f"http://127.0.0.1:{port}"


def listed(url: str, token: str, **params: str) -> list[dict[str, object]]:
    answer = httpx.get(f"{url}/api/subtasks", params={"limit": "1000", **params}, headers=bearer(token))
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, object]] = answer.json()
    return rows


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_change_through_one_worker_is_served_at_once_by_the_other(seeded_ctx: Context) -> None:
    tokens = issue_tokens(seeded_ctx)
    home = seeded_ctx.settings.home
    argv_a, env_a, first = worker(home)
    argv_b, env_b, second = worker(home)
    with running(argv_a, env_a) as a, running(argv_b, env_b) as b:
        wait_answering(first, a)
        wait_answering(second, b)
        # both hold the tree now: the town sees its quarter's work, the stranger does not
        towns = listed(second, tokens[TOWN])
        quarter_work = [r["id"] for r in towns if r["agency"] == QUARTER]
        open_one = next(r["id"] for r in towns if r["agency"] == TOWN and r["status"] == "pending")
        assert quarter_work and not [r for r in listed(second, tokens[STRANGER]) if r["agency"] == QUARTER]

        moved = httpx.patch(
            f"{first}/api/agencies/{QUARTER}",
            json={"parent": STRANGER},
            headers=bearer(tokens["coordinator"]),
        )
        assert moved.status_code == 200, moved.text

        # the other worker, on its very next request: the quarter is the stranger's now
        assert not [r for r in listed(second, tokens[TOWN]) if r["agency"] == QUARTER]
        assert {r["id"] for r in listed(second, tokens[STRANGER]) if r["agency"] == QUARTER} == set(
            quarter_work
        )
        refused = httpx.post(f"{second}/api/subtasks/{quarter_work[0]}/ack", headers=bearer(tokens[TOWN]))
        assert refused.status_code == 403, refused.text

        # a status changed through one worker is the status the other serves
        done = httpx.post(
            f"{first}/api/subtasks/{open_one}/done", data={"note": "xong"}, headers=bearer(tokens[TOWN])
        )
        assert done.status_code == 200, done.text
        seen = {r["id"]: r["status"] for r in listed(second, tokens[TOWN], agency=TOWN)}
        assert seen[open_one] == "awaiting_confirmation"
