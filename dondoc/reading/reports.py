"""Summaries in Vietnamese: a directive's tasks as markdown (the Prefect artifact)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlmodel import Session, col, select

from dondoc.reading.queries import list_subtasks
from dondoc.record.clock import format_date
from dondoc.record.enums import DirectiveKind, Timeliness
from dondoc.record.models import Directive, Task
from dondoc.record.workcalendar import WorkCalendar


def _cell(text: str, limit: int = 90) -> str:
    text = text.replace("|", "/").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def directive_markdown(
    session: Session, directive_id: int, *, now: dt.datetime, calendar: WorkCalendar
) -> str:
    directive = session.get(Directive, directive_id)
    assert directive is not None
    tasks = session.exec(
        select(Task).where(Task.directive_id == directive_id).order_by(col(Task.position))
    ).all()
    views = list_subtasks(session, now=now, calendar=calendar, directive=directive.number)
    by_task: dict[str, list] = {}
    for view in views:
        by_task.setdefault(view.task, []).append(view)
    timeliness = Counter(view.timeliness for view in views)
    lines = [
        f"# {DirectiveKind(directive.kind).label} số {directive.number}",
        "",
        f"**{directive.title}**, ban hành ngày {format_date(directive.issued_on)}.",
        "",
        f"{len(tasks)} nhiệm vụ, {len(views)} việc con: "
        + ", ".join(f"{t.label.lower()} {timeliness[t]}" for t in Timeliness if timeliness[t]),
        "",
        "| # | Nhiệm vụ | Chủ trì | Hạn | Việc con | Đã xong | Chờ việc trước |",
        "|---|---|---|---|---|---|---|",
    ]
    for index, task in enumerate(tasks, 1):
        subs = by_task.get(task.key, [])
        dues = sorted({format_date(v.due_at) for v in subs if v.due_at})
        due = (
            dues[0]
            if len(dues) == 1
            else ("tính từ khi việc trước xong" if not dues else ", ".join(dues[:2]))
        )
        done = sum(1 for v in subs if v.timeliness in (Timeliness.DONE_ON_TIME, Timeliness.DONE_LATE))
        waiting = sum(1 for v in subs if v.status == "blocked")
        cancelled = " (đã hủy)" if task.cancelled else ""
        lines.append(
            f"| {index} | {_cell(task.text)}{cancelled} | {task.lead_code} | {due} | {len(subs)} | {done} | {waiting} |"
        )
    return "\n".join(lines) + "\n"
