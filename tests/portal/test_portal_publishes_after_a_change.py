"""The portal hands its changes to the publisher after answering: for every successful change
(web form or API), never for a read or a refused request, only the audit rows that change wrote
(the backlog is the sweep's), and a publisher that fails does not fail the request (the rows wait
for the sweep)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import col, select

from dondoc.context import Context
from dondoc.portal.app import create_app
from dondoc.record import clock
from dondoc.record.models import Event
from tests.portal.conftest import NOW, TOWN, issue_tokens


def audit_rows(ctx: Context) -> int:
    with ctx.session() as session:
        return session.exec(select(func.count()).select_from(Event)).one()


def newest_rows(ctx: Context, n: int) -> list[int]:
    with ctx.session() as session:
        return sorted(session.exec(select(Event.id).order_by(col(Event.id).desc()).limit(n)).all())


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.rows_seen: list[int] = []
        self.handed: list[list[int]] = []
        self.fail = fail

    def __call__(self, ctx: Context, event_ids: list[int]) -> None:
        # what the publisher finds: the change has committed before it runs
        self.rows_seen.append(audit_rows(ctx))
        self.handed.append(event_ids)
        if self.fail:
            raise ConnectionError("Prefect is down")


def test_changes_are_published_after_the_answer(seeded_ctx: Context) -> None:
    clock.set_now(NOW)
    recorder = Recorder()
    tokens = issue_tokens(seeded_ctx)
    with TestClient(create_app(seeded_ctx, scheduler=lambda i, at: "run", publisher=recorder)) as client:
        bearer = {"Authorization": f"Bearer {tokens[TOWN]}"}
        mine = client.get("/api/subtasks", headers=bearer).json()
        assert recorder.rows_seen == []  # a read publishes nothing
        target = next(s["id"] for s in mine if s["status"] == "pending")
        before = audit_rows(seeded_ctx)
        assert client.post(f"/api/subtasks/{target}/ack", headers=bearer).status_code == 200
        assert recorder.rows_seen == [before + 1]  # after the commit: the new row is there
        # the seeded directive's rows are all still pending: only the change's own row goes
        assert recorder.handed == [newest_rows(seeded_ctx, 1)]
        done = client.post(f"/api/subtasks/{target}/done", headers=bearer, data={"note": "xong"})
        assert done.status_code == 200 and recorder.handed[-1] == newest_rows(seeded_ctx, 1)
        refused = client.post(f"/api/subtasks/{target}/ack", headers=bearer)
        assert refused.status_code == 409 and len(recorder.rows_seen) == 2


def test_a_failing_publisher_does_not_fail_the_request(seeded_ctx: Context) -> None:
    clock.set_now(NOW)
    tokens = issue_tokens(seeded_ctx)
    recorder = Recorder(fail=True)
    with TestClient(create_app(seeded_ctx, scheduler=lambda i, at: "run", publisher=recorder)) as client:
        bearer = {"Authorization": f"Bearer {tokens[TOWN]}"}
        target = next(
            s["id"] for s in client.get("/api/subtasks", headers=bearer).json() if s["status"] == "pending"
        )
        answer = client.post(f"/api/subtasks/{target}/ack", headers=bearer)
    assert answer.status_code == 200 and answer.json()["subtask"]["status"] == "acknowledged"
    assert len(recorder.rows_seen) == 1
