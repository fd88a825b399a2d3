"""A portal process registers two directives through their intake flow runs, one after the other,
then a coordinator completes a subtask of the first: the action's event and the "artifact updated" event of the
first directive's progress artifact relate to the first directive's own intake run, never to the
run the process registered last."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactCollectionFilter, ArtifactCollectionFilterKey
from prefect.events import ReceivedEvent
from prefect.events.filters import EventFilter, EventNameFilter, EventOccurredFilter, EventResourceFilter
from prefect.events.worker import EventsWorker
from sqlmodel import col, select

from dondoc.context import Context
from dondoc.portal.app import create_app
from dondoc.record import clock
from dondoc.record.models import Agency, Directive, Event, Subtask, Task
from dondoc.work.access import issue_link
from orchestration.standing import progress_key
from tests.conftest import SEED_REGISTERED_AT, SEED_SPEC
from tests.flows.prefect_reads import prefect_ids, stored_events

ACTED_AT = clock.parse_instant("2020-04-10T09:00:00+07:00")
STORED_WITHIN = 60.0  # the server stores events a few seconds after it receives them


def _second_directive(path: Path) -> Path:
    spec = {
        "number": "4240/UBND-VX",
        "kind": "cong_van",
        "title": "Về việc rà soát, sắp xếp cán bộ, công chức cấp xã",
        "issuer": "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        "issued_on": "2020-04-03",
        "tasks": [
            {"id": "ra-soat", "text": "Rà soát đội ngũ công chức.", "lead": "TT-SONLAM", "due": "2020-04-24"}
        ],
    }
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _run_of(ctx: Context, number: str) -> str:
    with ctx.session() as session:
        run = session.exec(select(Directive.flow_run_id).where(Directive.number == number)).one()
    assert run is not None
    return run


def _pending_subtask_of(ctx: Context, number: str, agency: str) -> int:
    with ctx.session() as session:
        found = session.exec(
            select(Subtask.id)
            .join(Task, col(Subtask.task_id) == Task.id)
            .join(Directive, col(Task.directive_id) == Directive.id)
            .join(Agency, col(Subtask.agency_id) == Agency.id)
            .where(Directive.number == number, Agency.code == agency, Subtask.status == "pending")
            .order_by(col(Subtask.id))
        ).first()
    assert found is not None
    return found


def _flow_runs_related(event: ReceivedEvent) -> set[str]:
    return {r.id.removeprefix("prefect.flow-run.") for r in event.related if r.role == "flow-run"}


def _artifact_updates(key: str, since: dt.datetime) -> list[ReceivedEvent]:
    """The "artifact updated" events since `since` of the artifact under this key that dondoc
    updates (the newest: the session's Prefect server keeps other tests' under the same key),
    once stored."""
    with get_client(sync_client=True) as client:
        (latest,) = client.read_latest_artifacts(
            artifact_filter=ArtifactCollectionFilter(key=ArtifactCollectionFilterKey(any_=[key]))
        )
        deadline = time.monotonic() + STORED_WITHIN
        while True:
            page = client.read_events(
                filter=EventFilter(
                    occurred=EventOccurredFilter(since=since),
                    event=EventNameFilter(name=["prefect.artifact.updated"]),
                    resource=EventResourceFilter(id=[f"prefect.artifact.{latest.latest_id}"]),
                ),
                limit=50,
            )
            if page.events or time.monotonic() > deadline:
                return page.events
            time.sleep(0.5)  # waiting for the server's persister, not for dondoc's clock


@pytest.mark.usefixtures("prefect_server")
def test_an_action_relates_to_its_directives_intake_run(
    ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect.settings import PREFECT_API_URL

    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))
    started = dt.datetime.now(dt.UTC)
    # the first registered by another process, as `make run`'s replay does
    loaded = subprocess.run(
        [
            str(Path(sys.executable).parent / "dondoc"),
            "--now",
            SEED_REGISTERED_AT,
            "load",
            str(SEED_SPEC),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stderr
    first = json.loads(loaded.stdout)["directive"]
    # this process as a portal that has sent no Prefect event yet: Prefect's events worker starts
    # with the first one it sends (an earlier test's would otherwise be running)
    EventsWorker.drain_all()
    clock.set_now(ACTED_AT)
    with ctx.session() as session:
        token = issue_link(session, code="VPHU", coordinator=True, rotate=False, now=ACTED_AT).token
    coordinator = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(ctx)) as client:
        # the second registered by this portal process, from its "Văn bản mới"
        spec = _second_directive(tmp_path / "cong-van-4240.yaml").read_bytes()
        draft = client.post("/api/drafts", headers=coordinator, files={"file": ("cong-van-4240.yaml", spec)})
        assert draft.status_code == 201, draft.text
        registered = client.post(f"/api/drafts/{draft.json()['id']}/register", headers=coordinator)
        assert registered.status_code == 201, registered.text
        second = registered.json()["directive"]["number"]
        # a coordinator's "done" completes at once: the progress moves, so its artifact is updated
        target = _pending_subtask_of(ctx, first, "TT-SONLAM")
        done = client.post(
            f"/api/subtasks/{target}/done", headers=coordinator, data={"note": "Đã rà soát xong"}
        )
        assert done.status_code == 200, done.text
    first_run, second_run = _run_of(ctx, first), _run_of(ctx, second)
    assert first_run != second_run

    with ctx.session() as session:
        action_row = session.exec(
            select(Event).where(Event.subtask_id == target).order_by(col(Event.id).desc())
        ).first()
    assert action_row is not None
    (action_id,) = [i for i, row in prefect_ids(ctx, [action_row]).items() if row.id == action_row.id]
    (action_event,) = stored_events([uuid.UUID(str(action_id))])
    assert _flow_runs_related(action_event) == {first_run}

    updates = _artifact_updates(progress_key(first), since=started)
    assert updates, "the first directive's progress artifact was not updated"
    assert all(_flow_runs_related(update) == {first_run} for update in updates), [
        _flow_runs_related(u) for u in updates
    ]
