"""A document or spec a coordinator uploads to draft a directive from: limited in size, its type
checked by its content (the name proves nothing), stored by hash in the evidence store."""

from __future__ import annotations

import codecs
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from dondoc.directives.drafts import Document
from dondoc.portal.received import Upload
from dondoc.record.errors import DondocError
from dondoc.record.wordbounds import require_bounded_word
from dondoc.work import evidence

# a 30-page scan at 200 dpi, as offices' scanners write it, with room to spare
MAX_UPLOAD_BYTES = 40 * 1024 * 1024
ACCEPTED = ".docx,.pdf,.txt,.jpg,.jpeg,.png,.tif,.tiff,.heic,.edxml,.xml,.yaml,.yml"
ACCEPTED_LABEL = (
    "Word (.docx), PDF (kể cả bản quét), ảnh chụp hoặc ảnh quét (.jpg, .png, .tif, .heic), "
    "gói edXML (.edxml), văn bản thuần (.txt) hoặc tệp YAML của văn bản (.yaml)"
)
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_IMAGES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".heic": "image/heic",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}
_EDXML = (".edxml", ".xml")
_TEXT_TYPES = {".txt": "text/plain; charset=utf-8", ".yaml": "application/yaml", ".yml": "application/yaml"}
_WHAT = {
    ".docx": "tài liệu Word (.docx)",
    ".pdf": "tệp PDF",
    ".txt": "văn bản thuần UTF-8",
    **dict.fromkeys(_IMAGES, "ảnh (JPEG, PNG, TIFF, HEIC)"),
    **dict.fromkeys(_EDXML, "gói edXML"),
}


class UploadTooLarge(DondocError):
    """Answered 413: the file is over the limit, nothing was kept."""


@dataclass(frozen=True)
class CheckedDocument:
    """An upload whose type its content proved, ready to draft from (or a spec to load)."""

    document: Document
    suffix: str
    data: bytes

    @property
    def is_spec(self) -> bool:
        return self.suffix in (".yaml", ".yml")


def _is_text(data: bytes) -> bool:
    """UTF-8 (or UTF-16 with its byte-order mark, as Notepad saves it), and no binary bytes."""
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return not any(ch < " " and ch not in "\t\n\r\f" for ch in text)


def _is_word(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _is_tiff(data: bytes) -> bool:
    return data[:4] in (b"II*\x00", b"MM\x00*")


def _is_edxml(data: bytes) -> bool:
    """XML text whose root is edXML (the root comes within the first few hundred bytes)."""
    head = data[:4096].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    return head.startswith("<") and ("<edXML" in head or ":edXML" in head)


def _content_type(name: str, suffix: str, data: bytes) -> str:
    sniffed = evidence.sniff_type(data[:16], name)
    if suffix in _IMAGES and (sniffed == _IMAGES[suffix] or (suffix in (".tif", ".tiff") and _is_tiff(data))):
        return _IMAGES[suffix]
    if suffix in _EDXML and _is_edxml(data):
        return "application/xml"
    if suffix == ".docx" and sniffed == _DOCX and _is_word(data):
        return _DOCX
    if suffix == ".pdf" and sniffed == "application/pdf":
        return sniffed
    if suffix in _TEXT_TYPES and sniffed is None and _is_text(data):
        return _TEXT_TYPES[suffix]
    what = _WHAT.get(suffix, "tệp YAML (văn bản thuần UTF-8)")
    raise DondocError(f"tệp '{name}': nội dung không phải {what} như tên tệp ghi")


def check_upload(upload: Upload) -> CheckedDocument:
    name, data = evidence.clean_filename(upload.filename), upload.data
    suffix = Path(name).suffix.lower()
    if suffix == ".doc":
        raise DondocError(f"tệp '{name}': Word 97-2003 (.doc) chưa đọc được; lưu lại thành .docx hoặc .pdf")
    if suffix not in (".docx", ".pdf", *_IMAGES, *_EDXML, *_TEXT_TYPES):
        raise DondocError(f"tệp '{name}': chỉ nhận {ACCEPTED_LABEL}")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadTooLarge(f"tệp '{name}' lớn hơn {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    if not data:
        raise DondocError(f"tệp '{name}' rỗng")
    content_type = _content_type(name, suffix, data)
    if content_type == _DOCX:
        require_bounded_word(name, data)
    document = Document(hashlib.sha256(data).hexdigest(), name, content_type, len(data))
    return CheckedDocument(document, suffix, data)


def pasted(text: str) -> CheckedDocument:
    """Text pasted into the form, kept like an uploaded .txt."""
    data = text.encode("utf-8")
    if not text.strip():
        raise DondocError("chưa có nội dung: dán văn bản hoặc chọn tệp")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadTooLarge(f"văn bản dán vào dài hơn {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    document = Document(hashlib.sha256(data).hexdigest(), "van-ban-dan.txt", _TEXT_TYPES[".txt"], len(data))
    return CheckedDocument(document, ".txt", data)


def spec_file(name: str, text: str) -> CheckedDocument:
    """A spec the portal wrote itself (a draft being registered), kept like an upload."""
    data = text.encode("utf-8")
    return CheckedDocument(
        Document(hashlib.sha256(data).hexdigest(), name, _TEXT_TYPES[".yaml"], len(data)), ".yaml", data
    )


def keep(home: Path, upload: CheckedDocument) -> Path:
    """Stored once under its hash, beside the evidence files: the same bytes twice are one file."""
    document = upload.document
    stored = evidence.StoredFile(document.sha256, document.filename, document.content_type, document.size)
    return evidence.save(home, stored, upload.data)


def path_of(home: Path, sha256: str) -> Path:
    return evidence.path_for(home, sha256)
