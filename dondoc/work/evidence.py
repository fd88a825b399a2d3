"""Evidence files: checked by their first bytes (a declared type proves nothing), limited in size,
and stored once under DONDOC_HOME/evidence by the sha256 of their content."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from dondoc.record.audit import Actor
from dondoc.record.errors import DondocError
from dondoc.record.models import EvidenceFile
from dondoc.record.text import without_bidi

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
ALLOWED_LABEL = "ảnh JPEG, PNG, WebP, HEIC; PDF; Word (.docx); Excel (.xlsx)"
_OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heif", b"mif1")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")
# the extensions a file of each type may keep; any other gives way to the first
_EXTENSIONS = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
    "image/heic": (".heic", ".heif"),
    "application/pdf": (".pdf",),
    **{content_type: (suffix,) for suffix, content_type in _OFFICE_TYPES.items()},
}
# file systems allow 255 bytes a name; Vietnamese letters take two or three each in UTF-8
MAX_NAME_BYTES = 200
# a PDF ends with its cross-reference pointer and %%EOF; readers look for it in the last 1 KB
_PDF_TAIL = 1024


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
    """The name as shown to people: its last path part, NFC, no control or direction characters,
    at most MAX_NAME_BYTES in UTF-8 (the stem is shortened, the extension kept)."""
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = without_bidi(_UNSAFE.sub("", base)).strip() or "tep"
    return _within_bytes(base, MAX_NAME_BYTES)


def _within_bytes(name: str, limit: int) -> str:
    if len(name.encode()) <= limit:
        return name
    suffix = Path(name).suffix if len(Path(name).suffix.encode()) <= 16 else ""
    stem = name[: len(name) - len(suffix)].encode()[: limit - len(suffix.encode())]
    # a cut inside a letter's bytes drops that letter
    return stem.decode(errors="ignore").rstrip() + suffix


def named_for_type(name: str, content_type: str) -> str:
    """The name with the extension of what the file is: "bien-ban.bat" that is a PDF is
    "bien-ban.pdf", so nobody opens it as what its name claimed."""
    allowed = _EXTENSIONS[content_type]
    path = Path(name)
    if path.suffix.lower() in allowed:
        return name
    return _within_bytes(f"{path.stem or 'tep'}{allowed[0]}", MAX_NAME_BYTES)


def _is_whole(content_type: str, data: bytes) -> bool:
    """Beyond the first bytes: a PDF has its trailer, an Office file its parts. A page of HTML
    behind a "%PDF-" line, or any zip named .docx, is neither."""
    if content_type == "application/pdf":
        tail = data[-_PDF_TAIL:]
        return b"%%EOF" in tail and b"startxref" in data[-_PDF_TAIL * 4 :]
    if content_type in _OFFICE_TYPES.values():
        main = "word/document.xml" if content_type == _OFFICE_TYPES[".docx"] else "xl/workbook.xml"
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        return {"[Content_Types].xml", main} <= names
    return True


def check(filename: str, data: bytes) -> StoredFile:
    name = clean_filename(filename)
    if not data:
        raise DondocError(f"tệp '{name}' rỗng")
    if len(data) > MAX_FILE_BYTES:
        raise DondocError(f"tệp '{name}' lớn hơn {MAX_FILE_BYTES // (1024 * 1024)} MB")
    content_type = sniff_type(data[:16], name)
    if content_type is None or not _is_whole(content_type, data):
        raise DondocError(f"tệp '{name}' không thuộc loại được nhận ({ALLOWED_LABEL})")
    return StoredFile(
        hashlib.sha256(data).hexdigest(), named_for_type(name, content_type), content_type, len(data)
    )


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
