"""The seed conclusion registers whole: every item, its fan-outs, dependencies and due dates."""

import datetime as dt
from collections import Counter

from sqlmodel import select

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.directives.registry import load_agencies
from dondoc.directives.spec import read_spec
from dondoc.reading.queries import list_subtasks
from dondoc.record import clock
from dondoc.record.enums import Role, SubtaskStatus
from dondoc.record.models import Agency, Event, Subtask, SubtaskDependency, Task
from tests.conftest import CONFIG, SEED_SPEC

REGISTRY = load_agencies(CONFIG)
COMMUNES = {a.code for a in REGISTRY.descendants("HUYEN") if a.kind == "xa"}
VILLAGES = {a.code for a in REGISTRY.descendants("HUYEN") if a.kind == "thon"}


def _views(ctx: Context):  # type: ignore[no-untyped-def]
    with ctx.session() as session:
        return list_subtasks(session, now=clock.parse_instant("2020-04-02T09:00"), calendar=ctx.calendar)


def _by_task(ctx: Context) -> dict[str, list]:
    tasks: dict[str, list] = {}
    for view in _views(ctx):
        tasks.setdefault(view.task, []).append(view)
    return tasks


def test_every_item_becomes_a_task(ctx: Context, seeded: RegistrationResult) -> None:
    spec, _ = read_spec(SEED_SPEC)
    assert seeded.status == "created"
    assert seeded.tasks == len(spec.tasks) >= 20
    with ctx.session() as session:
        keys = set(session.exec(select(Task.key)).all())
    assert keys == {t.id for t in spec.tasks}


def test_poor_household_review_fans_out_to_every_commune(ctx: Context, seeded: RegistrationResult) -> None:
    subs = _by_task(ctx)["ra-soat-ho-ngheo"]
    assert {s.agency for s in subs if s.role is Role.FAN_OUT} == COMMUNES


def test_leaflet_chain_waits_commune_by_commune(ctx: Context, seeded: RegistrationResult) -> None:
    tasks = _by_task(ctx)
    compose = tasks["bien-soan-to-roi"]
    printing = {s.agency: s for s in tasks["in-to-roi"]}
    handing_out = {s.agency: s for s in tasks["phat-to-roi"]}
    assert {s.agency for s in compose} >= {"UBND"}
    assert all(s.status is SubtaskStatus.PENDING for s in compose)
    assert set(printing) == COMMUNES and set(handing_out) == VILLAGES
    assert all(s.status is SubtaskStatus.BLOCKED for s in [*printing.values(), *handing_out.values()])
    with ctx.session() as session:
        edges = session.exec(select(SubtaskDependency)).all()
    waits_for: dict[int, set[int]] = {}
    for edge in edges:
        waits_for.setdefault(edge.subtask_id, set()).add(edge.prerequisite_id)
    for village, sub in handing_out.items():
        commune = REGISTRY.get(village).parent_code  # type: ignore[union-attr]
        assert waits_for[sub.id] == {printing[commune].id}
    for sub in printing.values():
        assert waits_for[sub.id] == {s.id for s in compose}


def test_one_stop_counter_at_district_and_every_commune(ctx: Context, seeded: RegistrationResult) -> None:
    subs = _by_task(ctx)["bo-tri-lai-bo-phan-mot-cua"]
    assert {s.agency for s in subs} == COMMUNES | {"VPUB"}


def test_due_dates_follow_the_text(ctx: Context, seeded: RegistrationResult) -> None:
    tasks = _by_task(ctx)
    end_of_day = dt.timedelta(hours=23, minutes=59, seconds=59)

    def local_due(task: str) -> set[dt.datetime]:
        return {clock.to_local(s.due_at).replace(tzinfo=None) for s in tasks[task]}

    assert local_due("tam-dung-su-kien-lam-viec-tai-nha") == {dt.datetime(2020, 4, 16) + end_of_day}
    assert local_due("tam-hoan-hoi-nghi-huyen-uy") == {dt.datetime(2020, 4, 16) + end_of_day}
    assert local_due("nang-cao-chat-luong-cai-cach-hanh-chinh") == {dt.datetime(2020, 12, 31) + end_of_day}
    assert local_due("thuc-hien-12-nhiem-vu-trong-tam") == {dt.datetime(2020, 4, 30) + end_of_day}
    assert all(s.due_at == s.original_due_at for subs in tasks.values() for s in subs)


def test_alias_written_leads_resolve_to_codes(ctx: Context, seeded: RegistrationResult) -> None:
    with ctx.session() as session:
        leads = set(session.exec(select(Task.lead_code)).all())
        codes = set(session.exec(select(Agency.code)).all())
    assert leads <= codes


def test_every_subtask_has_its_creation_in_the_audit_log(ctx: Context, seeded: RegistrationResult) -> None:
    with ctx.session() as session:
        created = Counter(session.exec(select(Event.action)).all())
        subtasks = len(session.exec(select(Subtask.id)).all())
    assert created["subtask.created"] == subtasks == seeded.subtasks
    assert created["directive.registered"] == 1


def test_subtasks_snapshot_their_policy(ctx: Context, seeded: RegistrationResult) -> None:
    with ctx.session() as session:
        policies = session.exec(select(Subtask.policy)).all()
    assert all(p["steps"] for p in policies)
