"""A draft from a document as it arrived (`dondoc.documents`): its pages drafted as text, the
edXML envelope's header put in place of what the text gave, and the lines OCR was unsure of
flagged beside the tasks they feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dondoc.directives.registry import Registry
from dondoc.documents import Document, Envelope
from dondoc.draft.builder import Draft, draft_source
from dondoc.draft.source_files import arrived_items
from dondoc.record.enums import DirectiveKind
from dondoc.record.text import fold
from dondoc.record.workcalendar import WorkCalendar

# a weak line is flagged on a task when this share of its words are in the task's text
_FEEDS = 0.6


def draft_document(
    document: Document, registry: Registry, calendar: WorkCalendar, *, source: str | None = None
) -> Draft:
    drafted = draft_source(arrived_items(document), registry, calendar, source=source or document.source_name)
    if document.envelope is not None:
        apply_envelope(drafted, document.envelope, registry)
    flag_weak_lines(drafted, document)
    if document.ocr_pages:
        drafted.review.append(_ocr_note(document))
    return drafted


def _ocr_note(document: Document) -> str:
    pages = ", ".join(
        f"{page.number} (độ tin cậy {page.confidence:.0f})"
        if page.confidence is not None
        else str(page.number)
        for page in document.ocr_pages
    )
    return f"text: đọc bằng OCR trang {pages}: đối chiếu chữ và số với bản gốc"


def apply_envelope(drafted: Draft, envelope: Envelope, registry: Registry) -> None:
    """The exchange's header is what the sender registered: it wins over the text's reading."""
    drafted.number = envelope.number or drafted.number
    drafted.issued_on = envelope.issued_on or drafted.issued_on
    drafted.title = envelope.title or drafted.title
    kind = _kind(envelope.kind)
    drafted.kind = kind.value if kind else drafted.kind
    if envelope.issuer:
        found = registry.resolve(envelope.issuer)
        drafted.issuer = found.code if found else envelope.issuer
    if envelope.due_on:
        _default_deadline(drafted, envelope.due_on)


def _kind(name: str | None) -> DirectiveKind | None:
    if not name:
        return None
    return next((kind for kind in DirectiveKind if fold(kind.label) == fold(name)), None)


def _default_deadline(drafted: Draft, due_on: dt.date) -> None:
    """The package's processing deadline stands for every task the text gives none."""
    day = due_on.strftime("%d/%m/%Y")
    for task in drafted.tasks:
        if task.due_date is None and task.due in ("none", ""):
            task.due = due_on.isoformat()
            task.due_date = due_on
            task.review.append(
                f"due: văn bản không nêu hạn; lấy hạn xử lý {day} của gói edXML (DueDate): cần xác nhận"
            )


def flag_weak_lines(drafted: Draft, document: Document) -> None:
    for page in document.ocr_pages:
        for line in page.weak_lines:
            words = set(fold(line).split())
            for task in drafted.tasks:
                inside = words & set(fold(task.text).split())
                if words and len(inside) >= _FEEDS * len(words):
                    task.review.append(
                        f"text: dòng đọc bằng OCR chưa chắc chắn (trang {page.number}): "
                        f"'{line}': đối chiếu với bản gốc"
                    )


def reading_of(document: Document) -> dict[str, Any]:
    """What the review form says about how the document was read: each page, whether by OCR and
    with what confidence, and the lines OCR was unsure of."""
    return {
        "source": document.source_name,
        "edxml": document.envelope is not None,
        "pages": [
            {
                "number": page.number,
                "ocr": page.ocr,
                "confidence": page.confidence,
                "weak_lines": list(page.weak_lines),
            }
            for page in document.pages
        ],
    }
