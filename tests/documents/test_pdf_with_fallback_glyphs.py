"""A PDF printed by a word processor whose font lacked some accented letters (LibreOffice
printing a Word file set in Times New Roman on a machine that has only Liberation fonts): it
draws those letters from another font, in runs of their own, and a reader that follows the
content stream cuts the words apart ("C   NG HÒA XÃ H    I"). Read where the page shows each
letter, the words are whole again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dondoc.documents import read_document
from dondoc.draft import draft_file
from tests.documents.scans import FIRST, as_text
from tests.draft_documents import calendar, registry
from tests.libreoffice import to_pdf


def _printed_by_libreoffice(lines: list[str], folder: Path) -> Path:
    import docx

    word = docx.Document()
    word.styles["Normal"].font.name = "Times New Roman"
    for line in lines:
        word.add_paragraph(line)
    source = folder / "ket-luan.docx"
    word.save(str(source))
    (printed,) = to_pdf([source], folder)
    return printed


def test_the_words_are_read_whole_and_drafted(tmp_path: Path) -> None:
    path = _printed_by_libreoffice(as_text(FIRST), tmp_path)
    text = " ".join(str(part) for page in read_document(path).pages for part in page.parts)
    assert "HUYỆN ỦY SƠN LÂM" in text
    assert "Phòng Tài nguyên và Môi trường chủ trì" in text
    drafted = draft_file(path, registry(), calendar())
    land = next(task for task in drafted.tasks if task.lead == "PTNMT")
    assert land.due_date == dt.date(2020, 4, 30)
    assert drafted.issued_on == dt.date(2020, 4, 2)
