"""April and early May 2020 over the seed directive, through the core's own actions: work done on
time, late, after an extension, returned, cancelled, awaiting confirmation at the month's end,
reassigned after it; sweeps on four mornings (notifications to dondocfile://). And an oracle that
replays the audit log row by row in Python, to check the report's SQL against."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

import pytest
from sqlmodel import col, select

from dondoc.context import Context
from dondoc.cycle import run_sweep
from dondoc.reading.periods import Period
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.clock import as_utc, end_of_local_day, parse_instant
from dondoc.record.models import Agency, Event, ExtensionRequest, Subtask, Task
from dondoc.work.actions import complete
from dondoc.work.assignment import cancel, reassign
from dondoc.work.extensions import approve_extension, request_extension
from dondoc.work.review import confirm, return_for_redo

COORDINATOR = Actor("VPHU", source="cli", is_coordinator=True)
REPORTED_AT = parse_instant("2020-05-08T09:00:00+07:00")
SWEEPS = ("2020-04-13", "2020-04-17", "2020-04-27", "2020-05-04")


def at(text: str) -> dt.datetime:
    return parse_instant(f"{text}+07:00")


def subtask_id(ctx: Context, task: str, agency: str) -> int:
    with ctx.session() as session:
        found = session.exec(
            select(Subtask.id)
            .join(Task, col(Subtask.task_id) == Task.id)
            .join(Agency, col(Subtask.agency_id) == Agency.id)
            .where(Task.key == task, Agency.code == agency)
        ).one()
    assert found is not None
    return found


@dataclass
class Played:
    on_time: int  # VPHU's 15-day item, done 15/4
    late: int  # UBND's, done 22/4 (due 16/4)
    extended: int  # UBMTTQ's, extended to 24/4, done 23/4
    returned: int
    cancelled: int
    awaiting: int  # reported 29/4, confirmed 4/5
    reassigned: int  # PNNPTNT's, handed to PTNMT on 5/5


def play_april(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> Played:
    monkeypatch.setenv("DONDOC_NOTIFY_REDIRECT", "dondocfile://")
    cal = ctx.calendar
    ids = Played(
        on_time=subtask_id(ctx, "tam-dung-su-kien-lam-viec-tai-nha", "VPHU"),
        late=subtask_id(ctx, "tam-dung-su-kien-lam-viec-tai-nha", "UBND"),
        extended=subtask_id(ctx, "tam-dung-su-kien-lam-viec-tai-nha", "UBMTTQ"),
        returned=subtask_id(ctx, "bo-tri-lai-bo-phan-mot-cua", "TT-SONLAM"),
        cancelled=subtask_id(ctx, "phat-huy-vai-tro-nguoi-dung-dau", "HU"),
        awaiting=subtask_id(ctx, "duy-tri-nhiem-vu-y-te-cach-ly", "PYT"),
        reassigned=subtask_id(ctx, "duy-tri-san-xuat-nong-lam-nghiep", "PNNPTNT"),
    )
    compose = subtask_id(ctx, "bien-soan-to-roi", "PVHTT")
    poor = subtask_id(ctx, "ra-soat-ho-ngheo", "TT-SONLAM")

    def agency(code: str) -> Actor:
        return Actor(code, source="cli")

    steps = [
        ("2020-04-13T09:00:00", None),
        ("2020-04-14T10:00:00", lambda s, now: request_extension(s, subtask_id=ids.extended, actor=agency("UBMTTQ"), now=now, calendar=cal, reason="Chờ ý kiến các tổ chức thành viên", proposed_on=dt.date(2020, 4, 24))),
        ("2020-04-14T15:00:00", lambda s, now: approve_extension(s, subtask_id=ids.extended, actor=COORDINATOR, now=now, calendar=cal)),
        ("2020-04-15T10:00:00", lambda s, now: complete(s, subtask_id=ids.on_time, actor=agency("VPHU"), now=now, calendar=cal, note="Đã thông báo")),
        ("2020-04-15T14:00:00", lambda s, now: confirm(s, subtask_id=ids.on_time, actor=Actor("VPUB", is_coordinator=True), now=now, calendar=cal)),
        ("2020-04-17T09:00:00", None),
        ("2020-04-20T10:00:00", lambda s, now: complete(s, subtask_id=compose, actor=agency("PVHTT"), now=now, calendar=cal)),
        ("2020-04-20T15:00:00", lambda s, now: confirm(s, subtask_id=compose, actor=COORDINATOR, now=now, calendar=cal)),
        ("2020-04-22T10:00:00", lambda s, now: complete(s, subtask_id=ids.late, actor=agency("UBND"), now=now, calendar=cal)),
        ("2020-04-22T15:00:00", lambda s, now: confirm(s, subtask_id=ids.late, actor=COORDINATOR, now=now, calendar=cal)),
        ("2020-04-23T10:00:00", lambda s, now: complete(s, subtask_id=ids.extended, actor=agency("UBMTTQ"), now=now, calendar=cal)),
        ("2020-04-24T09:00:00", lambda s, now: confirm(s, subtask_id=ids.extended, actor=COORDINATOR, now=now, calendar=cal)),
        ("2020-04-24T11:00:00", lambda s, now: cancel(s, subtask_id=ids.cancelled, actor=COORDINATOR, now=now, calendar=cal, reason="Đã lồng ghép vào nhiệm vụ khác")),
        ("2020-04-27T09:00:00", None),
        ("2020-04-28T10:00:00", lambda s, now: complete(s, subtask_id=poor, actor=agency("TT-SONLAM"), now=now, calendar=cal)),
        ("2020-04-28T16:00:00", lambda s, now: complete(s, subtask_id=ids.returned, actor=agency("TT-SONLAM"), now=now, calendar=cal)),
        ("2020-04-29T09:00:00", lambda s, now: confirm(s, subtask_id=poor, actor=COORDINATOR, now=now, calendar=cal)),
        ("2020-04-29T10:00:00", lambda s, now: complete(s, subtask_id=ids.awaiting, actor=agency("PYT"), now=now, calendar=cal)),
        ("2020-04-29T14:00:00", lambda s, now: return_for_redo(s, subtask_id=ids.returned, actor=COORDINATOR, now=now, calendar=cal, reason="Chưa có ảnh niêm yết")),
        ("2020-05-04T08:00:00", lambda s, now: confirm(s, subtask_id=ids.awaiting, actor=COORDINATOR, now=now, calendar=cal)),
        ("2020-05-04T09:00:00", None),
        ("2020-05-05T10:00:00", lambda s, now: reassign(s, subtask_id=ids.reassigned, actor=COORDINATOR, now=now, calendar=cal, agency_code="PTNMT")),
    ]  # fmt: skip
    for when, action in steps:
        now = at(when)
        clock.set_now(now)
        if action is None:
            asyncio.run(run_sweep(ctx, now=now))
            continue
        with ctx.session() as session:
            action(session, now)
    clock.set_now(None)
    return ids


@dataclass
class Expected:
    """What the oracle says one subtask was at the period's end."""

    agency: str
    bucket: str
    late_original: bool
    extended: bool


