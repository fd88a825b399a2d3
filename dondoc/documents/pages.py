"""What a document becomes: pages of text lines and tables, and the edXML envelope it came in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """A table found on a page: rows of cell texts (NFC); a merged cell repeated or empty."""

    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    # in reading order: text lines (one visual line or paragraph each, "" for a blank line) and tables
    parts: tuple[str | Table, ...]
    ocr: bool = False  # read by Tesseract
    confidence: float | None = None  # Tesseract's mean word confidence 0-100 for an OCR'd page
    weak_lines: tuple[str, ...] = ()  # OCR'd lines under the confidence threshold


@dataclass(frozen=True)
class Envelope:
    """The edXML header; a field is None when the package does not carry it."""

    number: str | None = None
    issued_on: dt.date | None = None
    issuer: str | None = None
    kind: str | None = None
    title: str | None = None
    due_on: dt.date | None = None
    place: str | None = None
    signer: str | None = None


@dataclass(frozen=True)
class Document:
    pages: tuple[Page, ...]
    envelope: Envelope | None
    source_name: str  # the file actually read (the attachment's name for an edXML package)

    @property
    def ocr_pages(self) -> tuple[Page, ...]:
        return tuple(page for page in self.pages if page.ocr)


def as_lines(document: Document) -> list[str]:
    """The pages as the line reader of `draft/source_files.py` gives them: tables row by row as
    "cell | cell", a "\\f" after each page (a paragraph may continue across it)."""
    lines: list[str] = []
    for page in document.pages:
        for part in page.parts:
            if isinstance(part, Table):
                lines.extend(" | ".join(cell for cell in row) for row in part.rows)
                lines.append("")
            else:
                lines.append(part)
        lines.append("\f")
    return lines
