"""The same spec registered by several requests at once (a double click on "Đăng ký văn bản", two
coordinators, a retried `dondoc load`) is registered once: one "created", the others "unchanged",
one directive, one set of subtasks and audit rows, one kept version; none fails."""

from __future__ import annotations

from collections import Counter

from sqlmodel import func, select

from dondoc.context import Context
from dondoc.directives.versions import SpecVersion
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.models import Directive, Event, Subtask
from dondoc.registration import plan_from_file, register_directive
from tests.conftest import SEED_SPEC
from tests.portal.test_a_double_click_changes_once import at_once

AT = clock.parse_instant("2020-04-01T15:00:00+07:00")
PARALLEL = 8


def _count(ctx: Context, statement) -> int:  # type: ignore[no-untyped-def]
    with ctx.session() as session:
        return int(session.exec(statement).one())


def test_parallel_registrations_of_one_spec_register_it_once(ctx: Context) -> None:
    plan = plan_from_file(ctx, SEED_SPEC)
    results = at_once(
        PARALLEL, lambda: register_directive(ctx, plan, update=False, actor=Actor("VPHU"), now=AT).status
    )
    assert Counter(results) == {"created": 1, "unchanged": PARALLEL - 1}
    assert _count(ctx, select(func.count()).select_from(Directive)) == 1
    assert _count(ctx, select(func.count()).select_from(Subtask)) == 194
    registered = select(func.count()).select_from(Event).where(Event.action == "directive.registered")
    assert _count(ctx, registered) == 1
    created = select(func.count()).select_from(Event).where(Event.action == "subtask.created")
    assert _count(ctx, created) == 194
    assert _count(ctx, select(func.count()).select_from(SpecVersion)) == 1
