"""A Word file's size as it will be once unzipped, checked before anything parses it.

A .docx is a zip: 155 KB can hold a document.xml of 50 MB, which the drafter then reads for
minutes. The zip's directory states each part's uncompressed size, and Python's zipfile never
inflates a part beyond the size stated there, so the directory bounds what a parser can be given.
The paragraphs are counted from document.xml itself, inflated in chunks, since the drafter's time
grows faster than their number."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from dondoc.record.errors import DondocError

MAX_PARTS = 1_000
MAX_UNZIPPED_BYTES = 30 * 1024 * 1024
# a long resolution with its annexes runs to a few thousand paragraphs
MAX_PARAGRAPHS = 5_000
BODY_PART = "word/document.xml"
_CHUNK = 1024 * 1024
# a paragraph opens as <w:p> or <w:p attr=…>; <w:pPr>, <w:pStyle> … are other elements
_PARAGRAPH_OPENINGS = (b"<w:p>", b"<w:p ")


def require_bounded_word(name: str, source: bytes | Path) -> None:
    """Refuse a Word file whose parts are too many, or too big once unzipped, or whose body has
    more paragraphs than a directive has: a clear message naming the file, nothing parsed."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise DondocError(
                    f"tệp '{name}': có {len(parts)} phần, quá {MAX_PARTS} phần của một tệp Word"
                )
            unzipped = sum(part.file_size for part in parts)
            if unzipped > MAX_UNZIPPED_BYTES:
                raise DondocError(
                    f"tệp '{name}': giải nén ra {_megabytes(unzipped)} MB, quá "
                    f"{_megabytes(MAX_UNZIPPED_BYTES)} MB cho phép"
                )
            if BODY_PART in archive.namelist():
                _require_few_paragraphs(name, archive)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise DondocError(f"tệp '{name}': không phải tệp Word (.docx) đọc được") from exc


def _require_few_paragraphs(name: str, archive: zipfile.ZipFile) -> None:
    count = 0
    tail = b""
    with archive.open(BODY_PART) as body:
        while chunk := body.read(_CHUNK):
            window = tail + chunk
            count += sum(window.count(opening) for opening in _PARAGRAPH_OPENINGS)
            # an opening split across two chunks is found in the next window; four bytes
            # cannot hold a whole one, so none is counted twice
            tail = window[-4:]
            if count > MAX_PARAGRAPHS:
                raise DondocError(
                    f"tệp '{name}': có hơn {_thousands(MAX_PARAGRAPHS)} đoạn văn, quá dài cho một "
                    "văn bản chỉ đạo; tách phần phụ lục ra tệp khác"
                )


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"
