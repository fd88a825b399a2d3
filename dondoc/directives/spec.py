"""The directive spec (config/directives/*.yaml): its shape, checked with pydantic."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dondoc.record.enums import AgencyKind, DirectiveKind
from dondoc.record.errors import SpecError
from dondoc.record.spec_errors import problems_from_validation
from dondoc.record.text import clean
from dondoc.record.yamlsrc import load_yaml

TASK_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _parse_day(value: object) -> object:
    if isinstance(value, str) and (match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value.strip())):
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    return value


class FanOutSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    parent: str
    kind: AgencyKind


class TaskSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    text: str = Field(min_length=1)
    # chủ trì: a registry code or alias; a draft leaves it empty when the text names no known body
    lead: str | None = None
    support: list[str] = []
    # the names as the document writes them, kept beside the registry picks for the reviewer
    lead_text: str | None = None
    support_text: list[str] = []
    due: Any = None
    due_text: str | None = None
    depends_on: list[str] = []
    fan_out: FanOutSpec | None = None
    policy: str = "default"
    # what a reviewer of a drafted spec should check; the planner ignores it
    review: list[str] = []

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not TASK_ID.match(value):
            raise ValueError(f"mã nhiệm vụ '{value}' chỉ gồm chữ thường không dấu, số, '-', '.'")
        return value

    @field_validator("text")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean(value)

    @field_validator("lead", "due_text", "lead_text")
    @classmethod
    def _clean_or_none(cls, value: str | None) -> str | None:
        # a form or a draft sends an empty string for "nothing here": the same as leaving it out
        return (clean(value) or None) if value is not None else None

    @field_validator("support", "support_text")
    @classmethod
    def _clean_all(cls, value: list[str]) -> list[str]:
        return [clean(v) for v in value]


class DirectiveSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: str = Field(min_length=1)
    kind: DirectiveKind
    title: str = Field(min_length=1)
    issuer: str = Field(min_length=1)
    issued_on: dt.date
    source: str | None = None
    tasks: list[TaskSpec] = Field(min_length=1)
    review: list[str] = []

    _validate_day = field_validator("issued_on", mode="before")(lambda cls, v: _parse_day(v))

    @field_validator("number", "title", "issuer")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean(value)

    def content_hash(self) -> str:
        """A fingerprint of the content, blind to comments, key order and layout."""
        # review notes and the words as written are not content: ticking a note off, or keeping the
        # document's wording beside a registry pick, must not make a registered directive "changed"
        not_content = {"review", "lead_text", "support_text"}
        content = self.model_dump(mode="json", exclude={"review": True, "tasks": {"__all__": not_content}})
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _model_for(loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model that owns the last key of an error location."""
    if len(loc) >= 3 and loc[0] == "tasks":
        return FanOutSpec if len(loc) >= 4 and loc[2] == "fan_out" else TaskSpec
    return DirectiveSpec


def check_spec(data: Any, source: Path) -> DirectiveSpec:
    """Check the shape of a spec already parsed: a YAML file's line-annotated data, or a plain
    mapping (a draft edited in the portal, whose problems then carry no line). `source` names it
    in the problems."""
    try:
        return DirectiveSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(problems_from_validation(exc, data, source, _model_for)) from exc


def read_spec(path: Path) -> tuple[DirectiveSpec, Any]:
    """Parse and check the shape of a directive spec; returns the spec and its line-annotated data."""
    data = load_yaml(path)
    return check_spec(data, path), data


def peek_number(path: str) -> str:
    """The directive number for naming a run, without checking the rest; the file name if unreadable."""
    try:
        data = load_yaml(Path(path))
    except SpecError:
        return Path(path).stem
    number = data.get("number") if isinstance(data, dict) else None
    return clean(str(number)) if number else Path(path).stem
