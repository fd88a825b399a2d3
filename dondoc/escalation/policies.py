"""Escalation policies: an ordered list of typed steps, read from config/policies.yaml.

A subtask keeps a snapshot of its policy (`Policy.model_dump()`), so editing the
config later does not rewrite items already in flight.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dondoc.notify.quiet_hours import QuietHours
from dondoc.record.enums import NotificationKind
from dondoc.record.errors import SpecError, SpecProblem
from dondoc.record.spec_errors import problems_from_validation
from dondoc.record.yamlsrc import LineDict, load_yaml


class Recipient(StrEnum):
    ASSIGNEE = "assignee"  # the agency the subtask belongs to
    ESCALATES_TO = "escalates_to"  # the body that agency escalates to
    LEAD = "lead"  # the task's lead agency (chủ trì)
    COORDINATORS = "coordinators"


class StepKind(StrEnum):
    """The kinds of step, each with its row in STEP_KINDS."""

    REMIND = "remind"  # before the due date
    DUE = "due"  # on the due day
    OVERDUE = "overdue"  # after it, possibly repeated

    @property
    def notification(self) -> NotificationKind:
        return STEP_KINDS[self].notification

    def supersedes(self, other: StepKind) -> bool:
        """Later news makes earlier news pointless: no reminder once the due day has come."""
        return STEP_KINDS[self].news > STEP_KINDS[other].news


@dataclass(frozen=True)
class StepKindRow:
    notification: NotificationKind  # what the message it sends is
    news: int  # how late in a subtask's life it speaks: a higher number supersedes a lower


STEP_KINDS = {
    StepKind.REMIND: StepKindRow(NotificationKind.REMINDER, news=0),
    StepKind.DUE: StepKindRow(NotificationKind.DUE, news=1),
    StepKind.OVERDUE: StepKindRow(NotificationKind.OVERDUE, news=2),
}


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    # recipients: the names above, or "agency:CODE" for a named agency
    notify: tuple[str, ...] = (Recipient.ASSIGNEE.value,)

    @field_validator("notify")
    @classmethod
    def _known_recipients(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if item not in Recipient.__members__.values() and not item.startswith("agency:"):
                allowed = ", ".join(r.value for r in Recipient)
                raise ValueError(f"người nhận '{item}' không hợp lệ ({allowed} hoặc agency:MÃ)")
        return value


class RemindStep(_Step):
    kind: Literal[StepKind.REMIND]
    working_days_before: int = Field(ge=1, le=60)


class DueStep(_Step):
    kind: Literal[StepKind.DUE]


class Repeat(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    every_working_days: int = Field(ge=1, le=60)
    times: int = Field(ge=1, le=50)


class OverdueStep(_Step):
    kind: Literal[StepKind.OVERDUE]
    # 1: the first working day after the due day (0 would fall on the due day, before it ends)
    working_days_after: int = Field(ge=1, le=120)
    repeat: Repeat | None = None


Step = Annotated[RemindStep | DueStep | OverdueStep, Field(discriminator="kind")]


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    description: str = ""
    # the local time of day at which a step whose day has come is acted on
    send_at: dt.time = dt.time(7, 0)
    quiet_hours: QuietHours | None = QuietHours()
    steps: tuple[Step, ...] = ()


class PolicyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    policies: dict[str, Policy]


def load_policies(config_dir: Path) -> dict[str, Policy]:
    path = config_dir / "policies.yaml"
    data = load_yaml(path)
    try:
        parsed = PolicyFile.model_validate(data)
    except ValidationError as exc:
        raise SpecError(problems_from_validation(exc, data, path)) from exc
    if "default" not in parsed.policies:
        line = data.key_lines.get("policies") if isinstance(data, LineDict) else None
        raise SpecError([SpecProblem(str(path), line, "policies.default", "thiếu chính sách 'default'")])
    return parsed.policies


def snapshot(policy: Policy) -> dict[str, Any]:
    return policy.model_dump(mode="json")


def from_snapshot(data: dict[str, Any]) -> Policy:
    return Policy.model_validate(data)
