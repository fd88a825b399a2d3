"""A PDF whose first page is typed and whose second is a scan: each page is read its own way,
the progress counts pages, and the drafter sees the whole document."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from dondoc.documents import read_document
from dondoc.draft import draft_file
from tests.documents.scans import FIRST, as_text, merge_pdfs, write_scan_pdf
from tests.draft.files import write_pdf
from tests.draft_documents import calendar, registry


def _mixed(tmp_path: Path, scan: Image.Image) -> Path:
    typed, scanned, mixed = tmp_path / "typed.pdf", tmp_path / "scanned.pdf", tmp_path / "ket-luan.pdf"
    write_pdf(as_text(FIRST), typed)
    write_scan_pdf([scan], scanned)
    merge_pdfs([typed, scanned], mixed)
    return mixed


def test_typed_pages_keep_their_text_and_scanned_ones_are_ocrd(
    tmp_path: Path, second_scan: Image.Image
) -> None:
    seen: list[tuple[int, int]] = []
    document = read_document(_mixed(tmp_path, second_scan), progress=lambda d, t: seen.append((d, t)))
    typed, scanned = document.pages
    assert (typed.number, typed.ocr, typed.confidence) == (1, False, None)
    assert (scanned.number, scanned.ocr) == (2, True)
    assert scanned.confidence is not None and scanned.confidence > 70
    assert "HUYỆN ỦY SƠN LÂM" in typed.parts
    assert seen[-1] == (2, 2) and [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_the_drafter_finds_the_tasks_of_both_pages(tmp_path: Path, second_scan: Image.Image) -> None:
    drafted = draft_file(_mixed(tmp_path, second_scan), registry(), calendar())
    found = {(task.lead, str(task.due_date)) for task in drafted.tasks}
    assert {("PTNMT", "2020-04-30"), ("UBMTTQ", "2020-04-15"), ("PVHTT", "2020-04-20")} <= found
