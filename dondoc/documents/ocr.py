"""A page image read by Tesseract (Debian's `tesseract-ocr` with `tesseract-ocr-vie`, offline,
through pytesseract): lines in Tesseract's reading order, each with its words' confidence.

pytesseract runs the `tesseract` program per image and parses its TSV: it needs no compiler or
headers (tesserocr builds against libtesseract), works with whatever Tesseract Debian ships, and
gives word boxes and confidences, which OCRmyPDF (a PDF in, a PDF out) does not hand back."""

from __future__ import annotations

import functools
import os
import shutil

from PIL import Image

from dondoc.documents import cleanup, layout
from dondoc.documents.errors import DocumentError, OcrUnavailable
from dondoc.documents.layout import Line, Word
from dondoc.documents.pages import Page
from dondoc.record.text import nfc

LANGUAGE = "vie"
PACKAGES = "tesseract-ocr tesseract-ocr-vie"
# a line whose words average less than this is shown to the reviewer as uncertain
WEAK_LINE = 60.0
# below this a page is probably upside down or sideways: ask OSD and read it again turned
DOUBTFUL_PAGE = 45.0
# a word this unsure, with no letter or digit in it, is a speck or a stroke, not text
_NOISE_WORD = 30.0
# a whole page: long enough for a slow machine, short enough that a stuck run is noticed
_TIMEOUT_S = 180
# Tesseract runs one page per process; its own OpenMP threads only fight the pages running beside
# it for the same cores (measured on 2 cores: two pages at once in 4.2-4.7 s with one thread each,
# 6.9-9.8 s with Tesseract's default threads)
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@functools.cache
def _languages() -> frozenset[str]:
    import pytesseract

    return frozenset(pytesseract.get_languages(config=""))


def require_tesseract(name: str) -> None:
    """A clear error naming the Debian packages when Tesseract or its Vietnamese data is missing."""
    if shutil.which("tesseract") is None:
        raise OcrUnavailable(
            f"{name}: cần đọc bằng OCR nhưng máy chủ chưa cài Tesseract: "
            f"cài gói {PACKAGES} (apt-get install {PACKAGES})"
        )
    if LANGUAGE not in _languages():
        raise OcrUnavailable(
            f"{name}: Tesseract chưa có dữ liệu tiếng Việt: cài gói tesseract-ocr-vie "
            "(apt-get install tesseract-ocr-vie)"
        )


def read_page(image: Image.Image, *, number: int, name: str) -> Page:
    """One page image as text lines, straightened, turned upright when it came sideways."""
    require_tesseract(name)
    grey = cleanup.prepared(image)
    lines = _recognise(grey, name)
    if _mean(lines) < DOUBTFUL_PAGE:
        rotation = _orientation(grey)
        if rotation:
            again = _recognise(cleanup.turned(grey, rotation), name)
            lines = again if _mean(again) > _mean(lines) else lines
    weak = tuple(line.text for line in lines if line.confidence < WEAK_LINE and len(line.text) > 3)
    confidence = round(_mean(lines), 1) if lines else None
    return Page(number, tuple(layout.text_lines(lines)), True, confidence, weak)


def _recognise(grey: Image.Image, name: str) -> list[Line]:
    import pytesseract

    try:
        data = pytesseract.image_to_data(
            grey,
            lang=LANGUAGE,
            config="--psm 3",
            output_type=pytesseract.Output.DICT,
            timeout=_TIMEOUT_S,
        )
    except RuntimeError as exc:  # pytesseract's timeout
        raise DocumentError(f"{name}: đọc OCR một trang quá {_TIMEOUT_S} giây") from exc
    except pytesseract.TesseractError as exc:
        raise DocumentError(f"{name}: Tesseract không đọc được trang ({exc.message})") from exc
    return layout.in_reading_order(_lines(data), grey.height)


def _lines(data: dict[str, list]) -> list[Line]:
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for i, text in enumerate(data["text"]):
        confidence = float(data["conf"][i])
        word = nfc(str(text).strip())
        if confidence < 0 or not word:
            continue
        if confidence < _NOISE_WORD and not any(ch.isalnum() for ch in word):
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        left, width = data["left"][i], data["width"][i]
        top, height = data["top"][i], data["height"][i]
        grouped.setdefault(key, []).append(Word(word, confidence, left, left + width, top, height))
    return [Line(column) for words in grouped.values() for column in layout.columns(words)]


def _orientation(grey: Image.Image) -> int:
    """OSD's quarter-turn to make the page upright (0 when it cannot tell)."""
    import pytesseract

    try:
        found = pytesseract.image_to_osd(grey, output_type=pytesseract.Output.DICT, timeout=_TIMEOUT_S)
    except (pytesseract.TesseractError, RuntimeError):
        return 0  # too little text to tell: keep the page as read
    return int(found.get("rotate", 0))


def _mean(lines: list[Line]) -> float:
    words = [word.confidence for line in lines for word in line.words]
    return sum(words) / len(words) if words else 0.0
