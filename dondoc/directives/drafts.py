"""Drafts of directive specs, kept server-side while a coordinator reviews them in the portal.

A draft is the mapping a spec file holds (review notes included), saved as it is edited, so it
can be left and resumed. It starts from a drafted document, an uploaded YAML spec, or the latest
registered version of a directive (an edit); it ends registered or discarded. The uploaded
document itself is stored by content hash, like evidence; the draft keeps its hash and name.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import yaml
from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, Session, SQLModel, col, select

from dondoc.directives.versions import version_of
from dondoc.record import audit
from dondoc.record.audit import Actor
from dondoc.record.errors import Conflict, DondocError, NotFound, SpecError
from dondoc.record.models import enum_type
from dondoc.record.yamlsrc import parse_yaml

# the seed directive's spec is ~40 kB as JSON: this leaves room for the longest conclusion
MAX_SPEC_CHARS = 1_000_000
# a page is read in seconds (at most 3 minutes, Tesseract's limit): this long without news, the
# reader is gone
STALLED_AFTER = dt.timedelta(minutes=10)
STALLED = "việc đọc tệp bị gián đoạn (máy chủ đã khởi động lại?): tải tệp lên lại"
TOP_FIELDS = ("number", "kind", "title", "issuer", "issued_on", "source")
TASK_FIELDS = (
    "id",
    "text",
    "lead",
    "lead_text",
    "support",
    "support_text",
    "due",
    "due_text",
    "depends_on",
    "fan_out",
    "policy",
)


class DraftStatus(StrEnum):
    READING = "reading"  # a scan being read in the background: no spec yet
    FAILED = "failed"  # the document could not be read: `failure` says why
    OPEN = "open"
    REGISTERED = "registered"
    DISCARDED = "discarded"


class SpecDraft(SQLModel, table=True):
    __table_args__ = (Index("ix_specdraft_status_updated", "status", "updated_at"),)

    id: int | None = Field(default=None, primary_key=True)
    spec: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: DraftStatus = Field(default=DraftStatus.OPEN, sa_type=enum_type(DraftStatus, 16))
    # set for an edit of a registered directive (and, once registered, for any draft)
    directive_id: int | None = Field(default=None, foreign_key="directive.id", index=True)
    # the registered version an edit started from: a newer one means someone else updated it
    base_version: int | None = None
    document_name: str | None = Field(default=None, max_length=255)
    document_sha256: str | None = Field(default=None, max_length=64)
    document_type: str | None = Field(default=None, max_length=128)
    document_size: int | None = None
    created_by: str = Field(max_length=64)
    created_at: dt.datetime
    updated_by: str = Field(max_length=64)
    updated_at: dt.datetime
    registered_at: dt.datetime | None = None
    flow_run_id: str | None = Field(default=None, max_length=64)
    # a document read in the background: pages read of pages, the reason it failed
    pages_read: int | None = None
    pages_total: int | None = None
    failure: str | None = Field(default=None, sa_type=Text)
    # how the document was read: its pages, which by OCR and with what confidence, the weak lines
    reading: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


@dataclass(frozen=True)
class Document:
    """The uploaded file a draft was made from, as stored (by its sha256)."""

    sha256: str
    filename: str
    content_type: str
    size: int


def _nfc(value: Any) -> Any:
    """JSON-ready and NFC throughout: dates as ISO text, strings composed."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(_nfc(k)): _nfc(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_nfc(v) for v in value]
    return value


def as_stored(spec: dict[str, Any]) -> dict[str, Any]:
    stored: dict[str, Any] = _nfc(spec)
    if len(json.dumps(stored, ensure_ascii=False)) > MAX_SPEC_CHARS:
        raise DondocError(f"bản nháp quá dài (quá {MAX_SPEC_CHARS:,} ký tự)".replace(",", "."))
    return stored


def create_draft(
    session: Session,
    *,
    spec: dict[str, Any],
    actor: Actor,
    now: dt.datetime,
    document: Document | None = None,
    directive_id: int | None = None,
    base_version: int | None = None,
) -> SpecDraft:
    draft = SpecDraft(
        spec=as_stored(spec),
        directive_id=directive_id,
        base_version=base_version,
        document_name=document.filename if document else None,
        document_sha256=document.sha256 if document else None,
        document_type=document.content_type if document else None,
        document_size=document.size if document else None,
        created_by=actor.code,
        created_at=now,
        updated_by=actor.code,
        updated_at=now,
    )
    session.add(draft)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="draft.created",
        at=now,
        directive_id=directive_id,
        draft_id=draft.id,
        document=document.filename if document else None,
        sha256=document.sha256 if document else None,
    )
    return draft


def start_reading(session: Session, *, actor: Actor, now: dt.datetime, document: Document) -> SpecDraft:
    """A draft whose document is read in the background: no spec until the reading is done."""
    draft = create_draft(session, spec={}, actor=actor, now=now, document=document)
    draft.status, draft.pages_read = DraftStatus.READING, 0
    session.add(draft)
    return draft


def _reading(session: Session, draft_id: int) -> SpecDraft | None:
    """The draft while it is still being read (a reader whose draft was discarded stops here)."""
    draft = session.get(SpecDraft, draft_id)
    return draft if draft is not None and draft.status is DraftStatus.READING else None


def note_progress(session: Session, *, draft_id: int, done: int, total: int, now: dt.datetime) -> None:
    draft = _reading(session, draft_id)
    if draft is not None:
        draft.pages_read, draft.pages_total, draft.updated_at = done, total, now
        session.add(draft)


def finish_reading(
    session: Session, *, draft_id: int, spec: dict[str, Any], reading: dict[str, Any], now: dt.datetime
) -> None:
    draft = _reading(session, draft_id)
    if draft is not None:
        draft.spec, draft.reading = as_stored(spec), _nfc(reading)
        draft.status, draft.updated_at = DraftStatus.OPEN, now
        session.add(draft)


