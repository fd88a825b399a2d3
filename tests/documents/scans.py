"""Scans and photos made in the test from a document's text, the way an office's scanner or a
phone leaves them: a page at 200 dpi with the two-column letterhead, wrapped body lines, a red
round seal over the signature, a slight rotation, blur and speckles. OCR reads them for real."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

DPI = 200
A4 = (1654, 2339)  # 210 x 297 mm at 200 dpi
MARGIN = 150
SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
SERIF_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = SERIF_BOLD if bold else SERIF
    if not path.exists():
        pytest.skip("no DejaVu Serif font (Vietnamese glyphs) on this machine")
    return ImageFont.truetype(str(path), size)


TEXT_ROW = 54
CELL_FONT = 30
CELL_LINE = 40
CELL_PAD = 12
RULE = 3  # a printed table's ruling, in pixels at 200 dpi


@dataclass(frozen=True)
class TableRow:
    """A row of a table: each cell's wrapped lines and its left and right edges; ruled, or a
    layout table printed without lines (the letterhead's or the signature's two columns)."""

    cells: tuple[tuple[str, ...], ...]
    edges: tuple[int, ...]  # len(cells) + 1 x positions
    ruled: bool = True

    @property
    def height(self) -> int:
        return max(len(lines) for lines in self.cells) * CELL_LINE + 2 * CELL_PAD


@dataclass
class ScanPage:
    """One page as written: `left`/`right` are the letterhead's two columns (first page only)."""

    body: list[str | TableRow]
    left: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)
    seal: bool = False


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    rows: list[str] = []
    row = ""
    for word in text.split():
        candidate = f"{row} {word}".strip()
        if row and font.getlength(candidate) > width:
            rows.append(row)
            row = word
        else:
            row = candidate
    return [*rows, row] if row else [""]


def _column(draw: ImageDraw.ImageDraw, lines: list[str], centre: int, top: int) -> None:
    font = _font(30, bold=True)
    y = top
    for line in lines:
        draw.text((centre - font.getlength(line) / 2, y), line, fill="black", font=font)
        y += 44


def _seal(image: Image.Image, centre: tuple[int, int]) -> None:
    """A round red seal with its ring of words and a star, over the signature."""
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    x, y = centre
    red = (205, 30, 35, 200)
    for radius in (170, 160, 100):
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=red, width=6)
    draw.regular_polygon((x, y, 50), 5, fill=red)
    font = _font(28, bold=True)
    draw.text((x - 150, y - 140), "VĂN PHÒNG HUYỆN ỦY", fill=red, font=font)
    image.alpha_composite(layer)


def render_page(page: ScanPage, *, angle: float = 1.2, seed: int = 0) -> Image.Image:
    """The page as a 200 dpi colour scan."""
    image = Image.new("RGBA", A4, "white")
    draw = ImageDraw.Draw(image)
    y = MARGIN
    if page.left or page.right:
        _column(draw, page.left, MARGIN + 300, y)
        _column(draw, page.right, A4[0] - MARGIN - 380, y)
        y += 44 * max(len(page.left), len(page.right)) + 60
    font = _font(36)
    for line in page.body:
        if isinstance(line, TableRow):
            _draw_row(draw, line, y)
            y += line.height
            continue
        for row in _wrap(line, font, A4[0] - 2 * MARGIN):
            draw.text((MARGIN, y), row, fill="black", font=font)
            y += TEXT_ROW
        if not line.strip():
            y += 10
    if page.seal:
        # drawn in blue ink first, as a signature is, then stamped over
        draw.line([(1050, y + 60), (1150, y + 20), (1250, y + 90)], fill=(30, 40, 160), width=5)
        _seal(image, (1150, y + 60))
    return _age(image.convert("RGB"), angle=angle, seed=seed)


def _age(image: Image.Image, *, angle: float, seed: int) -> Image.Image:
    rotated = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white", expand=False)
    blurred = rotated.filter(ImageFilter.GaussianBlur(0.6))
    rng = random.Random(seed)
    draw = ImageDraw.Draw(blurred)
    for _ in range(1500):
        px, py = rng.randrange(A4[0]), rng.randrange(A4[1])
        shade = rng.randrange(90, 200)
        draw.point((px, py), fill=(shade, shade, shade))
    return blurred


