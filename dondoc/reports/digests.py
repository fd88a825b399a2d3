"""Digests: one message a working morning to each agency with something to say (overdue, due
this week, returned to it, extensions decided), and on Mondays one to leadership (the counts per
agency and the ten most overdue items). They go through the outbox with a dedup key per agency
and day, so a second run the same day queues nothing; nothing is composed on a day off."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import pendulum
from sqlalchemy import select
from sqlmodel import Session, col

from dondoc.notify.outbox import enqueue
from dondoc.reading.period_report import build_report
from dondoc.reading.periods import EPOCH, Period
from dondoc.record.clock import (
    LOCAL_TZ,
    as_utc,
    end_of_local_day,
    format_date,
    local_today,
    plain_utc,
    to_local,
)
from dondoc.record.enums import CHASED_STATUSES, NotificationKind, Reminders
from dondoc.record.models import Agency, Directive, Event, ExtensionRequest, Subtask, Task
from dondoc.record.workcalendar import WorkCalendar
from dondoc.reports.layout import folded_rows, rate_text

SECTION_LIMIT = 10  # items listed per section; the rest is counted
TOP_OVERDUE = 10


@dataclass
class DigestResult:
    day: dt.date
    weekly: bool
    queued: int = 0
    already_queued: int = 0
    recipients: list[str] = field(default_factory=list)
    # why nothing was composed: a holiday's name, "Chủ nhật", "Thứ bảy"
    day_off: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "day": self.day.isoformat()}


@dataclass
class _Item:
    subtask: int
    text: str

    def line(self) -> str:
        return f"- #{self.subtask} {self.text}"


def day_off(day: dt.date, calendar: WorkCalendar) -> str | None:
    """Why `day` gets no digest, or None on a working day (a make-up Saturday is one)."""
    if calendar.is_working_day(day):
        return None
    return calendar.holiday_name(day) or ("Chủ nhật" if day.weekday() == 6 else "Thứ bảy")


def _short(text: str) -> str:
    return textwrap.shorten(" ".join(text.split()), 110, placeholder="…")


def _since(now: dt.datetime, calendar: WorkCalendar) -> dt.datetime:
    """The news window opens at the same hour of the previous working day: Monday's digest
    tells what happened over the weekend."""
    local = to_local(now)
    previous = calendar.add_working_days(local.date(), -1)
    return plain_utc(
        pendulum.datetime(previous.year, previous.month, previous.day, local.hour, local.minute, tz=LOCAL_TZ)
    )


def _week_end(today: dt.date) -> dt.datetime:
    return end_of_local_day(today + dt.timedelta(days=6 - today.weekday()))


def _chased(
    session: Session, *, now: dt.datetime, calendar: WorkCalendar, codes: set[str]
) -> dict[str, dict[str, list[_Item]]]:
    """Open items chased (not blocked, not awaiting confirmation) that are overdue or due by the
    end of the week, for the agencies that take a digest: an index range on due_at."""
    rows: Sequence[Any] = session.execute(
        select(col(Subtask.id), col(Subtask.due_at), col(Agency.code), col(Task.text), col(Directive.number))
        .join(Task, col(Subtask.task_id) == col(Task.id))
        .join(Directive, col(Task.directive_id) == col(Directive.id))
        .join(Agency, col(Subtask.agency_id) == col(Agency.id))
        .where(
            col(Subtask.status).in_(list(CHASED_STATUSES)),
            col(Subtask.due_at) <= _week_end(local_today(now)),
            col(Agency.code).in_(codes),
        )
        .order_by(col(Subtask.due_at), col(Subtask.id))
    ).all()
    sections: dict[str, dict[str, list[_Item]]] = defaultdict(lambda: defaultdict(list))
    today = local_today(now)
    for sub_id, due_at, code, text, number in rows:
        due_day = to_local(due_at).date()
        if as_utc(due_at) < now:
            late = calendar.working_days_between(due_day, today)
            detail = f"{number}: {_short(text)} (hạn {format_date(due_day)}, quá {late} ngày làm việc)"
            sections[code]["overdue"].append(_Item(sub_id, detail))
        else:
            left = calendar.working_days_between(today, due_day)
            detail = f"{number}: {_short(text)} (hạn {format_date(due_day)}, còn {left} ngày làm việc)"
            sections[code]["due"].append(_Item(sub_id, detail))
    return sections


def _news(
    session: Session,
    sections: dict[str, dict[str, list[_Item]]],
    *,
    since: dt.datetime,
    now: dt.datetime,
    codes: set[str],
) -> None:
    """Returned for redo, and extension requests decided, since the previous working morning."""
    returned: Sequence[Any] = session.execute(
        select(col(Event.subtask_id), col(Event.detail), col(Agency.code), col(Task.text))
        .join(Subtask, col(Event.subtask_id) == col(Subtask.id))
        .join(Task, col(Subtask.task_id) == col(Task.id))
        .join(Agency, col(Subtask.agency_id) == col(Agency.id))
        .where(
            col(Event.action) == "subtask.returned",
            col(Event.at) > since,
            col(Event.at) <= now,
            col(Agency.code).in_(codes),
        )
        .order_by(col(Event.at))
    ).all()
    for sub_id, detail, code, text in returned:
        sections[code]["returned"].append(
            _Item(sub_id, f"{_short(text)} — lý do: {detail.get('reason') or '—'}")
        )
    decided: Sequence[Any] = session.execute(
        select(ExtensionRequest, col(Agency.code), col(Task.text))
        .join(Subtask, col(ExtensionRequest.subtask_id) == col(Subtask.id))
        .join(Task, col(Subtask.task_id) == col(Task.id))
        .join(Agency, col(Subtask.agency_id) == col(Agency.id))
        .where(
            col(ExtensionRequest.decided_at) > since,
            col(ExtensionRequest.decided_at) <= now,
            col(Agency.code).in_(codes),
        )
        .order_by(col(ExtensionRequest.decided_at))
    ).all()
    for request, code, text in decided:
        if request.status == "approved":
            outcome = f"đồng ý gia hạn đến {format_date(request.granted_on)}"
        else:
            outcome = f"không đồng ý gia hạn ({request.decision_note or 'không ghi lý do'})"
        sections[code]["extensions"].append(_Item(request.subtask_id, f"{_short(text)} — {outcome}"))


_HEADINGS = (
    ("overdue", "Quá hạn, đề nghị khẩn trương hoàn thành"),
    ("due", "Đến hạn trong tuần"),
    ("returned", "Bị trả lại, cần thực hiện lại"),
    ("extensions", "Đề nghị gia hạn đã được quyết định"),
)


def _daily_message(
    name: str, sections: dict[str, list[_Item]], now: dt.datetime, portal_url: str
) -> tuple[str, str]:
    counts = {key: len(sections.get(key, [])) for key, _ in _HEADINGS}
    parts = [f"{counts['overdue']} việc quá hạn"] if counts["overdue"] else []
    parts += [f"{counts['due']} việc đến hạn trong tuần"] if counts["due"] else []
    parts += [f"{counts['returned']} việc bị trả lại"] if counts["returned"] else []
    parts += [f"{counts['extensions']} quyết định gia hạn"] if counts["extensions"] else []
    subject = f"[Tổng hợp ngày {format_date(now)}] {name}: " + ", ".join(parts)
    lines = [
        f"Tình hình các việc được giao của {name} đến {to_local(now).strftime('%H:%M')} ngày {format_date(now)}:"
    ]
    for key, heading in _HEADINGS:
        items = sections.get(key, [])
        if not items:
            continue
        lines += ["", f"{heading} ({len(items)}):", *(item.line() for item in items[:SECTION_LIMIT])]
        if len(items) > SECTION_LIMIT:
            lines.append(f"- … và {len(items) - SECTION_LIMIT} việc khác")
    lines += ["", f"Xem và cập nhật trên cổng thông tin: {portal_url.rstrip('/')}/"]
    return subject, "\n".join(lines)


def daily_digests(
    session: Session, *, now: dt.datetime, calendar: WorkCalendar, portal_url: str
) -> DigestResult:
    """One digest per agency that takes digests and has something to say today."""
    today = local_today(now)
    result = DigestResult(today, weekly=False, day_off=day_off(today, calendar))
    if result.day_off:
        return result
    agencies: Sequence[Any] = session.execute(
        select(col(Agency.code), col(Agency.name), col(Agency.reminders)).order_by(col(Agency.position))
    ).all()
    names = {code: name for code, name, reminders in agencies if Reminders(reminders).gets_digest}
    sections = _chased(session, now=now, calendar=calendar, codes=set(names))
    _news(session, sections, since=_since(now, calendar), now=now, codes=set(names))
    order = {code: index for index, code in enumerate(names)}
    for code in sorted(sections, key=order.__getitem__):
        subject, message = _daily_message(names[code], sections[code], now, portal_url)
        _queue(
            session,
            result,
            code=code,
            key=f"digest|{code}|{today.isoformat()}",
            subject=subject,
            message=message,
            now=now,
            calendar=calendar,
        )
    return result


def _queue(
    session: Session,
    result: DigestResult,
    *,
    code: str,
    key: str,
    subject: str,
    message: str,
    now: dt.datetime,
    calendar: WorkCalendar,
) -> None:
    queued = enqueue(
        session,
        kind=NotificationKind.DIGEST,
        recipient_code=code,
        dedup_key=key,
        now=now,
        step="weekly" if result.weekly else "daily",
        payload={"subject": subject, "message": message},
        calendar=calendar,
    )
    result.queued += queued
    result.already_queued += not queued
    result.recipients.append(code)


def _weekly_message(session: Session, *, now: dt.datetime, calendar: WorkCalendar) -> tuple[str, str]:
    report = build_report(
        session, period=Period(EPOCH, local_today(now)), now=now, calendar=calendar, overdue_limit=TOP_OVERDUE
    )
    total = report.totals
    subject = (
        f"[Tổng hợp tuần {format_date(now)}] Quá hạn {total.open_overdue}, "
        f"hoàn thành đúng hạn {total.done_on_time}/{total.judged} ({rate_text(total.on_time_rate)})"
    )
    lines = [
        f"Tình hình thực hiện các nhiệm vụ đến {to_local(now).strftime('%H:%M')} ngày {format_date(now)}:",
        f"giao {total.assigned}; hoàn thành đúng hạn {total.done_on_time}, quá hạn {total.done_late}; "
        f"đang thực hiện trong hạn {total.open_within_deadline}, quá hạn {total.open_overdue}.",
        "",
        "Theo cơ quan, đơn vị (hoàn thành đúng hạn / quá hạn; đang thực hiện trong hạn / quá hạn):",
    ]
    for row in folded_rows(report):
        c = row.counts
        lines.append(
            f"- {row.name}: {c.done_on_time} / {c.done_late}; {c.open_within_deadline} / {c.open_overdue}"
        )
    if report.overdue:
        lines += [
            "",
            f"{len(report.overdue)} việc quá hạn lâu nhất (trong {report.overdue_total} việc quá hạn):",
        ]
        for item in report.overdue:
            lines.append(
                f"- #{item.subtask} {item.agency_name}: {_short(item.task_text)} "
                f"(hạn {format_date(item.due_at)}, quá {item.working_days_late} ngày làm việc)"
            )
    return subject, "\n".join(lines)


def weekly_digest(session: Session, *, now: dt.datetime, calendar: WorkCalendar) -> DigestResult:
    """The week's picture for leadership; nothing when there is no work in the record."""
    today = local_today(now)
    result = DigestResult(today, weekly=True, day_off=day_off(today, calendar))
    if result.day_off:
        return result
    leaders: Sequence[Any] = session.execute(
        select(col(Agency.code), col(Agency.reminders))
        .where(col(Agency.is_leadership).is_(True))
        .order_by(col(Agency.position))
    ).all()
    codes = [code for code, reminders in leaders if Reminders(reminders).gets_digest]
    if not codes or session.execute(select(col(Subtask.id)).limit(1)).first() is None:
        return result
    subject, message = _weekly_message(session, now=now, calendar=calendar)
    for code in codes:
        _queue(
            session,
            result,
            code=code,
            key=f"digest-weekly|{code}|{today.isoformat()}",
            subject=subject,
            message=message,
            now=now,
            calendar=calendar,
        )
    return result
