"""A PDF, page by page: a page with a usable text layer is read from it (its ruled tables as
tables, by pdfplumber); a page without one (a scan, or a scan among typed pages) is rendered by
PDFium and read by OCR, several pages at once, one Tesseract process per core."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dondoc.documents import layout, ocr
from dondoc.documents.errors import DocumentError
from dondoc.documents.pages import Page, Table
from dondoc.record.text import nfc

# scans are rendered at the resolution offices scan at; Tesseract reads 13-point type well there
RENDER_DPI = 200
# fewer letters than this on a page and its text layer is a page number or a stamp, not the text
_USABLE_LETTERS = 25
Progress = Callable[[int, int], None]


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


@contextmanager
def _quiet_pdf_logs() -> Iterator[None]:
    """pypdf and pdfminer log every repair they make; the user gets one clear error instead."""
    loggers = [logging.getLogger(name) for name in ("pypdf", "pdfminer")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _reader(path: Path, name: str) -> Any:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception as exc:
            raise DocumentError(f"{name}: PDF có mật khẩu") from exc
    return reader


def page_texts(path: Path, name: str) -> list[str]:
    """Each page's text layer in layout mode (the vertical gaps between paragraphs kept)."""
    with _quiet_pdf_logs():
        reader = _reader(path, name)
        return [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]


def needs_ocr(text: str) -> bool:
    return _letters(text) < _USABLE_LETTERS


def read_pdf(path: Path, name: str, progress: Progress | None = None) -> list[Page]:
    texts = page_texts(path, name)
    total = len(texts)
    if total == 0:
        raise DocumentError(f"{name}: PDF không có trang nào")
    scanned = [i for i, text in enumerate(texts) if needs_ocr(text)]
    if scanned:
        ocr.require_tesseract(name)
    pages: dict[int, Page] = {}
    with _quiet_pdf_logs():
        for i in _typed_pages(texts):
            pages[i] = _typed_page(path, i)
    done = len(pages)
    if progress:
        progress(done, total)
    for page in _scanned_pages(path, name, scanned):
        pages[page.number - 1] = page
        done += 1
        if progress:
            progress(done, total)
    return [pages[i] for i in range(total)]


def _typed_pages(texts: list[str]) -> list[int]:
    return [i for i, text in enumerate(texts) if not needs_ocr(text)]


def _typed_page(path: Path, index: int) -> Page:
    """A page read from its text layer by pdfplumber, which places each character where the page
    shows it: a word processor that lacked a glyph drew the accented letters in another font, in
    a run of their own, and a reader that follows the content stream cuts the words apart."""
    import pdfplumber

    with pdfplumber.open(str(path), pages=[index + 1]) as pdf:
        page = pdf.pages[0]
        found = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.columns) >= 2]
        parts: list[str | Table] = []
        top = page.bbox[1]
        # the text between the page's ruled tables (by pdfplumber, in layout mode), each table as rows
        for table in sorted(found, key=lambda t: t.bbox[1]):
            parts += _text_between(page, top, table.bbox[1])
            parts.append(_table(table))
            top = table.bbox[3]
        parts += _text_between(page, top, page.bbox[3])
        return Page(index + 1, tuple(parts))


def _text_between(page: Any, top: float, bottom: float) -> list[str | Table]:
    if bottom - top < 1:
        return []
    band = page.crop((page.bbox[0], top, page.bbox[2], bottom))
    return [nfc(line) for line in _band_lines(band, page.height)]


# PDF points are small: coordinates are kept in tenths of a point
_SCALE = 10


def _band_lines(band: Any, page_height: float) -> list[str]:
    """The band's words as lines, laid out as OCR lays out a scanned page's (`layout`): a row
    split where a gutter runs through it, the letterhead's left column before its right, a blank
    line where the page leaves a paragraph's gap."""
    words = [
        layout.Word(
            str(word["text"]),
            100.0,
            round(word["x0"] * _SCALE),
            round(word["x1"] * _SCALE),
            round(word["top"] * _SCALE),
            max(1, round((word["bottom"] - word["top"]) * _SCALE)),
        )
        for word in band.extract_words()
    ]
    lines = [layout.Line(column) for row in _rows(words) for column in layout.columns(row)]
    return layout.text_lines(layout.in_reading_order(lines, round(page_height * _SCALE)))


def _rows(words: list[layout.Word]) -> list[list[layout.Word]]:
    """Words on the same line of print, each row left to right."""
    rows: list[list[layout.Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.left)):
        if rows and abs(word.top - rows[-1][0].top) < 0.5 * rows[-1][0].height:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.left) for row in rows]


def _table(table: Any) -> Table:
    """Cells as one line each (a cell's wrapped lines joined). A cell merged down the rows repeats
    its text in each, as the reader of the printed table understands it (and as the Word reader
    gives it); the other places of a cell merged across are empty."""
    boxes = [row.cells for row in table.rows]
    texts = table.extract()
    rows: list[tuple[str, ...]] = []
    for r, (row_boxes, row_texts) in enumerate(zip(boxes, texts, strict=True)):
        cells = []
        for c, text in enumerate(row_texts):
            if text is None:
                text = _merged_down(boxes, texts, r, c)
            cells.append(nfc(" ".join((text or "").split())))
        if any(row_boxes) and any(cells):
            rows.append(tuple(cells))
    return Table(tuple(rows))


def _merged_down(boxes: list[tuple[Any, ...]], texts: list[list[str | None]], r: int, c: int) -> str:
    """The text of the cell above that reaches down into row r at column c, or ""."""
    top = min((box[1] for box in boxes[r] if box is not None), default=None)
    for above in range(r - 1, -1, -1):
        box = boxes[above][c] if c < len(boxes[above]) else None
        if box is not None:
            reaches = top is not None and box[3] > top + 1
            return (texts[above][c] or "") if reaches else ""
    return ""


def _scanned_pages(path: Path, name: str, indexes: list[int]) -> Iterator[Page]:
    """OCR'd pages in order, rendered a batch at a time (a 30-page scan is not held in memory
    at once) while the pages before them are read."""
    import pypdfium2 as pdfium

    workers = max(1, os.cpu_count() or 1)
    document = pdfium.PdfDocument(str(path))
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for start in range(0, len(indexes), workers):
                batch: list[Future[Page]] = []
                for index in indexes[start : start + workers]:
                    # PDFium is not thread-safe: render here, read by OCR in the pool
                    image = document[index].render(scale=RENDER_DPI / 72).to_pil()
                    batch.append(pool.submit(ocr.read_page, image, number=index + 1, name=name))
                for future in batch:
                    yield future.result()
    finally:
        document.close()
