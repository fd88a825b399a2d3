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

from dondoc.documents import cleanup, layout, ruling
from dondoc.documents.errors import DocumentError, OcrUnavailable
from dondoc.documents.layout import Line, Word
from dondoc.documents.pages import Page, Table
from dondoc.documents.ruling import Cell, Grid
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
    """One page image as text lines and ruled tables, straightened, turned upright when it came
    sideways."""
    require_tesseract(name)
    grey = cleanup.prepared(image)
    grids = ruling.find_grids(grey)
    # the page as OCR reads it: the tables' lines painted out (once: the lone cells are cut from it too)
    unruled = ruling.without_ruling(grey, grids)
    words = _recognise(unruled, name)
    if _mean(words) < DOUBTFUL_PAGE:
        rotation = _orientation(grey)
        if rotation:
            turned = cleanup.turned(grey, rotation)
            turned_grids = ruling.find_grids(turned)
            turned_unruled = ruling.without_ruling(turned, turned_grids)
            again = _recognise(turned_unruled, name)
            if _mean(again) > _mean(words):
                grey, grids, unruled, words = turned, turned_grids, turned_unruled, again
    lines = _lines(words, grids)
    cells = [_cells(grid, words) for grid in grids]
    _read_lone_cells(unruled, grids, cells, name)
    unsure = [*lines, *(Line(tuple(found)) for in_grid in cells for found in in_grid.values())]
    weak = tuple(line.text for line in unsure if line.confidence < WEAK_LINE and len(line.text) > 3)
    confidence = round(_mean(words), 1) if words else None
    parts = _parts(layout.in_reading_order(lines, grey.height), grids, cells)
    return Page(number, tuple(parts), True, confidence, weak)


# a word as Tesseract grouped it: (block, paragraph, line) and the word
_Keyed = tuple[tuple[int, int, int], Word]


def _recognise(grey: Image.Image, name: str, *, layout: str = "--psm 3") -> list[_Keyed]:
    import pytesseract

    try:
        data = pytesseract.image_to_data(
            grey,
            lang=LANGUAGE,
            config=layout,
            output_type=pytesseract.Output.DICT,
            timeout=_TIMEOUT_S,
        )
    except RuntimeError as exc:  # pytesseract's timeout
        raise DocumentError(f"{name}: đọc OCR một trang quá {_TIMEOUT_S} giây") from exc
    except pytesseract.TesseractError as exc:
        raise DocumentError(f"{name}: Tesseract không đọc được trang ({exc.message})") from exc
    return _words(data)


def _words(data: dict[str, list]) -> list[_Keyed]:
    words: list[_Keyed] = []
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
        words.append((key, Word(word, confidence, left, left + width, top, height)))
    return words


def _lines(words: list[_Keyed], grids: list[Grid]) -> list[Line]:
    """The lines of the words outside the tables, split where a gutter runs through one."""
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for key, word in words:
        if _cell_of(word, grids) is None:
            grouped.setdefault(key, []).append(word)
    return [Line(column) for line in grouped.values() for column in layout.columns(line)]


def _cell_of(word: Word, grids: list[Grid]) -> Cell | None:
    x, y = (word.left + word.right) / 2, word.top + word.height / 2
    for grid in grids:
        if grid.top <= y < grid.bottom and (cell := grid.cell_at(x, y)) is not None:
            return cell
    return None


def _cells(grid: Grid, words: list[_Keyed]) -> dict[Cell, list[Word]]:
    """The words of each cell of a table that holds any."""
    found: dict[Cell, list[Word]] = {}
    for _, word in words:
        if (cell := _cell_of(word, [grid])) is not None:
            found.setdefault(cell, []).append(word)
    return found


# a cell with this share of its pixels inked holds something Tesseract did not read as a word
_INKED_CELL = 0.002
# the space between cells stacked for reading, in pixels
_STACK_GAP = 40


def _read_lone_cells(
    page: Image.Image, grids: list[Grid], cells: list[dict[Cell, list[Word]]], name: str
) -> None:
    """Read again the cells that hold ink but no word: a row's number ("3", "II") alone in its
    narrow column is too small for Tesseract's page layout to take for text. They are stacked
    into one strip and read as a block, in one run of Tesseract for the page."""
    lone = [
        cell
        for grid, in_grid in zip(grids, cells, strict=True)
        for row in grid.rows
        for cell in dict.fromkeys(row)
        if cell not in in_grid and _inked(page, cell)
    ]
    if not lone:
        return
    crops = [page.crop((c.left + 3, c.top + 3, c.right - 3, c.bottom - 3)) for c in lone]
    strip = Image.new("L", (max(c.width for c in crops), sum(c.height + _STACK_GAP for c in crops)), 255)
    tops = []
    y = _STACK_GAP // 2
    for crop in crops:
        strip.paste(crop, (0, y))
        tops.append(y)
        y += crop.height + _STACK_GAP
    for _, word in _recognise(strip, name, layout="--psm 6"):
        middle = word.top + word.height / 2
        for cell, top, crop in zip(lone, tops, crops, strict=True):
            if top <= middle < top + crop.height:
                in_grid = next(found for grid, found in zip(grids, cells, strict=True) if _in(grid, cell))
                in_grid.setdefault(cell, []).append(word)


def _inked(page: Image.Image, cell: Cell) -> bool:
    inside = page.crop((cell.left + 3, cell.top + 3, cell.right - 3, cell.bottom - 3))
    histogram = inside.histogram()
    return sum(histogram[:128]) > _INKED_CELL * max(1, inside.width * inside.height)


def _in(grid: Grid, cell: Cell) -> bool:
    return any(cell in row for row in grid.rows)


def _parts(lines: list[Line], grids: list[Grid], cells: list[dict[Cell, list[Word]]]) -> list[str | Table]:
    """The page in reading order: the text above each table, the table, the text below."""
    parts: list[str | Table] = []
    rest = lines
    for grid, in_grid in zip(grids, cells, strict=True):
        above = [line for line in rest if line.top < grid.top]
        rest = [line for line in rest if line.top >= grid.top]
        texts = {cell: layout.cell_text(found) for cell, found in in_grid.items()}
        table = Table(tuple(tuple(texts.get(cell, "") for cell in row) for row in grid.rows))
        parts += [*layout.text_lines(above), table]
    return parts + layout.text_lines(rest)


def _orientation(grey: Image.Image) -> int:
    """OSD's quarter-turn to make the page upright (0 when it cannot tell)."""
    import pytesseract

    try:
        found = pytesseract.image_to_osd(grey, output_type=pytesseract.Output.DICT, timeout=_TIMEOUT_S)
    except (pytesseract.TesseractError, RuntimeError):
        return 0  # too little text to tell: keep the page as read
    return int(found.get("rotate", 0))


def _mean(words: list[_Keyed]) -> float:
    return sum(word.confidence for _, word in words) / len(words) if words else 0.0
