"""Timeliness computed in SQL gives the answers of the Python rules (dondoc.record.timeliness):
over the seed directive's seven weeks (1/4 to 20/5/2020), with items done early, reported late and
confirmed, extended, cancelled, done without a completion time, and freed from their prerequisite;
at each state, at many instants (the edges of due days and of "near due" among them), for every
row, for each timeliness filter's count, for the four counts per agency, and for the dashboard's
rows and totals."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session, col, select

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.reading.counts import AgencyCounts, agency_counts
from dondoc.reading.overview import counts_by_level
from dondoc.reading.queries import SubtaskFilter, count_subtasks, list_subtasks
from dondoc.reading.timeliness_sql import Moment
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.clock import as_utc, end_of_local_day, parse_instant, to_local
from dondoc.record.enums import AgencyKind, SubtaskStatus, Timeliness
from dondoc.record.models import Agency, Subtask, SubtaskDependency
from dondoc.record.timeliness import timeliness
from dondoc.registration import plan_from_file, register_directive
from dondoc.work.actions import complete
from dondoc.work.assignment import cancel
from dondoc.work.extensions import approve_extension, request_extension
from dondoc.work.review import confirm

FIRST, LAST = dt.date(2020, 4, 1), dt.date(2020, 5, 20)
# beside the seed: work without a deadline, and a step whose due date comes with its prerequisite
UNDATED = """
number: "9-CV/UBND"
kind: cong_van
title: Công văn không thời hạn
issuer: UBND
issued_on: 2020-04-01
tasks:
  - {id: theo-doi, text: Theo dõi thường xuyên, lead: PVHTT, due: none}
  - {id: tong-hop, text: Tổng hợp ý kiến, lead: VPUB, due: none}
  - {id: du-thao, text: Dự thảo kế hoạch, lead: PVHTT, due: 2020-04-08}
  - {id: ban-hanh, text: Ban hành kế hoạch, lead: VPUB, depends_on: [du-thao], due: 2 working days after prerequisite}
