"""Publishing to Prefect takes the oldest pending audit rows first, and a registration's flow
sends one batch: the directive's own row must be the oldest of its registration, or a province's
directive would reach the event feed only after its 100,000 subtasks' rows."""

from __future__ import annotations

import datetime as dt

from sqlmodel import col, select

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.record import publication
from dondoc.record.models import Event


def test_the_directive_row_comes_before_its_subtasks(ctx: Context, seeded: RegistrationResult) -> None:
    with ctx.session() as session:
        actions = session.exec(select(Event.action).order_by(col(Event.id))).all()
        assert actions[0] == "directive.registered"
        assert set(actions[1:]) == {"subtask.created"} and len(actions) == seeded.subtasks + 1
        ids, _ = publication.claim(session, now=dt.datetime.now(dt.UTC), limit=1)
        first = session.get(Event, ids[0])
        assert first is not None and first.action == "directive.registered"
