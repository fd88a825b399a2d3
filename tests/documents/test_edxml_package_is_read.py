"""An edXML package from the document exchange: its header is the envelope, the signed file it
carries is read as any file; a cut signature or a package without a readable file is a clear
error naming the package."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dondoc.documents import DocumentError, Envelope, read_document
from tests.documents.edxml_packages import BROKEN_SIGNATURE, package
from tests.documents.scans import FIRST, SECOND, as_text
from tests.draft.files import write_pdf

ENVELOPE = Envelope(
    number="130-KL/HU",
    issued_on=dt.date(2020, 4, 2),
    issuer="Huyện ủy Sơn Lâm",
    kind="Kết luận",
    title="Kết luận của Thường trực Huyện ủy tại hội nghị giao ban tháng 4 năm 2020",
    due_on=dt.date(2020, 4, 30),
    place="Sơn Lâm",
    signer="Nguyễn Văn An",
)


@pytest.fixture(scope="module")
def signed_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("pdf") / "ket-luan.pdf"
    write_pdf(as_text(FIRST, SECOND), path)
    return path.read_bytes()


def _write(tmp_path: Path, data: bytes, name: str = "130-KL-HU.edxml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_header_is_the_envelope_and_the_pdf_is_read(tmp_path: Path, signed_pdf: bytes) -> None:
    document = read_document(_write(tmp_path, package([("KL 130 giao ban.pdf", signed_pdf)])))
    assert document.envelope == ENVELOPE
    assert document.source_name == "KL 130 giao ban.pdf"
    assert any(
        "Phòng Tài nguyên và Môi trường" in str(part) for page in document.pages for part in page.parts
    )


def test_a_state_documents_number_and_a_word_attachment(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    for line in as_text(FIRST):
        word.add_paragraph(line)
    path = tmp_path / "cong-van.docx"
    word.save(str(path))
    data = package(
        [("phu-luc.xlsx", b"PK\x03\x04 not read"), ("Cong van.docx", path.read_bytes())],
        notation="UBND-VP",
        due=None,
    )
    document = read_document(_write(tmp_path, data, "goi.xml"))
    assert document.envelope is not None
    assert (document.envelope.number, document.envelope.due_on) == ("130/UBND-VP", None)
    assert document.source_name == "Cong van.docx"
    assert "HUYỆN ỦY SƠN LÂM" in document.pages[0].parts


def test_a_cut_signature_is_refused(tmp_path: Path, signed_pdf: bytes) -> None:
    path = _write(tmp_path, package([("kl.pdf", signed_pdf)], signature=BROKEN_SIGNATURE))
    with pytest.raises(DocumentError, match=r"chữ ký số .* hỏng: thiếu SignatureValue") as refused:
        read_document(path)
    assert str(path) in str(refused.value)


def test_a_package_without_its_document_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, package([("phu-luc.xlsx", b"PK\x03\x04")]))
    with pytest.raises(DocumentError, match=r"không kèm văn bản đọc được .*phu-luc.xlsx"):
        read_document(path)
    empty = _write(tmp_path, package([]), "rong.edxml")
    with pytest.raises(DocumentError, match="không kèm văn bản đọc được"):
        read_document(empty)


def test_a_truncated_package_is_a_clear_error(tmp_path: Path, signed_pdf: bytes) -> None:
    whole = package([("kl.pdf", signed_pdf)])
    path = _write(tmp_path, whole[: len(whole) // 2])
    with pytest.raises(DocumentError, match="gói edXML hỏng"):
        read_document(path)


def test_an_xml_that_is_not_edxml_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, b"<?xml version='1.0'?><root/>", "khac.xml")
    with pytest.raises(DocumentError, match="không phải gói edXML"):
        read_document(path)