"""
COORDINATOR = Actor("VPHU", is_coordinator=True)
Step = Callable[[Session, dt.datetime, Context], object]


def at(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return parse_instant(f"{day.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}+07:00")


def by_due_day(session: Session) -> dict[dt.date, list[Subtask]]:
    found: dict[dt.date, list[Subtask]] = {}
    for sub in session.exec(select(Subtask).order_by(col(Subtask.id))).all():
        if sub.due_at is not None and sub.status is SubtaskStatus.PENDING:
            found.setdefault(to_local(sub.due_at).date(), []).append(sub)
    return found


def agency_of(session: Session, sub: Subtask) -> str:
    agency = session.get(Agency, sub.agency_id)
    assert agency is not None
    return agency.code


def plan(ctx: Context) -> dict[dt.date, list[Step]]:
    """What happens on which day (at 10:00)."""
    with ctx.session() as session:
        due = by_due_day(session)
        undated = {
            v.task: v.id
            for v in list_subtasks(session, now=at(FIRST, 16), calendar=ctx.calendar, directive="9-CV/UBND")
        }
        early, late, extended = (s.id for s in due[dt.date(2020, 4, 16)][:3])
        on_time, overdue_done, dropped, unstamped = (s.id for s in due[dt.date(2020, 4, 30)][:4])
        asker = agency_of(session, due[dt.date(2020, 4, 16)][2])
        late_owner = agency_of(session, due[dt.date(2020, 4, 16)][1])
        prerequisite = session.exec(select(SubtaskDependency.prerequisite_id)).first()
    assert None not in (early, late, extended, on_time, overdue_done, dropped, unstamped, prerequisite)

    def done(subtask_id: int | None, actor: Actor = COORDINATOR) -> Step:
        return lambda s, now, c: complete(
            s, subtask_id=subtask_id or 0, actor=actor, now=now, calendar=c.calendar
        )

    def ask(s: Session, now: dt.datetime, c: Context) -> object:
        request_extension(
            s,
            subtask_id=extended or 0,
            actor=Actor(asker),
            now=now,
            calendar=c.calendar,
            reason="Chờ kinh phí",
            proposed_on=dt.date(2020, 4, 24),
        )
        return approve_extension(s, subtask_id=extended or 0, actor=COORDINATOR, now=now, calendar=c.calendar)

    def unstamp(s: Session, now: dt.datetime, c: Context) -> object:
        # a done subtask with no completion time (imported, or written by hand) is judged at now
        sub = s.get(Subtask, unstamped)
        assert sub is not None
        sub.status, sub.completed_at = SubtaskStatus.DONE, None
        s.add(sub)
        return sub

    return {
        dt.date(2020, 4, 9): [done(undated["du-thao"]), done(undated["tong-hop"])],
        dt.date(2020, 4, 10): [done(prerequisite)],
        dt.date(2020, 4, 14): [ask],
        dt.date(2020, 4, 15): [done(early)],
        dt.date(2020, 4, 20): [done(on_time)],
        dt.date(2020, 4, 22): [done(late, Actor(late_owner))],
        dt.date(2020, 4, 23): [done(extended)],
        dt.date(2020, 4, 24): [
            lambda s, now, c: confirm(
                s, subtask_id=late or 0, actor=COORDINATOR, now=now, calendar=c.calendar
            )
        ],
        dt.date(2020, 4, 25): [
            lambda s, now, c: cancel(
                s,
                subtask_id=dropped or 0,
                actor=COORDINATOR,
                now=now,
                calendar=c.calendar,
                reason="Không cần nữa",
            )
        ],
        dt.date(2020, 5, 5): [unstamp],
        dt.date(2020, 5, 6): [done(overdue_done)],
    }


def instants(ctx: Context, day: dt.date, rng: random.Random) -> list[dt.datetime]:
    """That day's hours, the last microsecond of a due day and the first after it, the near-due
    edge and the instant before it, and a few anywhere in the seven weeks."""
    moment = Moment.of(at(day, 9), ctx.calendar)
    due_end = end_of_local_day(day)
    span = int((at(LAST, 23) - at(FIRST, 0)).total_seconds())
    anywhere = [at(FIRST, 0) + dt.timedelta(seconds=rng.randrange(span)) for _ in range(3)]
    return [
        at(day, 0),
        at(day, 9),
        due_end,
        due_end + dt.timedelta(microseconds=1),
        moment.far_from - dt.timedelta(microseconds=1),
        moment.far_from,
        *anywhere,
    ]


def python_counts(
    session: Session, now: dt.datetime, ctx: Context
) -> tuple[Counter[Timeliness], list[AgencyCounts]]:
    """The same answers from the Python rules, over every row."""
    kinds: Counter[Timeliness] = Counter()
    per_agency: dict[str, AgencyCounts] = {}
    rows = session.exec(select(Subtask, Agency).join(Agency, col(Subtask.agency_id) == Agency.id)).all()
    for sub, agency in sorted(rows, key=lambda r: r[1].position):
        kind = timeliness(
            status=SubtaskStatus(sub.status),
            due_at=sub.due_at,
            completed_at=sub.completed_at,
            now=now,
            calendar=ctx.calendar,
        )
        kinds[kind] += 1
        counts = per_agency.setdefault(agency.code, AgencyCounts(agency.code, agency.name))
        field = {
            Timeliness.DONE_ON_TIME: "done_on_time",
            Timeliness.DONE_LATE: "done_late",
            Timeliness.WITHIN: "open_within",
            Timeliness.NEAR_DUE: "open_within",
            Timeliness.OVERDUE: "open_overdue",
            Timeliness.NO_DEADLINE: "no_deadline",
        }.get(kind)
        if field:
            setattr(counts, field, getattr(counts, field) + 1)
    return kinds, list(per_agency.values())


def check_dashboard(
    session: Session,
    ctx: Context,
    now: dt.datetime,
    kinds: Counter[Timeliness],
    per_agency: list[AgencyCounts],
) -> None:
    """The dashboard's rows (bodies, with their villages' overdue folded in) and its totals."""
    levels = counts_by_level(session, now=now, calendar=ctx.calendar)
    assert levels.overdue == kinds[Timeliness.OVERDUE], now
    awaiting = session.exec(
        select(Subtask).where(Subtask.status == SubtaskStatus.AWAITING_CONFIRMATION)
    ).all()
    assert levels.awaiting == len(awaiting)
    agencies = {a.code: a for a in session.exec(select(Agency)).all()}
    by_id = {a.id: a for a in agencies.values()}
    counted = {c.agency: c for c in per_agency}
    for row in levels.rows:
        body = agencies[row.counts.agency]
        assert body.kind is not AgencyKind.THON
        assert row.counts == counted.get(body.code, AgencyCounts(body.code, body.name))
        villages = [a for a in agencies.values() if a.parent_id == body.id and a.kind is AgencyKind.THON]
        assert row.villages == len(villages)
        assert row.villages_overdue == sum(
            counted[v.code].open_overdue for v in villages if v.code in counted
        )
    shown = {r.counts.agency for r in levels.rows}
    for code in counted:
        agency = agencies[code]
        head = by_id[agency.parent_id].code if agency.kind is AgencyKind.THON else code
        assert head in shown, f"{code}'s work is on the dashboard"


def check(ctx: Context, now: dt.datetime, *, with_counts: bool) -> Counter[Timeliness]:
    with ctx.session() as session:
        views = list_subtasks(session, now=now, calendar=ctx.calendar)
        stored = {s.id: s for s in session.exec(select(Subtask)).all()}
        for view in views:
            sub = stored[view.id]
            expected = timeliness(
                status=SubtaskStatus(sub.status),
                due_at=sub.due_at,
                completed_at=sub.completed_at,
                now=now,
                calendar=ctx.calendar,
            )
            assert view.timeliness is expected, (now, view.id, sub.status, sub.due_at, sub.completed_at)
        kinds, per_agency = python_counts(session, now, ctx)
        moment = Moment.of(now, ctx.calendar)
        for kind in Timeliness:
            assert count_subtasks(session, SubtaskFilter(timeliness=kind), moment=moment) == kinds[kind], (
                now,
                kind,
            )
        if with_counts:
            assert agency_counts(session, now=now, calendar=ctx.calendar) == per_agency, now
            check_dashboard(session, ctx, now, kinds, per_agency)
    return kinds


def test_sql_timeliness_equals_the_python_rules_over_seven_weeks(
    ctx: Context, seeded: RegistrationResult, tmp_path: Path
) -> None:
    spec = tmp_path / "khong-thoi-han.yaml"
    spec.write_text(UNDATED, encoding="utf-8")
    register_directive(ctx, plan_from_file(ctx, spec), update=False, actor=Actor("VPUB"), now=at(FIRST, 15))
    steps = plan(ctx)
    rng = random.Random(13)
    seen: Counter[Timeliness] = Counter()
    day = FIRST
    while day <= LAST:
        for step in steps.get(day, []):
            clock.set_now(at(day, 10))
            with ctx.session() as session:
                step(session, at(day, 10), ctx)
        for now in instants(ctx, day, rng):
            seen += check(ctx, now, with_counts=now == at(day, 9))
        day += dt.timedelta(days=1)
    clock.set_now(None)
    # the scenario reached every kind, so each rule was compared, not just the common ones
    assert set(seen) == set(Timeliness)
    with ctx.session() as session:
        extended = [s for s in session.exec(select(Subtask)).all() if s.due_at != s.original_due_at]
    assert extended and all(as_utc(s.due_at) > as_utc(s.original_due_at) for s in extended)  # type: ignore[arg-type]
