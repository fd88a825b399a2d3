"""A portal with no Prefect server to publish to (no PREFECT_API_URL: the portal run alone, or a
benchmark's) never imports Prefect, even after a change: the import costs a worker seconds of CPU,
holding the interpreter its requests share. The change's audit row stays pending for the sweep."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from sqlmodel import col, select

from dondoc.context import Context
from dondoc.record.models import Agency, Event, Subtask
from tests.portal.conftest import NOW, TOWN, issue_tokens

# a process of its own: the test's own has Prefect loaded by other tests
CHANGE_THEN_LIST_PREFECT = """
import json, sys
from fastapi.testclient import TestClient
from dondoc.portal.app import create_app
with TestClient(create_app()) as client:
    answer = client.post(f"/api/subtasks/{sys.argv[1]}/ack", headers={"Authorization": f"Bearer {sys.argv[2]}"})
    assert answer.status_code == 200, answer.text
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "prefect")))
"""


def test_a_change_without_a_prefect_server_leaves_prefect_unloaded(seeded_ctx: Context) -> None:
    token = issue_tokens(seeded_ctx)[TOWN]
    with seeded_ctx.session() as session:
        pending = session.exec(
            select(Subtask.id)
            .join(Agency, col(Subtask.agency_id) == Agency.id)
            .where(Agency.code == TOWN, Subtask.status == "pending")
        ).first()
    assert pending is not None
    env = {**os.environ, "DONDOC_HOME": str(seeded_ctx.settings.home), "DONDOC_NOW": NOW.isoformat()}
    env.pop("PREFECT_API_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", CHANGE_THEN_LIST_PREFECT, str(pending), token],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    with seeded_ctx.session() as session:
        row = session.exec(
            select(Event).where(Event.subtask_id == pending, Event.action == "subtask.acknowledged")
        ).one()
    assert row.published_at is None
