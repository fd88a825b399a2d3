"""An extension moves the due date forward to a day not yet past; a follow-up is set for a moment
to come. Each refusal names the form's field and changes nothing."""

import datetime as dt

import pytest
from sqlmodel import select

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.reading.queries import list_subtasks
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.errors import DondocError
from dondoc.record.models import ExtensionRequest, FollowUp, Subtask
from dondoc.work.extensions import approve_extension, request_extension
from dondoc.work.followups import schedule_follow_up

# 125-KL/HU gave the Mặt trận until 16/04/2020 to stop gatherings; on 08/05/2020 that is long past
LATE = clock.parse_instant("2020-05-08T09:00+07:00")
COORDINATOR = Actor("VPHU", is_coordinator=True)
TASK = "tam-dung-su-kien-lam-viec-tai-nha"


def _subtask_id(ctx: Context, task: str, agency: str) -> int:
    with ctx.session() as session:
        views = list_subtasks(session, now=LATE, calendar=ctx.calendar)
    return next(v.id for v in views if v.task == task and v.agency == agency)


def _ask(ctx: Context, subtask_id: int, day: dt.date, now: dt.datetime = LATE) -> None:
    with ctx.session() as session:
        request_extension(
            session,
            subtask_id=subtask_id,
            actor=Actor("UBMTTQ"),
            now=now,
            calendar=ctx.calendar,
            reason="chờ ý kiến",
            proposed_on=day,
        )
        session.commit()


def test_an_extension_to_a_day_already_past_is_refused(ctx: Context, seeded: RegistrationResult) -> None:
    subtask_id = _subtask_id(ctx, TASK, "UBMTTQ")
    with pytest.raises(DondocError, match=r"Đến ngày: ngày 01/05/2020 đã qua \(hôm nay 08/05/2020\)"):
        _ask(ctx, subtask_id, dt.date(2020, 5, 1))
    with ctx.session() as session:
        assert session.exec(select(ExtensionRequest)).all() == []


def test_an_extension_to_today_or_later_is_accepted(ctx: Context, seeded: RegistrationResult) -> None:
    subtask_id = _subtask_id(ctx, TASK, "UBMTTQ")
    _ask(ctx, subtask_id, dt.date(2020, 5, 8))
    with ctx.session() as session:
        assert [r.proposed_on for r in session.exec(select(ExtensionRequest)).all()] == [dt.date(2020, 5, 8)]


def test_a_proposal_that_has_passed_by_the_decision_needs_a_new_date(
    ctx: Context, seeded: RegistrationResult
) -> None:
    subtask_id = _subtask_id(ctx, TASK, "UBMTTQ")
    _ask(ctx, subtask_id, dt.date(2020, 5, 4), now=clock.parse_instant("2020-04-29T09:00+07:00"))
    with (
        ctx.session() as session,
        pytest.raises(DondocError, match=r"Hạn mới \(theo đề nghị\): ngày 04/05/2020 đã qua"),
    ):
        approve_extension(session, subtask_id=subtask_id, actor=COORDINATOR, now=LATE, calendar=ctx.calendar)
    with ctx.session() as session:
        approve_extension(
            session,
            subtask_id=subtask_id,
            actor=COORDINATOR,
            now=LATE,
            calendar=ctx.calendar,
            due_on=dt.date(2020, 5, 15),
        )
        session.commit()
        sub = session.get(Subtask, subtask_id)
        assert sub is not None and clock.format_date(sub.due_at) == "15/05/2020"


def test_a_follow_up_in_the_past_is_refused(ctx: Context, seeded: RegistrationResult) -> None:
    subtask_id = _subtask_id(ctx, TASK, "UBMTTQ")
    with ctx.session() as session, pytest.raises(DondocError, match=r"Thời điểm nhắc: .* đã qua"):
        schedule_follow_up(
            session,
            subtask_id=subtask_id,
            actor=COORDINATOR,
            now=LATE,
            remind_at=clock.parse_instant("2020-05-07T08:00+07:00"),
        )
    with ctx.session() as session:
        assert session.exec(select(FollowUp)).all() == []
