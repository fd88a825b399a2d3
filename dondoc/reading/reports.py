"""Summaries in Vietnamese: a directive's tasks as markdown (the Prefect artifact), counted by
GROUP BY so a fan-out to two thousand villages costs a few queries, not two thousand rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as wide_select
from sqlmodel import Session, col, select

from dondoc.reading.queries import SubtaskFilter
from dondoc.reading.timeliness_sql import Moment, timeliness_case
from dondoc.record.clock import format_date
from dondoc.record.enums import DirectiveKind, SubtaskStatus, Timeliness
from dondoc.record.models import Directive, Subtask, Task
from dondoc.record.workcalendar import WorkCalendar


def _cell(text: str, limit: int = 90) -> str:
    text = text.replace("|", "/").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_dues(session: Session, where: SubtaskFilter, moment: Moment) -> dict[int, list[str]]:
    """The two earliest due days of each task (most have one; "after prerequisite" ones many)."""
    dues = (
        select(col(Subtask.task_id).label("task_id"), col(Subtask.due_at).label("due_at"))
        .where(*where.conditions(moment), col(Subtask.due_at).is_not(None))
        .group_by(col(Subtask.task_id), col(Subtask.due_at))
        .subquery()
    )
    rank = func.row_number().over(partition_by=dues.c.task_id, order_by=dues.c.due_at).label("rank")
    ranked = select(dues.c.task_id, dues.c.due_at, rank).subquery()
    found: dict[int, list[str]] = {}
    rows: Sequence[Any] = session.execute(
        wide_select(ranked).where(ranked.c.rank <= 2).order_by(ranked.c.task_id, ranked.c.rank)
    ).all()
    for task_id, due_at, _ in rows:
        day = format_date(due_at)
        if day not in found.setdefault(task_id, []):
            found[task_id].append(day)
    return found


def directive_markdown(
    session: Session, directive_id: int, *, now: dt.datetime, calendar: WorkCalendar
) -> str:
    directive = session.get(Directive, directive_id)
    assert directive is not None
    tasks = session.exec(
        select(Task).where(Task.directive_id == directive_id).order_by(col(Task.position))
    ).all()
    moment = Moment.of(now, calendar)
    where = SubtaskFilter(task_ids=tuple(t.id for t in tasks if t.id is not None))
    # grouped outside: PostgreSQL would not match a CASE with bound values in GROUP BY to the select's
    rows = (
        select(col(Subtask.task_id), col(Subtask.status), timeliness_case(moment).label("timeliness"))
        .where(*where.conditions(moment))
        .subquery()
    )
    groups = session.exec(
        select(rows.c.task_id, rows.c.status, rows.c.timeliness, func.count()).group_by(
            rows.c.task_id, rows.c.status, rows.c.timeliness
        )
    ).all()
    timeliness: Counter[Timeliness] = Counter()
    listed: Counter[int] = Counter()
    done: Counter[int] = Counter()
    waiting: Counter[int] = Counter()
    for task_id, status, kind, n in groups:
        timeliness[Timeliness(kind)] += n
        listed[task_id] += n
        done[task_id] += n if kind in (Timeliness.DONE_ON_TIME, Timeliness.DONE_LATE) else 0
        waiting[task_id] += n if status == SubtaskStatus.BLOCKED else 0
    first_dues = _first_dues(session, where, moment)
    lines = [
        f"# {DirectiveKind(directive.kind).label} số {directive.number}",
        "",
        f"**{directive.title}**, ban hành ngày {format_date(directive.issued_on)}.",
        "",
        f"{len(tasks)} nhiệm vụ, {sum(listed.values())} việc con: "
        + ", ".join(f"{t.label.lower()} {timeliness[t]}" for t in Timeliness if timeliness[t]),
        "",
        "| # | Nhiệm vụ | Chủ trì | Hạn | Việc con | Đã xong | Chờ việc trước |",
        "|---|---|---|---|---|---|---|",
    ]
    for index, task in enumerate(tasks, 1):
        key = task.id or 0
        dues = first_dues.get(key, [])
        due = dues[0] if len(dues) == 1 else ("tính từ khi việc trước xong" if not dues else ", ".join(dues))
        cancelled = " (đã hủy)" if task.cancelled else ""
        lines.append(
            f"| {index} | {_cell(task.text)}{cancelled} | {task.lead_code} | {due} "
            f"| {listed[key]} | {done[key]} | {waiting[key]} |"
        )
    return "\n".join(lines) + "\n"
