"""The step interpreter: from a subtask's policy snapshot, its due date and its cursor, what to do
now and when to look again.

A policy unrolls, for one due date, into a time-ordered list of actions (each step, each repeat);
the subtask's `action_cursor` is the index of the first action not yet taken. When the due date
changes the list changes, so the cursor starts again (`action_due_at` remembers which due date
it counts for).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pendulum

from dondoc.escalation.policies import DueStep, OverdueStep, Policy, RemindStep, from_snapshot
from dondoc.notify.quiet_hours import out_of_quiet_hours
from dondoc.record.clock import LOCAL_TZ, as_utc, plain_utc, to_local
from dondoc.record.enums import CHASED_STATUSES, NotificationKind, SubtaskStatus
from dondoc.record.models import Subtask
from dondoc.record.workcalendar import WorkCalendar


@dataclass(frozen=True)
class Action:
    """One occurrence of one step, for one due date."""

    step_index: int
    repeat: int  # 0: the step itself; 1..times: its repeats
    step: RemindStep | DueStep | OverdueStep
    at: dt.datetime  # UTC

    @property
    def kind(self) -> NotificationKind:
        return self.step.kind.notification

    @property
    def label(self) -> str:
        """Names the step in the outbox and in dedup keys: 'overdue@2#1'."""
        return f"{self.step.kind}@{self.step_index}#{self.repeat}"


@dataclass(frozen=True)
class Decision:
    fire: list[Action]
    cursor: int
    next_action_at: dt.datetime | None


def _at(day: dt.date, policy: Policy) -> dt.datetime:
    local = pendulum.datetime(
        day.year, day.month, day.day, policy.send_at.hour, policy.send_at.minute, tz=LOCAL_TZ
    )
    return out_of_quiet_hours(plain_utc(local), policy.quiet_hours)


def plan_actions(policy: Policy, due_at: dt.datetime, calendar: WorkCalendar) -> list[Action]:
    """Every action of the policy for this due date, in the order they fall due."""
    due_day = to_local(due_at).date()
    actions: list[Action] = []
    for index, step in enumerate(policy.steps):
        if isinstance(step, RemindStep):
            day = calendar.add_working_days(due_day, -step.working_days_before)
            actions.append(Action(index, 0, step, _at(day, policy)))
        elif isinstance(step, DueStep):
            # a due day that is a holiday (30/4) is announced on the last working day before it
            day = due_day if calendar.is_working_day(due_day) else calendar.add_working_days(due_day, -1)
            actions.append(Action(index, 0, step, _at(day, policy)))
        else:
            first = calendar.add_working_days(due_day, step.working_days_after)
            actions.append(Action(index, 0, step, _at(first, policy)))
            if step.repeat:
                for n in range(1, step.repeat.times + 1):
                    day = calendar.add_working_days(first, n * step.repeat.every_working_days)
                    actions.append(Action(index, n, step, _at(day, policy)))
    return sorted(actions, key=lambda a: (a.at, a.step_index, a.repeat))


def _superseded(ready: list[Action]) -> set[Action]:
    """When several actions came due at once (a sweep missed, a due date set in the past), only
    the latest news goes out: the last repeat of each step, and no reminder or due-day notice
    once the item is already overdue."""
    latest: dict[int, Action] = {}
    for action in ready:
        latest[action.step_index] = action
    dropped = {a for a in ready if latest[a.step_index] is not a}
    kinds = {a.step.kind for a in ready}
    return dropped | {a for a in ready if any(k.supersedes(a.step.kind) for k in kinds)}


def decide(
    *,
    policy: Policy,
    status: SubtaskStatus,
    due_at: dt.datetime | None,
    cursor: int,
    now: dt.datetime,
    calendar: WorkCalendar,
    actions: Sequence[Action] | None = None,
) -> Decision:
    """What to send now (possibly nothing), where the cursor moves, and when to look again.
    `actions` is the policy's plan for this due date, when the caller has it already."""
    if due_at is None or status not in CHASED_STATUSES:
        return Decision([], cursor, None)
    if actions is None:
        actions = plan_actions(policy, as_utc(due_at), calendar)
    ready = [a for a in actions[cursor:] if a.at <= now]
    if ready and out_of_quiet_hours(now, policy.quiet_hours) != now:
        # due during the night (a due date set late in the evening): wait for the morning
        return Decision([], cursor, out_of_quiet_hours(now, policy.quiet_hours))
    new_cursor = cursor + len(ready)
    dropped = _superseded(ready)
    upcoming = actions[new_cursor].at if new_cursor < len(actions) else None
    return Decision([a for a in ready if a not in dropped], new_cursor, upcoming)