def fail_reading(session: Session, *, draft_id: int, message: str, now: dt.datetime) -> None:
    draft = _reading(session, draft_id)
    if draft is not None:
        draft.status, draft.failure, draft.updated_at = DraftStatus.FAILED, message, now
        session.add(draft)


def stalled(draft: SpecDraft, now: dt.datetime) -> bool:
    """Still "being read" long after its last page: the process reading it is gone (a restart)."""
    return draft.status is DraftStatus.READING and now - draft.updated_at > STALLED_AFTER


def get_draft(session: Session, draft_id: int) -> SpecDraft:
    draft = session.get(SpecDraft, draft_id)
    if draft is None:
        raise NotFound(f"không có bản nháp #{draft_id}")
    return draft


def open_draft(session: Session, draft_id: int) -> SpecDraft:
    """A draft that may still be edited or registered."""
    draft = get_draft(session, draft_id)
    if draft.status is DraftStatus.READING:
        raise Conflict(
            f"bản nháp #{draft_id} đang được đọc ({draft.pages_read or 0}/{draft.pages_total or '?'} trang): chờ đọc xong"
        )
    if draft.status is DraftStatus.FAILED:
        raise Conflict(f"bản nháp #{draft_id} không đọc được tệp: {draft.failure}")
    if draft.status is not DraftStatus.OPEN:
        done = "đã được đăng ký" if draft.status is DraftStatus.REGISTERED else "đã bị bỏ"
        raise Conflict(f"bản nháp #{draft_id} {done}: mở văn bản để sửa tiếp")
    return draft


def save_draft(
    session: Session, *, draft_id: int, spec: dict[str, Any], actor: Actor, now: dt.datetime
) -> SpecDraft:
    draft = open_draft(session, draft_id)
    draft.spec = as_stored(spec)
    draft.updated_by, draft.updated_at = actor.code, now
    session.add(draft)
    return draft


def open_drafts(session: Session, limit: int = 50) -> list[SpecDraft]:
    """Drafts still being reviewed, the most recently edited first."""
    return list(
        session.exec(
            select(SpecDraft)
            .where(col(SpecDraft.status).in_([DraftStatus.OPEN, DraftStatus.READING]))
            .order_by(col(SpecDraft.updated_at).desc(), col(SpecDraft.id).desc())
            .limit(limit)
        ).all()
    )


def edit_draft(session: Session, *, directive_id: int, actor: Actor, now: dt.datetime) -> SpecDraft:
    """The open edit of a registered directive, or a new one on its latest registered spec."""
    found = session.exec(
        select(SpecDraft).where(SpecDraft.directive_id == directive_id, SpecDraft.status == DraftStatus.OPEN)
    ).first()
    if found is not None:
        return found
    latest = version_of(session, directive_id)
    return create_draft(
        session,
        spec=spec_from_yaml(latest.text),
        actor=actor,
        now=now,
        directive_id=directive_id,
        base_version=latest.version,
    )


def mark_registered(
    session: Session, *, draft_id: int, directive_id: int, flow_run_id: str | None, now: dt.datetime
) -> None:
    draft = get_draft(session, draft_id)
    draft.status = DraftStatus.REGISTERED
    draft.directive_id = directive_id
    draft.flow_run_id = flow_run_id
    draft.registered_at = now
    session.add(draft)


def discard_draft(session: Session, *, draft_id: int, actor: Actor, now: dt.datetime) -> None:
    draft = get_draft(session, draft_id)
    if draft.status not in (DraftStatus.READING, DraftStatus.FAILED):
        draft = open_draft(session, draft_id)
    draft.status = DraftStatus.DISCARDED
    draft.updated_by, draft.updated_at = actor.code, now
    session.add(draft)
    audit.record(
        session,
        actor=actor,
        action="draft.discarded",
        at=now,
        directive_id=draft.directive_id,
        draft_id=draft_id,
    )


def spec_from_yaml(text: str) -> dict[str, Any]:
    """A registered spec file as a draft's mapping (comments are not kept)."""
    try:
        data = parse_yaml(text, "tệp YAML đã lưu")
    except SpecError as exc:
        raise DondocError(f"tệp YAML đã lưu không đọc được ({exc})") from exc
    if not isinstance(data, dict):
        raise DondocError("tệp YAML đã lưu không phải một văn bản (cần bảng khóa: giá trị)")
    stored: dict[str, Any] = _nfc(data)
    return stored


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _day_or_text(value: Any) -> Any:
    """ISO days become YAML dates (written unquoted, as people write them in spec files)."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _ordered(entry: dict[str, Any], order: tuple[str, ...], days: tuple[str, ...]) -> dict[str, Any]:
    keys = [k for k in order if k in entry] + [k for k in entry if k not in order and k != "review"]
    result = {}
    for key in keys:
        value = entry[key]
        if _empty(value) or (key == "policy" and value == "default"):
            continue
        result[key] = _day_or_text(value) if key in days else value
    return result


def spec_as_yaml(spec: dict[str, Any], *, comment: str) -> str:
    """The spec file a draft registers: the content in the usual key order, the words as written
    kept, the review notes dropped (they are settled once a coordinator registers it)."""
    top = _ordered(spec, TOP_FIELDS, ("issued_on",))
    tasks = spec.get("tasks")
    if isinstance(tasks, list):
        top["tasks"] = [
            _ordered(task, TASK_FIELDS, ("due",)) if isinstance(task, dict) else task for task in tasks
        ]
    header = "".join(f"# {line}\n" for line in comment.splitlines())
    return header + yaml.safe_dump(top, allow_unicode=True, sort_keys=False, width=100)
