"""A phone's photo of a conclusion's first page is read by the real Tesseract: the letterhead in
reading order, the seal left out, each line's confidence known, and the drafter finds its tasks."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from dondoc.documents import read_document
from dondoc.draft import draft_file
from tests.documents.scans import jpeg_bytes, photo_of, write_scan_pdf
from tests.draft_documents import calendar, registry


def _photo(tmp_path: Path, scan: Image.Image) -> Path:
    path = tmp_path / "anh-chup.jpg"
    path.write_bytes(jpeg_bytes(photo_of(scan)))
    return path


def test_a_photo_is_one_ocr_page_in_reading_order(tmp_path: Path, first_scan: Image.Image) -> None:
    seen: list[tuple[int, int]] = []
    document = read_document(
        _photo(tmp_path, first_scan), progress=lambda done, total: seen.append((done, total))
    )
    (page,) = document.pages
    assert page.ocr and page.confidence is not None and page.confidence > 70
    assert seen == [(1, 1)] and document.envelope is None and document.source_name == "anh-chup.jpg"
    lines = [part for part in page.parts if isinstance(part, str)]
    # the issuer's column is read whole before the national motto's
    issuer, number, motto = (
        lines.index("HUYỆN ỦY SƠN LÂM"),
        next(i for i, line in enumerate(lines) if "130-KL/HU" in line),
        lines.index("ĐẢNG CỘNG SẢN VIỆT NAM"),
    )
    assert issuer < number < motto < lines.index("KẾT LUẬN")


def test_a_photo_drafts_its_tasks_with_leads_and_deadlines(tmp_path: Path, first_scan: Image.Image) -> None:
    drafted = draft_file(_photo(tmp_path, first_scan), registry(), calendar())
    assert drafted.number == "130-KL/HU"
    found = {(task.lead, str(task.due_date)) for task in drafted.tasks}
    assert ("PTNMT", "2020-04-30") in found
    assert ("UBMTTQ", "2020-04-15") in found


def test_the_red_seal_and_the_signature_are_not_text(tmp_path: Path, second_scan: Image.Image) -> None:
    path = tmp_path / "trang-ky.png"
    second_scan.save(path)
    (page,) = read_document(path).pages
    text = "\n".join(part for part in page.parts if isinstance(part, str))
    assert "VĂN PHÒNG" not in text.upper()
    assert "T/M BAN THƯỜNG VỤ" in text
    # nothing but the page's own lines: no stray marks from the seal's ring or star
    assert all(len(line) > 3 for line in text.splitlines() if line)


def test_a_page_scanned_upside_down_is_turned(tmp_path: Path, second_scan: Image.Image) -> None:
    path = tmp_path / "quet-nguoc.pdf"
    write_scan_pdf([second_scan.rotate(180)], path)
    (page,) = read_document(path).pages
    assert any("biên soạn tờ rơi" in part for part in page.parts if isinstance(part, str))


def test_an_iphone_heic_photo_is_read(tmp_path: Path, first_scan: Image.Image) -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    path = tmp_path / "IMG_0412.HEIC"
    photo_of(first_scan).save(path, quality=80)
    (page,) = read_document(path).pages
    assert page.ocr and "KẾT LUẬN" in page.parts
