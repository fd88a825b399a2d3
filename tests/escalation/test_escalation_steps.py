"""The step interpreter with a frozen clock: working days across Tết (dates taken from the
holidays package), quiet hours, catching up, statuses that are not chased, new due dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import holidays
import pytest

from dondoc.escalation.interpreter import decide, plan_actions, reschedule
from dondoc.escalation.policies import Policy, load_policies, snapshot
from dondoc.record.clock import end_of_local_day, parse_instant, to_local
from dondoc.record.enums import NotificationKind, Role, SubtaskStatus
from dondoc.record.errors import SpecError
from dondoc.record.models import Subtask
from dondoc.record.workcalendar import WorkCalendar

CALENDAR = WorkCalendar()


def policy(*steps: dict[str, object], **extra: object) -> Policy:
    return Policy.model_validate({"steps": list(steps), **extra})


def tet(year: int) -> list[dt.date]:
    days = holidays.country_holidays("VN", years=year, language="vi")
    return sorted(day for day, name in days.items() if "Tết Nguyên Đán" in name)


def next_working_day_after(day: dt.date) -> dt.date:
    official = holidays.country_holidays("VN", years=day.year, language="vi")
    day += dt.timedelta(days=1)
    while day.weekday() >= 5 or day in official:
        day += dt.timedelta(days=1)
    return day


def last_working_day_before(day: dt.date) -> dt.date:
    official = holidays.country_holidays("VN", years=day.year, language="vi")
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5 or day in official:
        day -= dt.timedelta(days=1)
    return day


def local_day(instant: dt.datetime) -> dt.date:
    return to_local(instant).date()


@pytest.mark.parametrize("year", [2020, 2026])
def test_a_reminder_one_working_day_before_a_due_date_after_tet_falls_before_tet(year: int) -> None:
    days_off = tet(year)
    assert len(days_off) >= 4  # the package knows the whole holiday, not just the first day
    due_day = next_working_day_after(days_off[-1])
    remind = policy({"kind": "remind", "working_days_before": 1})
    (action,) = plan_actions(remind, end_of_local_day(due_day), CALENDAR)
    assert local_day(action.at) == last_working_day_before(days_off[0])
    assert to_local(action.at).hour == 7


@pytest.mark.parametrize("year", [2020, 2026])
def test_overdue_after_one_working_day_waits_until_tet_is_over(year: int) -> None:
    days_off = tet(year)
    due_day = last_working_day_before(days_off[0])
    overdue = policy(
        {"kind": "overdue", "working_days_after": 1, "repeat": {"every_working_days": 1, "times": 1}}
    )
    first, repeat = plan_actions(overdue, end_of_local_day(due_day), CALENDAR)
    assert local_day(first.at) == next_working_day_after(days_off[-1])
    assert local_day(repeat.at) == next_working_day_after(local_day(first.at))
    assert (first.label, repeat.label) == ("overdue@0#0", "overdue@0#1")


def test_the_default_policy_unrolls_in_time_order_for_30_april_2020() -> None:
    default = load_policies(Path(__file__).resolve().parents[2] / "config")["default"]
    actions = plan_actions(default, end_of_local_day(dt.date(2020, 4, 30)), CALENDAR)
    days = [(a.label, local_day(a.at).isoformat()) for a in actions]
    # 30/4 and 1/5 are holidays, 2-3/5 a weekend: the first working day late is 4/5
    assert days[:4] == [
        ("remind@0#0", "2020-04-27"),
        ("due@1#0", "2020-04-29"),  # 30/4 is a holiday: announced the day before
        ("overdue@2#0", "2020-05-04"),
        ("overdue@2#1", "2020-05-06"),
    ]
    assert ("overdue@3#0", "2020-05-08") in days and ("overdue@4#0", "2020-05-15") in days
    assert [a.at for a in actions] == sorted(a.at for a in actions)


def test_a_step_that_would_fall_in_quiet_hours_waits_for_their_end() -> None:
    late = policy({"kind": "due"}, send_at="22:30", quiet_hours={"start": "21:00", "end": "07:00"})
    (action,) = plan_actions(late, end_of_local_day(dt.date(2020, 4, 16)), CALENDAR)
    assert to_local(action.at).isoformat() == "2020-04-17T07:00:00+07:00"


def test_nothing_fires_at_night_even_when_due() -> None:
    due = policy({"kind": "due"})
    decision = decide(
        policy=due,
        status=SubtaskStatus.PENDING,
        due_at=end_of_local_day(dt.date(2020, 4, 16)),
        cursor=0,
        now=parse_instant("2020-04-16T23:30:00+07:00"),
        calendar=CALENDAR,
    )
    assert decision.fire == [] and decision.cursor == 0
    assert decision.next_action_at == parse_instant("2020-04-17T07:00:00+07:00")


def test_when_many_steps_came_due_at_once_only_the_latest_news_goes_out() -> None:
    default = policy(
        {"kind": "remind", "working_days_before": 3},
        {"kind": "due"},
        {"kind": "overdue", "working_days_after": 1, "repeat": {"every_working_days": 2, "times": 3}},
        {"kind": "overdue", "working_days_after": 5, "notify": ["assignee", "escalates_to"]},
    )
    decision = decide(
        policy=default,
        status=SubtaskStatus.IN_PROGRESS,
        due_at=end_of_local_day(dt.date(2020, 4, 16)),
        cursor=0,
        now=parse_instant("2020-04-28T09:00:00+07:00"),  # 8 working days late
        calendar=CALENDAR,
    )
    assert [a.label for a in decision.fire] == ["overdue@3#0", "overdue@2#3"]  # in time order
    assert [a.kind for a in decision.fire] == [NotificationKind.OVERDUE] * 2
    assert decision.cursor == 7 and decision.next_action_at is None


@pytest.mark.parametrize(
    "status",
    [SubtaskStatus.BLOCKED, SubtaskStatus.AWAITING_CONFIRMATION, SubtaskStatus.DONE, SubtaskStatus.CANCELLED],
)
def test_statuses_that_are_not_chased_get_nothing(status: SubtaskStatus) -> None:
    decision = decide(
        policy=policy({"kind": "due"}),
        status=status,
        due_at=end_of_local_day(dt.date(2020, 4, 16)),
        cursor=0,
        now=parse_instant("2020-04-16T09:00:00+07:00"),
        calendar=CALENDAR,
    )
    assert decision.fire == [] and decision.next_action_at is None


def _subtask(due_day: dt.date, status: SubtaskStatus = SubtaskStatus.PENDING) -> Subtask:
    now = parse_instant("2020-04-01T15:00:00+07:00")
    return Subtask(
        task_id=1,
        agency_id=1,
        role=Role.LEAD,
        status=status,
        due_at=end_of_local_day(due_day),
        original_due_at=end_of_local_day(due_day),
        created_at=now,
        updated_at=now,
        policy=snapshot(policy({"kind": "remind", "working_days_before": 2}, {"kind": "due"})),
    )


def test_a_new_due_date_starts_the_policy_again() -> None:
    sub = _subtask(dt.date(2020, 4, 16))
    reschedule(sub, now=parse_instant("2020-04-01T15:00:00+07:00"), calendar=CALENDAR)
    assert sub.next_action_at == parse_instant("2020-04-14T07:00:00+07:00")
    sub.action_cursor = 2  # both steps taken
    sub.due_at = end_of_local_day(dt.date(2020, 4, 24))  # extended
    reschedule(sub, now=parse_instant("2020-04-17T10:00:00+07:00"), calendar=CALENDAR)
    assert sub.action_cursor == 0
    assert sub.next_action_at == parse_instant("2020-04-22T07:00:00+07:00")


def test_a_step_already_past_is_taken_at_once_but_not_at_night() -> None:
    sub = _subtask(dt.date(2020, 4, 16))
    reschedule(sub, now=parse_instant("2020-04-15T22:00:00+07:00"), calendar=CALENDAR)
    assert sub.next_action_at == parse_instant("2020-04-16T07:00:00+07:00")
    reschedule(sub, now=parse_instant("2020-04-15T10:00:00+07:00"), calendar=CALENDAR)
    assert sub.next_action_at == parse_instant("2020-04-15T10:00:00+07:00")


def test_awaiting_confirmation_clears_the_schedule_and_a_return_restores_it() -> None:
    sub = _subtask(dt.date(2020, 4, 16), SubtaskStatus.AWAITING_CONFIRMATION)
    reschedule(sub, now=parse_instant("2020-04-02T09:00:00+07:00"), calendar=CALENDAR)
    assert sub.next_action_at is None
    sub.status = SubtaskStatus.RETURNED
    reschedule(sub, now=parse_instant("2020-04-02T09:00:00+07:00"), calendar=CALENDAR)
    assert sub.next_action_at == parse_instant("2020-04-14T07:00:00+07:00")


def test_a_bad_step_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "policies.yaml").write_text(
        "policies:\n  default:\n    steps:\n      - {kind: remind, working_days_before: 2}\n"
        "      - {kind: overdue, working_days_after: 0}\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        load_policies(tmp_path)
    problem = caught.value.problems[0]
    assert problem.file.endswith("policies.yaml")
    assert problem.line == 5
    assert "working_days_after" in problem.field
