"""Documents as they arrive: a PDF (typed, scanned, or both), a photo or scan, an edXML package
from the national document exchange, turned into pages of text lines and tables. This wing knows
nothing about directives; the drafter reads its pages."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from dondoc.documents import edxml, images, ocr, office, pdf
from dondoc.documents.errors import Cancelled, DocumentError, OcrUnavailable
from dondoc.documents.pages import Document, Envelope, Page, Table, as_lines

SUFFIXES = (".pdf", *images.SUFFIXES, *edxml.SUFFIXES)
Progress = Callable[[int, int], None]

__all__ = [
    "SUFFIXES",
    "Cancelled",
    "Document",
    "DocumentError",
    "Envelope",
    "OcrUnavailable",
    "Page",
    "Table",
    "as_lines",
    "is_slow",
    "read_document",
]


def read_document(path: Path, *, progress: Progress | None = None) -> Document:
    """The file's pages; `progress(done, total)` is told after each page read, and may raise
    Cancelled to stop. Errors are DocumentError (a DondocError) with a Vietnamese message naming
    the file."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError(
            f"{name}: định dạng '{suffix or '(không có đuôi)'}' không phải PDF, ảnh hay edXML"
        )
    if not path.is_file():
        raise DocumentError(f"{name}: không tìm thấy tệp")
    if suffix in edxml.SUFFIXES:
        return _package(path, name, progress)
    return Document(tuple(_guarded(_pages, path, name, progress)), None, path.name)


def is_slow(path: Path) -> bool:
    """Whether reading the file means OCR (an image, a scanned page, an edXML package, which may
    carry either): the portal reads such a file in the background."""
    suffix = path.suffix.lower()
    if suffix in images.SUFFIXES or suffix in edxml.SUFFIXES:
        return True
    if suffix != ".pdf":
        return False
    try:
        return any(pdf.needs_ocr(text) for text in pdf.page_texts(path, str(path)))
    except Exception:  # a damaged PDF fails quickly when it is read: no need for the background
        return False


def _pages(path: Path, name: str, progress: Progress | None) -> list[Page]:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return pdf.read_pdf(path, name, progress)
    if suffix in office.SUFFIXES:
        return [office.office_page(path, name)]
    ocr.require_tesseract(name)
    total = images.count_frames(path, name)
    pages = []
    for number, frame in enumerate(images.frames(path, name), start=1):
        pages.append(ocr.read_page(frame, number=number, name=name))
        if progress:
            progress(number, total)
    return pages


def _guarded(
    read: Callable[[Path, str, Progress | None], list[Page]], path: Path, name: str, progress: Progress | None
) -> list[Page]:
    try:
        pages = read(path, name, progress)
    except (DocumentError, Cancelled):
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise DocumentError(f"{name}: không đọc được tệp ({exc})") from exc
    except Exception as exc:  # pypdf, pdfminer, PDFium and python-docx raise their own types
        raise DocumentError(f"{name}: tệp hỏng hoặc không đúng định dạng ({type(exc).__name__})") from exc
    if not any(isinstance(part, Table) or part.strip() for page in pages for part in page.parts):
        raise DocumentError(f"{name}: không đọc được chữ nào trong tệp (ảnh quá mờ hoặc trang trắng?)")
    return pages


def _package(path: Path, name: str, progress: Progress | None) -> Document:
    envelope, attachments = edxml.parse(path, name)
    attachment = edxml.main_attachment(attachments, name)
    # read under its own name in a private folder, so that messages name the attachment
    with tempfile.TemporaryDirectory(prefix="dondoc-edxml-") as folder:
        inner = Path(folder) / attachment.name
        inner.write_bytes(attachment.data)
        try:
            pages = _guarded(_pages, inner, attachment.name, progress)
        except DocumentError as exc:
            raise DocumentError(f"{name}: {exc}".replace(str(inner), attachment.name)) from exc
    return Document(tuple(pages), envelope, attachment.name)
