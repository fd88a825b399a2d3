"""Due rules: the grammar of the spec and the local day each rule resolves to."""

import datetime as dt

import pytest

from dondoc.directives.duerules import describe, parse_due_rule
from dondoc.record.clock import end_of_local_day
from dondoc.record.workcalendar import WorkCalendar

ISSUED = dt.date(2020, 4, 1)
CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("2020-04-16", dt.date(2020, 4, 16)),
        ("16/04/2020", dt.date(2020, 4, 16)),
        (dt.date(2020, 4, 16), dt.date(2020, 4, 16)),
        # "trong vòng 15 ngày kể từ ngày 01/4": the first day is not counted (Civil Code)
        ("15 days", dt.date(2020, 4, 16)),
        ("end of month", dt.date(2020, 4, 30)),
        ("end of quarter", dt.date(2020, 6, 30)),
        ("end of year", dt.date(2020, 12, 31)),
        ("none", None),
        (None, None),
    ],
)
def test_rule_resolves_to_local_day(rule: object, expected: dt.date | None) -> None:
    assert parse_due_rule(rule).resolve(ISSUED, CAL) == expected


def test_working_days_skip_gio_to_and_weekends() -> None:
    # 2/4/2020 was Giỗ Tổ Hùng Vương; 4-5/4 a weekend
    assert parse_due_rule("3 working days").resolve(ISSUED, CAL) == dt.date(2020, 4, 7)


def test_working_days_skip_tet_2020() -> None:
    rule = parse_due_rule("5 working days")
    assert rule.resolve(dt.date(2020, 1, 20), CAL) == dt.date(2020, 2, 3)


def test_rule_counted_from_prerequisite_waits_for_it() -> None:
    rule = parse_due_rule("3 working days after prerequisite")
    assert rule.after_prerequisite
    assert rule.resolve(ISSUED, CAL) is None
    assert rule.resolve(ISSUED, CAL, anchor_day=dt.date(2020, 4, 10)) == dt.date(2020, 4, 15)


def test_end_of_quarter_in_december() -> None:
    assert parse_due_rule("end of quarter").resolve(dt.date(2020, 11, 5), CAL) == dt.date(2020, 12, 31)


@pytest.mark.parametrize(
    "text",
    ["15 days", "10 working days", "3 working days after prerequisite", "end of month", "none", "2020-04-16"],
)
def test_describe_writes_the_rule_back(text: str) -> None:
    assert describe(parse_due_rule(text)) == text


@pytest.mark.parametrize("bad", ["soon", "31/02/2020", "end of week", "-3 days"])
def test_unknown_rule_is_refused_with_the_accepted_forms(bad: str) -> None:
    with pytest.raises(ValueError, match=r"hạn|ngày"):
        parse_due_rule(bad)


def test_a_due_day_means_its_end_in_ho_chi_minh_time() -> None:
    assert end_of_local_day(dt.date(2020, 4, 16)) == dt.datetime(2020, 4, 16, 16, 59, 59, tzinfo=dt.UTC)
