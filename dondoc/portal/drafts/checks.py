"""What the review form and the API say about a draft: its problems (the rules of `dondoc load`,
each at the path of its field, "tasks[3].lead"), the drafter's notes beside the field they
concern, and the day each task's due rule comes to."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session

from dondoc.context import Context
from dondoc.directives.drafts import TASK_FIELDS, TOP_FIELDS, SpecDraft
from dondoc.directives.duerules import parse_due_rule
from dondoc.directives.plan import Plan
from dondoc.record.clock import format_date
from dondoc.record.errors import SpecError, SpecProblem
from dondoc.record.models import Directive
from dondoc.record.text import clean
from dondoc.registration import plan_from_mapping

_INDEX = re.compile(r"\.(\d+)(?=\.|$)")


@dataclass(frozen=True)
class Located:
    """A problem or a note, at the path of the field it concerns ("" for the whole draft)."""

    path: str
    message: str


@dataclass
class Checked:
    problems: list[Located]
    notes: list[Located]
    # "tasks[0]" -> "30/04/2020": what each resolvable due rule comes to
    due_days: dict[str, str] = field(default_factory=dict)
    plan: Plan | None = None


def api_path(field_name: str) -> str:
    """ "tasks.3.support.1" -> "tasks[3].support[1]"; the whole file ("(gốc)", "YAML") -> ""."""
    if field_name in ("(gốc)", "YAML", "tệp"):
        return ""
    return _INDEX.sub(r"[\1]", field_name)


def split_note(note: str, fields: tuple[str, ...]) -> tuple[str | None, str]:
    """A note about one field starts with its key and ': ' ("lead: …"); others concern the block."""
    key, sep, rest = note.partition(": ")
    if sep and key in fields and rest.strip():
        return key, rest.strip()
    return None, note


def notes_of(spec: dict[str, Any]) -> list[Located]:
    located = []
    for note in _strings(spec.get("review")):
        key, text = split_note(note, TOP_FIELDS)
        located.append(Located(key or "", text))
    for index, task in enumerate(_tasks(spec)):
        for note in _strings(task.get("review")):
            key, text = split_note(note, TASK_FIELDS)
            located.append(Located(f"tasks[{index}]" + (f".{key}" if key else ""), text))
    return located


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _tasks(spec: dict[str, Any]) -> list[dict[str, Any]]:
    tasks = spec.get("tasks")
    return [t if isinstance(t, dict) else {} for t in tasks] if isinstance(tasks, list) else []


def _source(draft: SpecDraft) -> Path:
    return Path(f"bản nháp #{draft.id}")


def _edit_problems(session: Session, draft: SpecDraft) -> list[SpecProblem]:
    """An edit updates the directive it was opened on: its number stays."""
    if draft.directive_id is None:
        return []
    directive = session.get(Directive, draft.directive_id)
    number = clean(str(draft.spec.get("number") or ""))
    if directive is None or number == directive.number:
        return []
    message = f"không đổi được số hiệu của văn bản đã đăng ký ({directive.number})"
    return [SpecProblem(str(_source(draft)), None, "number", message)]


def plan_of(ctx: Context, session: Session, draft: SpecDraft) -> Plan:
    """The draft checked by the rules of `dondoc load`; raises SpecError with every problem."""
    problems = _edit_problems(session, draft)
    try:
        plan = plan_from_mapping(ctx, session, draft.spec, _source(draft))
    except SpecError as exc:
        raise SpecError(exc.problems + problems) from exc
    if problems:
        raise SpecError(problems)
    return plan


def located(problems: list[SpecProblem]) -> list[Located]:
    return [Located(api_path(p.field), p.message) for p in problems]


def _due_days(ctx: Context, spec: dict[str, Any]) -> dict[str, str]:
    try:
        issued_on = dt.date.fromisoformat(str(spec.get("issued_on")))
    except ValueError:
        return {}
    days = {}
    for index, task in enumerate(_tasks(spec)):
        with contextlib.suppress(ValueError):  # a rule not understood is the problems' business
            day = parse_due_rule(task.get("due")).resolve(issued_on, ctx.calendar)
            if day is not None:
                days[f"tasks[{index}]"] = format_date(day)
    return days


def check(ctx: Context, session: Session, draft: SpecDraft) -> Checked:
    notes = notes_of(draft.spec)
    try:
        plan = plan_of(ctx, session, draft)
    except SpecError as exc:
        return Checked(located(exc.problems), notes, _due_days(ctx, draft.spec))
    return Checked([], notes, _due_days(ctx, draft.spec), plan)
