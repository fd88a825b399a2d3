"""On a machine without Tesseract a scan is a clear error naming the Debian packages to install;
a typed PDF is still read."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from dondoc.documents import OcrUnavailable, read_document
from tests.documents.scans import FIRST, as_text
from tests.draft.files import write_pdf


def test_a_scan_names_the_packages_and_a_typed_pdf_still_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first_scan: Image.Image
) -> None:
    scan, typed = tmp_path / "quet.png", tmp_path / "go.pdf"
    first_scan.save(scan)
    write_pdf(as_text(FIRST), typed)
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on this PATH
    with pytest.raises(OcrUnavailable, match="tesseract-ocr tesseract-ocr-vie") as refused:
        read_document(scan)
    assert str(scan) in str(refused.value)
    assert read_document(typed).pages[0].parts
