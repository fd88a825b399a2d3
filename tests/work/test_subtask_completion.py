"""Completing a subtask: who may, what it frees, and what is refused."""

import datetime as dt

import pytest
from sqlmodel import select

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.reading.queries import SubtaskView, list_subtasks
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.enums import SubtaskStatus
from dondoc.record.errors import Conflict, Forbidden, NotFound
from dondoc.record.models import Agency, Subtask
from dondoc.work.actions import complete
from dondoc.work.review import confirm

NOW = clock.parse_instant("2020-04-08T10:00")
COORDINATOR = Actor("VPHU", is_coordinator=True)


def _subtasks(ctx: Context, task: str) -> dict[str, SubtaskView]:
    with ctx.session() as session:
        return {v.agency: v for v in list_subtasks(session, now=NOW, calendar=ctx.calendar) if v.task == task}


def _done(ctx: Context, view: SubtaskView, by: str) -> list[int]:
    """The agency reports it done and a coordinator confirms: the confirmation frees dependents."""
    with ctx.session() as session:
        complete(session, subtask_id=view.id, actor=Actor(by), now=NOW, calendar=ctx.calendar, note="xong")
        return confirm(session, subtask_id=view.id, actor=COORDINATOR, now=NOW, calendar=ctx.calendar)


def test_owner_completes_its_subtask(ctx: Context, seeded: RegistrationResult) -> None:
    view = _subtasks(ctx, "tam-hoan-hoi-nghi-huyen-uy")["VPHU"]
    _done(ctx, view, "VPHU")
    with ctx.session() as session:
        sub = session.get(Subtask, view.id)
        assert (
            sub is not None
            and sub.status is SubtaskStatus.DONE
            and sub.completed_at == NOW
            and sub.note == "xong"
        )


def test_other_agency_is_refused_and_nothing_changes(ctx: Context, seeded: RegistrationResult) -> None:
    view = _subtasks(ctx, "tam-hoan-hoi-nghi-huyen-uy")["VPHU"]
    with pytest.raises(Forbidden, match="không được"):
        _done(ctx, view, "PVHTT")
    with ctx.session() as session:
        assert session.get(Subtask, view.id).status is SubtaskStatus.PENDING  # type: ignore[union-attr]


def test_commune_may_complete_for_its_village_but_not_another(
    ctx: Context, seeded: RegistrationResult
) -> None:
    compose = _subtasks(ctx, "bien-soan-to-roi")
    for agency, view in compose.items():
        _done(ctx, view, agency)
    printing = _subtasks(ctx, "in-to-roi")
    handing_out = _subtasks(ctx, "phat-to-roi")
    with ctx.session() as session:
        parents = {a.code: a.parent_id for a in session.exec(select(Agency)).all()}
        ids = {a.id: a.code for a in session.exec(select(Agency)).all()}
    village = next(iter(handing_out))
    commune = ids[parents[village]]
    other = next(c for c in printing if c != commune)
    _done(ctx, printing[commune], commune)
    with pytest.raises(Forbidden):
        _done(ctx, handing_out[village], other)
    _done(ctx, handing_out[village], commune)


def test_blocked_subtask_cannot_be_completed(ctx: Context, seeded: RegistrationResult) -> None:
    commune, view = next(iter(_subtasks(ctx, "in-to-roi").items()))
    with pytest.raises(Conflict, match="chờ việc trước"):
        _done(ctx, view, commune)


def test_finishing_the_leaflet_frees_printing_then_the_villages(
    ctx: Context, seeded: RegistrationResult
) -> None:
    compose = _subtasks(ctx, "bien-soan-to-roi")
    freed: list[int] = []
    for agency, view in compose.items():
        freed += _done(ctx, view, agency)
    printing = _subtasks(ctx, "in-to-roi")
    assert sorted(freed) == sorted(v.id for v in printing.values())
    assert all(v.status is SubtaskStatus.PENDING for v in printing.values())
    commune, view = next(iter(printing.items()))
    freed_villages = _done(ctx, view, commune)
    with ctx.session() as session:
        agency_id = session.exec(select(Agency.id).where(Agency.code == commune)).one()
        villages = session.exec(select(Agency.code).where(Agency.parent_id == agency_id)).all()
    handing_out = _subtasks(ctx, "phat-to-roi")
    assert sorted(freed_villages) == sorted(handing_out[v].id for v in villages)
    assert all(handing_out[v].status is SubtaskStatus.PENDING for v in villages)


def test_completing_twice_is_refused(ctx: Context, seeded: RegistrationResult) -> None:
    view = _subtasks(ctx, "tam-hoan-hoi-nghi-huyen-uy")["VPHU"]
    _done(ctx, view, "VPHU")
    with pytest.raises(Conflict):
        _done(ctx, view, "VPHU")


def test_unknown_subtask(ctx: Context, seeded: RegistrationResult) -> None:
    with ctx.session() as session, pytest.raises(NotFound):
        complete(session, subtask_id=999_999, actor=Actor("VPHU"), now=NOW, calendar=ctx.calendar)


def test_due_counted_from_prerequisite_starts_when_it_completes(ctx: Context, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dondoc.registration import plan_from_file, register_directive

    spec = tmp_path / "chain.yaml"
    spec.write_text(
        """
number: "7-CV/UBND"
kind: cong_van
title: Công văn thử
issuer: UBND
issued_on: 2020-04-01
tasks:
  - {id: du-thao, text: Dự thảo kế hoạch, lead: PVHTT, due: 2020-04-06}
  - {id: ban-hanh, text: Ban hành kế hoạch, lead: VPUB, depends_on: [du-thao], due: 2 working days after prerequisite}
""",
        encoding="utf-8",
    )
    register_directive(ctx, plan_from_file(ctx, spec), update=False, actor=Actor("VPUB"), now=NOW)
    with ctx.session() as session:
        views = {
            v.task: v for v in list_subtasks(session, now=NOW, calendar=ctx.calendar, directive="7-CV/UBND")
        }
    assert views["ban-hanh"].due_at is None
    _done(ctx, views["du-thao"], "PVHTT")  # Wednesday 8/4/2020
    with ctx.session() as session:
        sub = session.get(Subtask, views["ban-hanh"].id)
        assert sub is not None and clock.to_local(sub.due_at).date() == dt.date(2020, 4, 10)  # type: ignore[arg-type]


def test_a_decomposed_note_is_stored_in_nfc(ctx: Context, seeded: RegistrationResult) -> None:
    import unicodedata

    view = _subtasks(ctx, "tam-hoan-hoi-nghi-huyen-uy")["VPHU"]
    typed = unicodedata.normalize("NFD", " Đã thông báo hoãn hội nghị.\nGửi kèm lịch mới. ")
    with ctx.session() as session:
        complete(session, subtask_id=view.id, actor=Actor("VPHU"), now=NOW, calendar=ctx.calendar, note=typed)
    with ctx.session() as session:
        sub = session.get(Subtask, view.id)
        assert sub is not None and sub.note == "Đã thông báo hoãn hội nghị.\nGửi kèm lịch mới."
        assert unicodedata.is_normalized("NFC", sub.note)
