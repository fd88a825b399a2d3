"""A document as it arrived becomes a draft: the edXML header stands for the text's own header,
its due date for the tasks the text gives none (flagged), and a line OCR was unsure of is
flagged on the task it feeds."""

from __future__ import annotations

import datetime as dt

from dondoc.documents import Document, Envelope, Page
from dondoc.draft.arrival import draft_document, reading_of
from tests.documents.scans import FIRST, as_text
from tests.draft_documents import calendar, registry

UNSURE = "toàn bộ diện tích đất công trên địa bàn, hoàn thành trước ngày 30/4/2020."
NO_DEADLINE = "3. Giao Công an huyện đảm bảo an ninh trật tự trong dịp lễ."


def _document(envelope: Envelope | None, *, ocr: bool) -> Document:
    lines = (*as_text(FIRST), NO_DEADLINE, "")
    page = Page(1, lines, ocr=ocr, confidence=81.5 if ocr else None, weak_lines=(UNSURE,) if ocr else ())
    return Document((page,), envelope, "ket-luan.pdf")


def test_the_envelope_is_the_header_and_its_due_date_the_default_deadline() -> None:
    envelope = Envelope(
        number="131-KL/HU",
        issued_on=dt.date(2020, 4, 3),
        issuer="Huyện ủy Sơn Lâm",
        kind="Thông báo kết luận",
        title="Thông báo kết luận giao ban",
        due_on=dt.date(2020, 5, 15),
    )
    drafted = draft_document(_document(envelope, ocr=False), registry(), calendar())
    assert (drafted.number, drafted.issued_on, drafted.kind, drafted.title) == (
        "131-KL/HU",
        dt.date(2020, 4, 3),
        "thong_bao_ket_luan",
        "Thông báo kết luận giao ban",
    )
    police = next(task for task in drafted.tasks if task.lead == "CAH")
    assert police.due_date == dt.date(2020, 5, 15)
    assert any("DueDate" in note and "15/05/2020" in note for note in police.review)
    land = next(task for task in drafted.tasks if task.lead == "PTNMT")
    assert land.due_date == dt.date(2020, 4, 30)  # the text's own deadline is kept


def test_an_unsure_ocr_line_is_flagged_on_the_task_it_feeds() -> None:
    document = _document(None, ocr=True)
    drafted = draft_document(document, registry(), calendar())
    land = next(task for task in drafted.tasks if task.lead == "PTNMT")
    assert any(note.startswith("text: dòng đọc bằng OCR chưa chắc chắn (trang 1)") for note in land.review)
    assert not any("OCR" in note for task in drafted.tasks if task.lead != "PTNMT" for note in task.review)
    assert "text: đọc bằng OCR trang 1 (độ tin cậy 82): đối chiếu chữ và số với bản gốc" in drafted.review
    assert reading_of(document)["pages"] == [
        {"number": 1, "ocr": True, "confidence": 81.5, "weak_lines": [UNSURE]}
    ]
