"""What the giao ban report holds: the counts of an agency, a directive or the whole; the overdue
items with their escalations; the extensions granted; and their JSON forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dondoc.reading.periods import Period
from dondoc.record.clock import iso_local
from dondoc.record.enums import AgencyKind, DirectiveKind, NotificationKind


@dataclass
class Counts:
    """The counts of one agency, one directive, or all of them."""

    assigned: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open_within_deadline: int = 0
    open_overdue: int = 0
    no_deadline: int = 0
    cancelled: int = 0
    # done after the original due date, whatever extension was granted (done_late counts
    # against the due date in force, extended or not)
    done_late_original: int = 0
    extended: int = 0

    @property
    def judged(self) -> int:
        """What can be judged on time or not: done, or past its due date."""
        return self.done_on_time + self.done_late + self.open_overdue

    @property
    def on_time_rate(self) -> float | None:
        """Done on time over what is done or past due; None when nothing is yet."""
        return round(self.done_on_time / self.judged, 4) if self.judged else None

    @property
    def done_on_time_original(self) -> int:
        return self.done_on_time + self.done_late - self.done_late_original

    def add(self, other: Counts) -> None:
        for name in Counts.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(self, name) for name in Counts.__dataclass_fields__}
        data["done_on_time_original"] = self.done_on_time_original
        data["on_time_rate"] = self.on_time_rate
        return data


@dataclass
class AgencyRow:
    agency: str
    name: str
    kind: AgencyKind
    parent: str | None
    counts: Counts

    @property
    def is_village(self) -> bool:
        return self.kind is AgencyKind.THON

    def as_json(self) -> dict[str, Any]:
        return {"agency": self.agency, "name": self.name, "parent": self.parent, **self.counts.as_json()}


@dataclass
class DirectiveRow:
    number: str
    kind: DirectiveKind
    title: str
    issued_on: dt.date
    counts: Counts

    def as_json(self) -> dict[str, Any]:
        return {
            "directive": self.number,
            "kind": self.kind.value,
            "title": self.title,
            "issued_on": self.issued_on.isoformat(),
            **self.counts.as_json(),
        }


@dataclass
class Escalation:
    """Messages sent about one overdue subtask on one day: to its agency, or beyond it."""

    day: dt.date
    kind: NotificationKind
    recipients: list[str]

    def as_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "kind": self.kind.value, "recipients": self.recipients}


@dataclass
class OverdueItem:
    subtask: int
    directive: str
    task_text: str
    agency: str
    agency_name: str
    due_at: dt.datetime
    original_due_at: dt.datetime | None
    working_days_late: int
    escalations: list[Escalation] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "subtask": self.subtask,
            "directive": self.directive,
            "title": self.task_text,
            "agency": self.agency,
            "agency_name": self.agency_name,
            "due": iso_local(self.due_at),
            "original_due": iso_local(self.original_due_at),
            "working_days_late": self.working_days_late,
            "escalations": [e.as_json() for e in self.escalations],
        }


@dataclass
class ExtensionGranted:
    subtask: int
    directive: str
    task_text: str
    agency: str
    agency_name: str
    previous_due: dt.date | None
    granted_on: dt.date
    decided_at: dt.datetime
    decided_by: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {
            "subtask": self.subtask,
            "directive": self.directive,
            "title": self.task_text,
            "agency": self.agency,
            "agency_name": self.agency_name,
            "previous_due": self.previous_due.isoformat() if self.previous_due else None,
            "granted_due": self.granted_on.isoformat(),
            "decided_at": iso_local(self.decided_at),
            "decided_by": self.decided_by,
            "reason": self.reason,
        }


@dataclass
class PeriodReport:
    period: Period
    as_of: dt.datetime
    generated_at: dt.datetime
    directive_filter: list[str] | None
    agencies: list[AgencyRow]
    directives: list[DirectiveRow]
    overdue: list[OverdueItem]
    overdue_total: int
    extensions: list[ExtensionGranted]

    @property
    def totals(self) -> Counts:
        total = Counts()
        for row in self.agencies:
            total.add(row.counts)
        return total

    @property
    def is_empty(self) -> bool:
        return not self.agencies

    def as_json(self) -> dict[str, Any]:
        return {
            "month": self.period.month,
            "from": self.period.first.isoformat(),
            "to": self.period.last.isoformat(),
            "as_of": iso_local(self.as_of),
            "generated_at": iso_local(self.generated_at),
            "directive_filter": self.directive_filter,
            "totals": self.totals.as_json(),
            "agencies": [row.as_json() for row in self.agencies],
            "directives": [row.as_json() for row in self.directives],
            "overdue_total": self.overdue_total,
            "overdue": [item.as_json() for item in self.overdue],
            "extensions": [e.as_json() for e in self.extensions],
        }
