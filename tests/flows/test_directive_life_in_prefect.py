"""Two weeks of the seed directive (13/4 to 24/4/2020) as Prefect sees them: registered by the
intake flow, swept by the sweep flow, worked on by agencies and coordinators in between (one
completion through the portal). Read back through the Prefect client: every audit row is one
`dondoc.*` event with the resources it names, the progress artifact stands at the database's
figure, and the per-agency counts have one version per sweep that changed them."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from itertools import pairwise

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from dondoc.context import Context
from dondoc.portal.app import create_app
from dondoc.reading.standing import directive_standing
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.clock import parse_instant, to_local
from dondoc.record.enums import SubtaskStatus
from dondoc.record.models import Agency, Directive, Subtask
from dondoc.record.publication import transition_name
from dondoc.work.access import issue_link
from dondoc.work.actions import acknowledge, complete, report_progress
from dondoc.work.assignment import cancel
from dondoc.work.extensions import approve_extension, request_extension
from dondoc.work.review import confirm, return_for_redo
from orchestration.standing import counts_key, counts_table, progress_key
from tests.conftest import SEED_REGISTERED_AT, SEED_SPEC
from tests.flows.prefect_reads import artifact_versions, audit_rows, prefect_ids, stored_events, table_of

COORDINATOR = Actor("VPHU", source="cli", is_coordinator=True)
SWEEPS = ["2020-04-13", "2020-04-17", "2020-04-20", "2020-04-24"]


def at(day: str, hour: int) -> dt.datetime:
    return parse_instant(f"{day}T{hour:02d}:00:00+07:00")


def sweep(day: str) -> dict[str, object]:
    from flows.sweep import sweep as sweep_flow

    clock.set_now(at(day, 9))
    return asyncio.run(sweep_flow(now=at(day, 9).isoformat()))  # type: ignore[arg-type]


def subtasks_due(ctx: Context, day: dt.date) -> list[tuple[int, str]]:
    with ctx.session() as session:
        rows = session.exec(
            select(Subtask, Agency)
            .join(Agency, col(Subtask.agency_id) == Agency.id)
            .where(col(Subtask.status) == SubtaskStatus.PENDING)
            .order_by(col(Subtask.id))
        ).all()
    return [(s.id, a.code) for s, a in rows if s.due_at and to_local(s.due_at).date() == day and s.id]


def act(ctx: Context, when: dt.datetime, action, **inputs) -> None:  # type: ignore[no-untyped-def]
    clock.set_now(when)
    with ctx.session() as session:
        action(session, now=when, **inputs)


@pytest.mark.usefixtures("prefect_server")
def test_a_directive_life_shows_in_prefect(ctx: Context) -> None:
    from flows.intake import intake

    registered = asyncio.run(intake(path=str(SEED_SPEC), now=SEED_REGISTERED_AT))  # type: ignore[arg-type]
    number = registered["directive"]
    cal = ctx.calendar
    april16 = subtasks_due(ctx, dt.date(2020, 4, 16))
    april30 = subtasks_due(ctx, dt.date(2020, 4, 30))
    (confirmed, confirmed_by), (returned, returned_by) = april16[2], april16[1]
    (extended, extended_by), (cancelled, _), (via_portal, _) = april30[0], april30[1], april30[2]

    sweep(SWEEPS[0])
    act(ctx, at("2020-04-14", 10), acknowledge, subtask_id=confirmed, actor=Actor(confirmed_by))
    act(
        ctx,
        at("2020-04-14", 11),
        report_progress,
        subtask_id=confirmed,
        actor=Actor(confirmed_by),
        calendar=cal,
        note="Đang tổng hợp",
    )
    act(
        ctx,
        at("2020-04-14", 14),
        request_extension,
        subtask_id=extended,
        actor=Actor(extended_by),
        calendar=cal,
        reason="Chờ số liệu của các xã",
        proposed_on=dt.date(2020, 5, 15),
    )
    act(
        ctx,
        at("2020-04-15", 9),
        complete,
        subtask_id=confirmed,
        actor=Actor(confirmed_by),
        calendar=cal,
        note="Đã xong",
    )
    act(ctx, at("2020-04-15", 9), complete, subtask_id=returned, actor=Actor(returned_by), calendar=cal)
    act(ctx, at("2020-04-15", 15), confirm, subtask_id=confirmed, actor=COORDINATOR, calendar=cal)
    act(ctx, at("2020-04-15", 15), approve_extension, subtask_id=extended, actor=COORDINATOR, calendar=cal)
    act(
        ctx,
        at("2020-04-16", 10),
        return_for_redo,
        subtask_id=returned,
        actor=COORDINATOR,
        calendar=cal,
        reason="Thiếu danh sách",
    )
    sweep(SWEEPS[1])
    act(
        ctx,
        at("2020-04-20", 8),
        cancel,
        subtask_id=cancelled,
        actor=COORDINATOR,
        calendar=cal,
        reason="Không còn cần",
    )
    sweep(SWEEPS[2])
    sweep(SWEEPS[3])
    with ctx.session() as session:
        directive = session.exec(select(Directive)).one()
        assert directive.id is not None
        last_swept = counts_table(directive_standing(session, directive.id, now=clock.now()))
    before_portal = artifact_versions(progress_key(number))[0].data

    # a completion in the portal moves the progress artifact at once, before any sweep
    clock.set_now(at("2020-04-24", 10))
    with ctx.session() as session:
        token = issue_link(session, code="VPHU", coordinator=True, rotate=False, now=clock.now()).token
    with TestClient(create_app(ctx)) as client:
        answer = client.post(
            f"/api/subtasks/{via_portal}/done",
            data={"note": "Hoàn thành"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code == 200, answer.text

    # every audit row went out, once, under its transition's name
    rows = audit_rows(ctx)
    assert all(row.published_at is not None for row in rows)
    by_id = prefect_ids(ctx, rows)
    events = stored_events(list(by_id))
    assert len(events) == len(rows)
    names = Counter(e.event for e in events)
    assert names == Counter(f"dondoc.{transition_name(r.action)}" for r in rows)
    for transition in (
        "acknowledged",
        "progress",
        "done",
        "confirmed",
        "returned",
        "extended",
        "overdue",
        "escalated",
        "cancelled",
    ):
        assert names[f"dondoc.subtask.{transition}"] >= 1, transition
    assert names["dondoc.directive.registered"] == 1

    # each names its subtask, directive, agency and the intake flow run
    with ctx.session() as session:
        agencies = {a.code: a for a in session.exec(select(Agency)).all()}
    for event in events:
        row = by_id[event.id]
        related = {r.id: r.role for r in event.related}
        assert related[f"prefect.flow-run.{directive.flow_run_id}"] == "flow-run"
        assert event.payload["at"] == clock.iso_local(row.at)
        if row.subtask_id is not None:
            assert event.resource.id == f"dondoc.subtask.{row.subtask_id}"
            assert related[f"dondoc.directive.{number}"] == "directive"
            assert "agency" in related.values()
    escalated = [e for e in events if e.event == "dondoc.subtask.escalated"]
    late_ubnd = next(e for e in escalated if e.resource.id == f"dondoc.subtask.{april16[0][0]}")
    told = {r.id for r in late_ubnd.related if r.role == "escalated-to"}
    assert f"dondoc.agency.{agencies[april16[0][1]].escalates_to_code}" in told

    # the progress artifact, updated in place, stands where the database does
    with ctx.session() as session:
        standing = directive_standing(session, directive.id, now=clock.now())
    progress = artifact_versions(progress_key(number))
    assert len(progress) == 1 and progress[0].data == standing.percent > before_portal > 0
    assert f"hoàn thành {standing.done}/{standing.counted}" in (progress[0].description or "")

    # the counts: a version for each sweep that changed them, the last one the database's
    tables = [table_of(a) for a in artifact_versions(counts_key(number))]
    assert len(tables) >= 3
    assert all(a != b for a, b in pairwise(tables))
    assert tables[-1] == last_swept
