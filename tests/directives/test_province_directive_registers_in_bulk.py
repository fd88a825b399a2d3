"""A province's directive, fanned out to every village, registers in bulk with everything a
subtask needs: its policy and first reminder, its audit row, and a village waiting only for its
own commune's plan; an update adds, cancels and re-links in bulk too."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from sqlmodel import col, func, select

from dondoc.context import Context
from dondoc.escalation.policies import snapshot
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.enums import SubtaskStatus
from dondoc.record.models import Agency, Event, Subtask, SubtaskDependency, Task
from dondoc.registration import plan_from_file, register_directive
from dondoc.work.actions import complete
from tests.province import Province, write_province

AT = clock.parse_instant("2026-03-02T15:00:00+07:00")


@pytest.fixture
def province(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Province:
    made = write_province(tmp_path / "province", communes=4, villages=3, subtasks=60)
    monkeypatch.setenv("DONDOC_CONFIG", str(made.config))
    return made


@pytest.fixture
def province_ctx(province: Province) -> Context:
    ctx = Context.load()
    ctx.initialise()
    return ctx


def _register(ctx: Context, path: Path, *, update: bool = False):  # type: ignore[no-untyped-def]
    return register_directive(ctx, plan_from_file(ctx, path), update=update, actor=Actor("VPTU"), now=AT)


def _codes(ctx: Context) -> dict[int, str]:
    with ctx.session() as session:
        return {a.id: a.code for a in session.exec(select(Agency)).all() if a.id is not None}


def _subtasks(ctx: Context) -> dict[tuple[str, str], Subtask]:
    codes = _codes(ctx)
    with ctx.session() as session:
        rows = session.exec(select(Subtask, Task.key).join(Task)).all()
    return {(key, codes[sub.agency_id]): sub for sub, key in rows}


def test_every_village_gets_its_subtask_waiting_for_its_commune(
    province_ctx: Context, province: Province
) -> None:
    result = _register(province_ctx, province.spec)
    assert result.status == "created" and result.subtasks == province.subtasks == 4 + 5 * 13
    subs = _subtasks(province_ctx)
    by_id = {sub.id: key for key, sub in subs.items()}
    with province_ctx.session() as session:
        edges = session.exec(select(SubtaskDependency)).all()
        created = session.exec(
            select(Event.subtask_id).where(
                Event.action == "subtask.created", Event.directive_id == result.directive_id
            )
        ).all()
    waits: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for edge in edges:
        waits.setdefault(by_id[edge.subtask_id], set()).add(by_id[edge.prerequisite_id])
    # a village waits for its own commune's plan, nothing else; the province's Mặt trận for every commune's
    assert waits[("thon-viec-01", "XA002-T03")] == {("xa-lap-ke-hoach", "XA002")}
    communes = {("xa-lap-ke-hoach", f"XA{c:03d}") for c in range(1, 5)}
    assert waits[("thon-viec-05", "MTTQ-TINH")] == communes
    assert len(edges) == 5 * (12 * 1 + 4)
    assert sorted(created) == sorted(by_id)  # one audit row per subtask
    statuses = Counter((key[0] == "xa-lap-ke-hoach", sub.status) for key, sub in subs.items())
    assert statuses == {(True, SubtaskStatus.PENDING): 4, (False, SubtaskStatus.BLOCKED): 65}
    plan_subtask = subs[("xa-lap-ke-hoach", "XA001")]
    assert plan_subtask.policy == snapshot(province_ctx.policies["default"])
    # 10 working days from Monday 2/3/2026: due 16/3; the first reminder 3 working days before
    assert (
        plan_subtask.due_at
        == plan_subtask.original_due_at
        == clock.parse_instant("2026-03-16T23:59:59+07:00")
    )
    assert plan_subtask.next_action_at == clock.parse_instant("2026-03-11T07:00:00+07:00")
    assert all(sub.next_action_at is None for key, sub in subs.items() if sub.status is SubtaskStatus.BLOCKED)


def test_update_adds_cancels_and_frees_in_bulk(
    province_ctx: Context, province: Province, tmp_path: Path
) -> None:
    _register(province_ctx, province.spec)
    before = _subtasks(province_ctx)
    with province_ctx.session() as session:
        complete(
            session,
            subtask_id=before[("xa-lap-ke-hoach", "XA003")].id,
            actor=Actor("VPTU", is_coordinator=True),
            now=AT,
            calendar=province_ctx.calendar,
        )
    data = yaml.safe_load(province.spec.read_text(encoding="utf-8"))
    dropped = data["tasks"].pop(1)  # thon-viec-01
    added = {**data["tasks"][-1], "id": "thon-viec-moi", "due": "2026-05-29"}
    data["tasks"].append(added)
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    result = _register(province_ctx, edited, update=True)
    assert result.status == "updated"
    assert (result.added, result.cancelled) == (13, 13)
    after = _subtasks(province_ctx)
    assert all(after[key].status is SubtaskStatus.CANCELLED for key in after if key[0] == dropped["id"])
    assert all(after[key].next_action_at is None for key in after if key[0] == dropped["id"])
    # the villages of the commune whose plan is done may start, the new task's too; the rest wait
    new_village = after[("thon-viec-moi", "XA003-T01")]
    assert new_village.status is SubtaskStatus.PENDING
    assert new_village.due_at == clock.parse_instant("2026-05-29T23:59:59+07:00")
    assert new_village.next_action_at == clock.parse_instant("2026-05-26T07:00:00+07:00")
    assert after[("thon-viec-02", "XA003-T02")].status is SubtaskStatus.PENDING
    assert after[("thon-viec-02", "XA001-T02")].status is SubtaskStatus.BLOCKED
    with province_ctx.session() as session:
        cancelled_events = session.exec(
            select(func.count()).where(col(Event.action) == "subtask.cancelled")
        ).one()
        edges = session.exec(select(func.count()).select_from(SubtaskDependency)).one()
    assert cancelled_events == 13
    assert edges == 5 * 16
    assert _register(province_ctx, edited, update=True).status == "unchanged"
