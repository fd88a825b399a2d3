"""Evidence files: checked by their first bytes (a declared type proves nothing), limited in size,
and stored once under DONDOC_HOME/evidence by the sha256 of their content."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from dondoc.record.audit import Actor
from dondoc.record.errors import DondocError
from dondoc.record.models import EvidenceFile

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
ALLOWED_LABEL = "ảnh JPEG, PNG, WebP, HEIC; PDF; Word (.docx); Excel (.xlsx)"
_OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heif", b"mif1")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    filename: str
    content_type: str
    size: int


def sniff_type(head: bytes, filename: str) -> str | None:
    """The content type the bytes really are, among the allowed ones; None otherwise."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "image/heic"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return _OFFICE_TYPES.get(Path(filename).suffix.lower())
    return None


def clean_filename(name: str) -> str:
    """The name as shown to people: its last path part, NFC, no control characters."""
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("", base).strip() or "tep"
    return base[-200:]


def check(filename: str, data: bytes) -> StoredFile:
    name = clean_filename(filename)
    if not data:
        raise DondocError(f"tệp '{name}' rỗng")
    if len(data) > MAX_FILE_BYTES:
        raise DondocError(f"tệp '{name}' lớn hơn {MAX_FILE_BYTES // (1024 * 1024)} MB")
    content_type = sniff_type(data[:16], name)
    if content_type is None:
        raise DondocError(f"tệp '{name}' không thuộc loại được nhận ({ALLOWED_LABEL})")
    return StoredFile(hashlib.sha256(data).hexdigest(), name, content_type, len(data))


def path_for(home: Path, sha256: str) -> Path:
    return home / "evidence" / sha256[:2] / sha256


def save(home: Path, checked: StoredFile, data: bytes) -> Path:
    """Write checked bytes under their hash; the same bytes sent twice are kept once."""
    target = path_for(home, checked.sha256)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # written aside then renamed: a reader never sees half a file
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, target)
    return target


def attach(
    session: Session, *, subtask_id: int, files: Sequence[StoredFile], actor: Actor, now: dt.datetime
) -> list[EvidenceFile]:
    if len(files) > MAX_FILES:
        raise DondocError(f"gửi tối đa {MAX_FILES} tệp minh chứng mỗi lần")
    rows = [
        EvidenceFile(
            subtask_id=subtask_id,
            sha256=f.sha256,
            filename=f.filename,
            content_type=f.content_type,
            size=f.size,
            uploaded_by=actor.code,
            uploaded_at=now,
        )
        for f in files
    ]
    session.add_all(rows)
    return rows


def for_subtask(session: Session, subtask_id: int) -> list[EvidenceFile]:
    return list(
        session.exec(
            select(EvidenceFile).where(EvidenceFile.subtask_id == subtask_id).order_by(col(EvidenceFile.id))
        ).all()
    )