class Plans:
    """Policies parsed and plans unrolled once for a sweep's batch: its hundreds of subtasks share
    a few policy snapshots and due dates, and unrolling one costs a dozen calendar look-ups."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._policies: dict[str, Policy] = {}
        self._plans: dict[tuple[str, dt.datetime], list[Action]] = {}

    def policy(self, snapshot: str) -> tuple[str, Policy]:
        """The policy of a snapshot as the database holds it (JSON text), and a key naming it."""
        if snapshot not in self._policies:
            self._policies[snapshot] = from_snapshot(json.loads(snapshot))
        return snapshot, self._policies[snapshot]

    def actions(self, key: str, due_at: dt.datetime) -> list[Action]:
        if (key, due_at) not in self._plans:
            self._plans[key, due_at] = plan_actions(self._policies[key], due_at, self.calendar)
        return self._plans[key, due_at]


@dataclass(frozen=True)
class Schedule:
    cursor: int
    action_due_at: dt.datetime | None
    next_action_at: dt.datetime | None


def schedule(
    *,
    policy: dict[str, Any],
    status: SubtaskStatus,
    due_at: dt.datetime | None,
    cursor: int,
    action_due_at: dt.datetime | None,
    now: dt.datetime,
    calendar: WorkCalendar,
) -> Schedule:
    """The cursor and next_action_at for these facts: a new due date starts the policy again; a
    status that is not chased schedules nothing."""
    due_at = as_utc(due_at) if due_at else None
    if due_at != (as_utc(action_due_at) if action_due_at else None):
        cursor = 0
    if due_at is None or status not in CHASED_STATUSES:
        return Schedule(cursor, due_at, None)
    parsed = from_snapshot(policy)
    actions = plan_actions(parsed, due_at, calendar)
    if cursor >= len(actions):
        return Schedule(cursor, due_at, None)
    # an action already past is taken by the next sweep (which drops what it supersedes), but
    # not before the end of the quiet hours we are in
    upcoming = max(actions[cursor].at, out_of_quiet_hours(now, parsed.quiet_hours))
    return Schedule(cursor, due_at, upcoming)


def reschedule(subtask: Subtask, *, now: dt.datetime, calendar: WorkCalendar) -> None:
    """Recompute when the sweep should next look at the subtask. Call it whenever its due date or
    status changes (intake, unblocking, extension, reassignment, return)."""
    for name, value in rescheduled(
        subtask, SubtaskStatus(subtask.status), now=now, calendar=calendar
    ).items():
        setattr(subtask, name, value)


def rescheduled(
    subtask: Subtask, status: SubtaskStatus, *, now: dt.datetime, calendar: WorkCalendar
) -> dict[str, Any]:
    """The sweep's cursor of the subtask once it is in `status`, as column values: an action
    writes them in the same UPDATE as its change of status."""
    planned = schedule(
        policy=subtask.policy,
        status=status,
        due_at=subtask.due_at,
        cursor=subtask.action_cursor,
        action_due_at=subtask.action_due_at,
        now=now,
        calendar=calendar,
    )
    return {
        "action_cursor": planned.cursor,
        "action_due_at": planned.action_due_at,
        "next_action_at": planned.next_action_at,
    }
