"""The same document as .txt, .docx and .pdf gives the same draft: NFC text, both tone placements,
broken PDF lines joined, stray OCR noise dropped; what cannot be read is a clear error."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from dondoc.draft import DocumentError, Draft, draft_file, draft_lines
from dondoc.draft.paragraphs import paragraphs
from tests.draft.files import write_pdf
from tests.draft_documents import SEED_DOCUMENT, calendar, conclusion, draft_of, registry


def _summary(drafted: Draft) -> list[tuple[str | None, str, str | None]]:
    return [(t.lead, t.due, t.text[:60]) for t in drafted.tasks]


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return SEED_DOCUMENT.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def seed_summary(seed_lines: list[str]) -> list[tuple[str | None, str, str | None]]:
    return _summary(draft_lines(seed_lines, registry(), calendar()))


def _write_docx(lines: list[str], path: Path) -> None:
    import docx

    document = docx.Document()
    # the usual letterhead: a two-column table before the body
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "HUYỆN ỦY SƠN LÂM"
    table.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    for line in lines:
        if line.strip():
            document.add_paragraph(line)
    document.save(str(path))


def test_txt(seed_summary: list[tuple[str | None, str, str | None]]) -> None:
    assert _summary(draft_file(SEED_DOCUMENT, registry(), calendar())) == seed_summary


def test_docx(
    tmp_path: Path, seed_lines: list[str], seed_summary: list[tuple[str | None, str, str | None]]
) -> None:
    path = tmp_path / "ket-luan.docx"
    _write_docx(seed_lines, path)
    assert _summary(draft_file(path, registry(), calendar())) == seed_summary


def test_pdf(
    tmp_path: Path, seed_lines: list[str], seed_summary: list[tuple[str | None, str, str | None]]
) -> None:
    path = tmp_path / "ket-luan.pdf"
    write_pdf(seed_lines, path)
    drafted = draft_file(path, registry(), calendar())
    assert _summary(drafted) == seed_summary
    assert drafted.issuer == "TTHU" and drafted.kind == "ket_luan"


def test_pdf_with_numbered_items(tmp_path: Path) -> None:
    path = tmp_path / "ket-luan-130.pdf"
    items = [
        "1. Phòng Y tế chủ trì, phối hợp với Trung tâm Y tế huyện kiểm tra toàn bộ các khu cách ly tập "
        "trung trên địa bàn huyện, báo cáo kết quả chậm nhất ngày 20/4/2020.",
        "2. Hạt Kiểm lâm huyện tăng cường tuần tra, kiểm soát các vùng rừng trọng điểm trong tháng 5.",
    ]
    write_pdf(conclusion(*items), path)
    drafted = draft_file(path, registry(), calendar())
    assert drafted.number == "130-KL/HU"
    # the report of the results is its own task; the inspection is due when its results are
    assert [(t.lead, t.due) for t in drafted.tasks] == [
        ("PYT", "2020-04-20"),
        ("PYT", "2020-04-20"),
        ("HKL", "2020-05-31"),
    ]
    assert drafted.tasks[0].support == ["TTYT"]
    assert drafted.tasks[0].text.endswith("các khu cách ly tập trung trên địa bàn huyện.")
    assert drafted.tasks[1].text == "Báo cáo kết quả chậm nhất ngày 20/4/2020."


def test_decomposed_unicode_and_old_tone_placement(seed_lines: list[str], seed_summary: list) -> None:  # type: ignore[type-arg]
    decomposed = [unicodedata.normalize("NFD", line) for line in seed_lines]
    assert _summary(draft_lines(decomposed, registry(), calendar())) == seed_summary
    old_style = only_lead(
        "Uỷ ban nhân dân huyện chỉ đạo Phòng Văn hoá và Thông tin in tài liệu tuyên truyền."
    )
    new_style = only_lead(
        "Ủy ban nhân dân huyện chỉ đạo Phòng Văn hóa và Thông tin in tài liệu tuyên truyền."
    )
    assert old_style == new_style == ("UBND", ["PVHTT"])


def only_lead(item: str) -> tuple[str | None, list[str]]:
    drafted = draft_of(conclusion(item))
    return drafted.tasks[0].lead, drafted.tasks[0].support


def test_stray_ocr_noise_and_page_furniture_are_dropped() -> None:
    noisy = [
        "Phòng Y tế | kiểm tra các khu cách ly ,, hoàn thành\u200b",
        "- 2 -",
        "chậm nhất ngày 20/4/2020.",
        "~",
        "Trang 3/5",
        "Công an huyện xử lý nghiêm các trường hợp vi phạm.",
    ]
    drafted = draft_of(conclusion(*noisy))
    assert [t.text for t in drafted.tasks] == [
        "Phòng Y tế kiểm tra các khu cách ly, hoàn thành chậm nhất ngày 20/4/2020.",
        "Công an huyện xử lý nghiêm các trường hợp vi phạm.",
    ]


def test_footnotes_are_not_text() -> None:
    parts = paragraphs(
        ["Các chỉ tiêu đạt kế hoạch¹.", "", "¹ Sản xuất nông nghiệp đạt 25% KH.", "", "Tiếp theo."]
    )
    assert [p.text for p in parts] == ["Các chỉ tiêu đạt kế hoạch.", "Tiếp theo."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ket-luan.odt", b"x", "chưa hỗ trợ"),
        ("ket-luan.pdf", b"not a pdf at all", "tệp hỏng"),
        ("ket-luan.docx", b"PK not a zip", "tệp hỏng"),
        ("ket-luan.txt", b"K\xea\xect lu\xe2\xf2n", "UTF-8"),  # "Kết luận" in Windows-1258
        ("ket-luan-utf16.txt", "\ufeff".encode("utf-16-le")[:0] + b"\xff\xfe\x00\xd8", "UTF-8"),
        ("ket-luan.txt", b"", "không có nội dung"),
    ],
)
def test_an_unreadable_file_is_a_clear_error_naming_it(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as refused:
        draft_file(path, registry(), calendar())
    assert str(path) in str(refused.value) and message in str(refused.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="không tìm thấy tệp"):
        draft_file(tmp_path / "khong-co.txt", registry(), calendar())
