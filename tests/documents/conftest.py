from __future__ import annotations

import shutil

import pytest
from PIL import Image

from tests.documents.scans import FIRST, SECOND, render_page


@pytest.fixture(scope="session", autouse=True)
def _tesseract() -> None:
    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)")


@pytest.fixture(scope="session")
def first_scan() -> Image.Image:
    return render_page(FIRST, angle=1.2, seed=1)


@pytest.fixture(scope="session")
def second_scan() -> Image.Image:
    return render_page(SECOND, angle=-0.8, seed=2)
