"""The REST API's request and response bodies (their JSON Schema is the OpenAPI document's)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import orjson
from fastapi import Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from dondoc.reading.queries import SubtaskView
from dondoc.record import clock

Text = Annotated[str, Field(min_length=1, max_length=4000)]
OptionalText = Annotated[str | None, Field(default=None, max_length=4000)]
YEARS = range(2000, 2101)


def _plausible_day(value: dt.date) -> dt.date:
    if value.year not in YEARS:
        raise ValueError("năm phải trong khoảng 2000–2100")
    return value


def _plausible_instant(value: dt.datetime) -> dt.datetime:
    """A time without an offset is local (Asia/Ho_Chi_Minh), as people write it."""
    if value.year not in YEARS:
        raise ValueError("năm phải trong khoảng 2000–2100")
    if value.tzinfo is None:
        value = value.replace(tzinfo=clock.LOCAL_TZ)
    return value.astimezone(dt.UTC)


Day = Annotated[dt.date, AfterValidator(_plausible_day)]
Instant = Annotated[dt.datetime, AfterValidator(_plausible_instant)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProgressIn(Body):
    note: Text


class ExtensionIn(Body):
    reason: Text
    proposed_due: Day = Field(description="Hạn đề nghị (ngày, giờ Việt Nam), sau hạn hiện tại")


class ConfirmIn(Body):
    note: OptionalText = None


class ReasonIn(Body):
    reason: Text


class ApproveIn(Body):
    due: Day | None = Field(default=None, description="Hạn mới; mặc định là hạn cơ quan đề nghị")
    note: OptionalText = None


class ReassignIn(Body):
    agency: Annotated[str, Field(min_length=1, max_length=64, description="Mã cơ quan nhận việc")]
    reason: OptionalText = None


class FollowUpIn(Body):
    at: Instant = Field(description="Thời điểm nhắc (ISO 8601; không có múi giờ thì hiểu là giờ Việt Nam)")
    message: OptionalText = None


class SubtaskOut(BaseModel):
    id: int
    directive: str
    task: str
    title: str
    agency: str
    agency_name: str
    role: str
    status: str
    status_label: str
    due: str | None
    original_due: str | None
    completed_at: str | None
    timeliness: str
    timeliness_label: str
    days_late: int
    note: str | None

    @classmethod
    def of(cls, view: SubtaskView) -> SubtaskOut:
        return cls(**subtask_json(view))


def subtask_json(view: SubtaskView) -> dict[str, Any]:
    """A subtask as SubtaskOut has it, built directly: the API's lists answer with these, and
    a test holds them to the schema instead of every request validating them again."""
    return {**view.as_json(), "status_label": view.status.label, "timeliness_label": view.timeliness.label}


class JsonAnswer(Response):
    """JSON already in the shape of the route's response_model (which documents it), encoded
    once; UTF-8 as it is, so Vietnamese is not escaped."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class EventOut(BaseModel):
    at: str | None
    actor: str
    action: str
    source: str
    detail: dict[str, Any]


class EvidenceOut(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: str | None


class ExtensionOut(BaseModel):
    id: int
    status: str
    reason: str
    proposed_due: str
    requested_by: str
    requested_at: str | None
    decided_by: str | None
    granted_due: str | None
    decision_note: str | None


class FollowUpOut(BaseModel):
    id: int
    at: str | None
    status: str
    message: str | None
    flow_run_id: str | None


class SubtaskDetailOut(SubtaskOut):
    prerequisites: list[int]
    history: list[EventOut]
    evidence: list[EvidenceOut]
    extensions: list[ExtensionOut]
    follow_ups: list[FollowUpOut]


class ActionOut(BaseModel):
    message: str
    subtask: SubtaskOut
    freed: list[int] = Field(default_factory=list, description="Việc con được bắt đầu nhờ thao tác này")
    record_id: int | None = Field(default=None, description="Mã đề nghị gia hạn hoặc lịch hẹn vừa tạo")


class ErrorOut(BaseModel):
    detail: Any
