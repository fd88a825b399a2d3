"""What the review form says about a draft read by OCR: which pages, with what confidence, and
the lines Tesseract was unsure of (the same lines are flagged on the tasks they feed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OcrPage:
    number: int
    confidence: float | None
    weak_lines: list[str]


@dataclass(frozen=True)
class OcrSummary:
    source: str | None
    pages: int
    ocr_pages: list[OcrPage]
    edxml: bool


def ocr_summary(reading: dict[str, Any] | None) -> OcrSummary | None:
    """None for a document read from its text alone: the form then says nothing about it."""
    if not reading:
        return None
    pages = reading.get("pages") or []
    scanned = [
        OcrPage(page["number"], page.get("confidence"), list(page.get("weak_lines") or []))
        for page in pages
        if page.get("ocr")
    ]
    if not scanned and not reading.get("edxml"):
        return None
    return OcrSummary(reading.get("source"), len(pages), scanned, bool(reading.get("edxml")))