def oracle(ctx: Context, period: Period, now: dt.datetime) -> dict[int, Expected]:
    """Replay each subtask's audit rows in order, row by row: the report's SQL must agree."""
    as_of = period.as_of(now)
    with ctx.session() as session:
        subtasks = session.exec(select(Subtask)).all()
        agencies = {a.id: a.code for a in session.exec(select(Agency)).all()}
        events: dict[int, list[Event]] = defaultdict(list)
        for event in session.exec(select(Event).order_by(col(Event.at), col(Event.id))).all():
            if event.subtask_id is not None:
                events[event.subtask_id].append(event)
        granted: dict[int, list[ExtensionRequest]] = defaultdict(list)
        for request in session.exec(
            select(ExtensionRequest).where(ExtensionRequest.status == "approved")
        ).all():
            granted[request.subtask_id].append(request)

    def replay(rows: list[Event], until: dt.datetime, strictly: bool) -> tuple[str, dt.datetime | None]:
        state, reported = "open", None
        for event in rows:
            moment = as_utc(event.at)
            if moment > until or (strictly and moment == until):
                break
            if event.action == "subtask.done":
                reported = moment
                state = "done" if event.detail.get("confirmed") else "awaiting"
            elif event.action == "subtask.confirmed":
                state = "done"
            elif event.action in ("subtask.returned", "subtask.restored"):
                state = "open"
            elif event.action == "subtask.cancelled":
                state = "cancelled"
        return state, reported

    expected: dict[int, Expected] = {}
    for sub in subtasks:
        assert sub.id is not None
        rows = events[sub.id]
        if as_utc(sub.created_at) > as_of or replay(rows, period.start, True)[0] in ("done", "cancelled"):
            continue
        state, reported = replay(rows, as_of, False)
        decided = [r for r in granted[sub.id] if r.decided_at and as_utc(r.decided_at) <= as_of]
        original = as_utc(sub.original_due_at) if sub.original_due_at else None
        due = end_of_local_day(max(r.granted_on for r in decided if r.granted_on)) if decided else original
        later_moves = [e for e in rows if e.action == "subtask.reassigned" and as_utc(e.at) > as_of]
        owner = later_moves[0].detail["previous"] if later_moves else agencies[sub.agency_id]
        if state == "cancelled":
            bucket = "cancelled"
        elif state == "done":
            assert reported is not None
            bucket = "done_on_time" if due is None or reported <= due else "done_late"
        elif due is None:
            bucket = "no_deadline"
        else:
            bucket = "open_overdue" if as_of > due else "open_within_deadline"
        late_original = (
            state == "done" and original is not None and reported is not None and reported > original
        )
        expected[sub.id] = Expected(owner, bucket, late_original, bool(decided))
    return expected


def counts_by_agency(expected: dict[int, Expected]) -> dict[str, Counter[str]]:
    """Per agency: each bucket, `assigned`, `done_late_original`, `extended`."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for item in expected.values():
        row = counts[item.agency]
        row[item.bucket] += 1
        row["assigned"] += 1
        row["done_late_original"] += item.late_original
        row["extended"] += item.extended
    return counts
