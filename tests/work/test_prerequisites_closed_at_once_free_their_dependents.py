"""The prerequisites of a subtask confirmed by several coordinators at the same moment free it
once: each confirmation locks the dependent before counting what is still open, so the last one
to commit sees the others done (on PostgreSQL each would otherwise see the others still open and
free nothing; SQLite serialises the writers)."""

from __future__ import annotations

from typing import Any

from sqlmodel import func, select

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.record.audit import Actor
from dondoc.record.enums import SubtaskStatus
from dondoc.record.models import Event, Subtask
from dondoc.work.actions import complete
from dondoc.work.review import confirm
from tests.portal.test_a_double_click_changes_once import at_once
from tests.work.test_subtask_completion import NOW, _subtasks

COORDINATOR = Actor("VPHU", is_coordinator=True)


def test_parallel_confirmations_free_the_printing(ctx: Context, seeded: RegistrationResult) -> None:
    compose = _subtasks(ctx, "bien-soan-to-roi")
    assert len(compose) >= 2
    for agency, view in compose.items():
        with ctx.session() as session:
            complete(session, subtask_id=view.id, actor=Actor(agency), now=NOW, calendar=ctx.calendar)
    pending = iter(view.id for view in compose.values())

    def confirm_one() -> Any:
        subtask_id = next(pending)
        with ctx.session() as session:
            return confirm(session, subtask_id=subtask_id, actor=COORDINATOR, now=NOW, calendar=ctx.calendar)

    at_once(len(compose), confirm_one)
    printing = _subtasks(ctx, "in-to-roi")
    assert {view.status for view in printing.values()} == {SubtaskStatus.PENDING}
    with ctx.session() as session:
        unblocked = session.exec(
            select(func.count())
            .select_from(Event)
            .where(
                Event.action == "subtask.unblocked", Event.subtask_id.in_([v.id for v in printing.values()])
            )  # type: ignore[union-attr]
        ).one()
        assert unblocked == len(printing)
        assert session.exec(select(func.count()).select_from(Subtask)).one() == 194
