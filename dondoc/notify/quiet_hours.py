"""Quiet hours: the night during which nothing is sent; what falls due then waits for the morning."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
from pydantic import BaseModel, ConfigDict

from dondoc.record.clock import LOCAL_TZ, plain_utc, to_local


class QuietHours(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    start: dt.time = dt.time(21, 0)
    end: dt.time = dt.time(7, 0)

    def contains(self, moment: dt.time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


def out_of_quiet_hours(instant: dt.datetime, quiet: QuietHours | None) -> dt.datetime:
    """The instant itself, or the end of the quiet hours it falls in."""
    if quiet is None:
        return instant
    local = to_local(instant)
    if not quiet.contains(local.time()):
        return instant
    end = pendulum.datetime(local.year, local.month, local.day, quiet.end.hour, quiet.end.minute, tz=LOCAL_TZ)
    if end <= local:
        end = end.add(days=1)
    return plain_utc(end)


def quiet_hours_of(policy_snapshot: dict[str, Any] | None) -> QuietHours | None:
    """The quiet hours a subtask's policy snapshot keeps (None: the policy sends at any hour);
    the default ones when there is no snapshot, or it says nothing of them."""
    if not policy_snapshot or "quiet_hours" not in policy_snapshot:
        return QuietHours()
    value = policy_snapshot["quiet_hours"]
    return None if value is None else QuietHours.model_validate(value)