def photo_of(page: Image.Image) -> Image.Image:
    """A phone's photo of the page: smaller, greyish, warmer, a little more rotated."""
    smaller = page.resize((page.width * 3 // 4, page.height * 3 // 4), Image.Resampling.LANCZOS)
    tinted = Image.blend(smaller, Image.new("RGB", smaller.size, (215, 205, 185)), 0.25)
    return tinted.rotate(-1.5, resample=Image.Resampling.BICUBIC, fillcolor=(200, 190, 170))


def write_scan_pdf(pages: list[Image.Image], path: Path) -> None:
    """Image-only PDF pages, as a scanner writes them."""
    first, *rest = pages
    first.save(path, "PDF", resolution=DPI, save_all=True, append_images=rest)


def jpeg_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def merge_pdfs(parts: list[Path], path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    with path.open("wb") as out:
        writer.write(out)


# a short conclusion of the seed's district, as its first page and its second
LEFT = ["HUYỆN ỦY SƠN LÂM", "*", "Số 130-KL/HU"]
RIGHT = ["ĐẢNG CỘNG SẢN VIỆT NAM", "Sơn Lâm, ngày 02 tháng 4 năm 2020"]
FIRST_BODY = [
    "KẾT LUẬN",
    "CỦA THƯỜNG TRỰC HUYỆN ỦY",
    "",
    "Ngày 01 tháng 4 năm 2020, Thường trực Huyện ủy họp nghe báo cáo tình hình kinh tế - xã hội.",
    "",
    "Thường trực Huyện ủy kết luận và đề nghị các cơ quan, đơn vị thực hiện các nội dung như sau:",
    "",
    "1. Giao Phòng Tài nguyên và Môi trường chủ trì, phối hợp với UBND các xã, thị trấn rà soát "
    "toàn bộ diện tích đất công trên địa bàn, hoàn thành trước ngày 30/4/2020.",
    "",
    "2. Đề nghị Ủy ban MTTQ Việt Nam huyện tạm dừng các hoạt động tập trung đông người đến hết "
    "ngày 15/4/2020.",
]
SECOND_BODY = [
    "3. Giao Phòng Văn hóa và Thông tin biên soạn tờ rơi tuyên truyền phòng, chống dịch, "
    "hoàn thành trước ngày 20/4/2020.",
    "",
    "Trân trọng thông báo kết luận của Thường trực Huyện ủy đến các cơ quan, đơn vị để thực hiện.",
    "",
    "T/M BAN THƯỜNG VỤ",
]
FIRST = ScanPage(FIRST_BODY, LEFT, RIGHT)
SECOND = ScanPage(SECOND_BODY, seal=True)


def as_text(*pages: ScanPage) -> list[str]:
    """The same document as its text, the way a .txt of it reads."""
    lines: list[str] = []
    for page in pages:
        lines += [*page.left, "", *page.right, ""] if page.left else []
        lines += [*page.body, ""]
    return lines


def _draw_row(draw: ImageDraw.ImageDraw, row: TableRow, top: int) -> None:
    font = _font(CELL_FONT)
    bottom = top + row.height
    if row.ruled:
        draw.line([(row.edges[0], top), (row.edges[-1], top)], fill="black", width=RULE)
        draw.line([(row.edges[0], bottom), (row.edges[-1], bottom)], fill="black", width=RULE)
        for x in row.edges:
            draw.line([(x, top), (x, bottom)], fill="black", width=RULE)
    for lines, left in zip(row.cells, row.edges, strict=False):
        for number, line in enumerate(lines):
            draw.text((left + CELL_PAD, top + CELL_PAD + number * CELL_LINE), line, fill="black", font=font)


def table_rows(rows: Sequence[Sequence[str]]) -> list[TableRow]:
    """A table laid out across the text width: each column as wide as its longest cell asks (a
    number column narrow, the content wide), a short row's last cell spanning what is left."""
    font = _font(CELL_FONT)
    count = max(len(row) for row in rows)
    full = [row for row in rows if len(row) == count]
    # each column at least as wide as its longest word; what is left shared by how much it holds
    least = [
        max((font.getlength(word) for row in full for word in row[c].split()), default=0) + 2 * CELL_PAD + 8
        for c in range(count)
    ]
    holds = [min(max((len(row[c]) for row in full), default=1), 60) for c in range(count)]
    spare = A4[0] - 2 * MARGIN - sum(least)
    edges = [MARGIN]
    for c in range(count):
        edges.append(edges[-1] + round(least[c] + max(spare, 0) * holds[c] / sum(holds)))
    # a table of two columns at most lays out the letterhead or the signature: no lines
    ruled = count > 2
    laid = []
    for row in rows:
        cells = [row[c] if c < len(row) else "" for c in range(min(len(row), count))] or [""]
        ends = [*edges[: len(cells)], edges[-1]]
        laid.append(
            TableRow(
                tuple(
                    tuple(_wrap(cell, font, ends[c + 1] - ends[c] - 2 * CELL_PAD))
                    for c, cell in enumerate(cells)
                ),
                tuple(ends),
                ruled,
            )
        )
    return laid


# the text height of a page: the margins left free top and bottom
PAGE_HEIGHT = A4[1] - 2 * MARGIN - 100


def _paginated(items: Sequence[str | Sequence[Sequence[str]]]) -> list[list[str | TableRow]]:
    """Text lines wrapped and table rows laid out, in pages; a table row is never cut."""
    font = _font(36)
    rows: list[tuple[str | TableRow, int]] = []
    for item in items:
        if isinstance(item, str):
            wrapped = _wrap(item, font, A4[0] - 2 * MARGIN) if item.strip() else [""]
            rows += [(text, TEXT_ROW) for text in wrapped]
        elif item:
            rows += [(row, row.height) for row in table_rows(item)]
    pages: list[list[str | TableRow]] = [[]]
    used = 0
    for row, height in rows:
        if used + height > PAGE_HEIGHT and pages[-1]:
            pages.append([])
            used = 0
        pages[-1].append(row)
        used += height
    return pages


def render_document(items: Sequence[str | Sequence[Sequence[str]]], *, seed: int = 0) -> list[Image.Image]:
    """A whole document as the pages of a scan: text lines wrapped, tables ruled (an item that is
    not a string is a table's rows of cells), paginated, alternately tilted, the seal on the last
    page."""
    chunks = _paginated(items)
    return [
        render_page(
            ScanPage(chunk, seal=number == len(chunks) - 1),
            angle=1.0 if number % 2 == 0 else -0.8,
            seed=seed + number,
        )
        for number, chunk in enumerate(chunks)
    ]
