"""A plan's task table, printed with its ruling and scanned over two pages: the ruling says
which words share a cell, so each row reaches the drafter as a task with its lead, its
supporting bodies and its deadline, and the rows on the second page (no head there) continue
the table. A cell whose top border is missing is merged with the cell above."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PIL import Image, ImageDraw

from dondoc.documents import Table, read_document
from dondoc.documents.ruling import find_grids, without_ruling
from dondoc.draft import draft_file
from tests.documents.scans import render_document, write_scan_pdf
from tests.draft_documents import calendar, registry

TEXT = [
    "ỦY BAN NHÂN DÂN HUYỆN SƠN LÂM",
    "Số: 45/KH-UBND",
    "Sơn Lâm, ngày 10 tháng 4 năm 2020",
    "",
    "KẾ HOẠCH",
    "Phòng, chống dịch bệnh trên địa bàn huyện",
    "",
    "Giao các cơ quan, đơn vị thực hiện các nhiệm vụ tại Phụ lục kèm theo.",
    "",
    "PHỤ LỤC",
    "",
]
HEAD = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
ROWS = [
    HEAD,
    ("I", "NHÓM NHIỆM VỤ TUYÊN TRUYỀN"),
    (
        "1",
        "Biên soạn tờ rơi tuyên truyền phòng, chống dịch",
        "Phòng Văn hóa và Thông tin",
        "",
        "Tháng 4/2020",
    ),
    (
        "2",
        "Rà soát toàn bộ diện tích đất công",
        "Phòng Tài nguyên và Môi trường",
        "UBND các xã",
        "Quý II/2020",
    ),
]
# enough filler that the last rows fall on the second page, under no head
FILLER = [f"{n}. Nội dung chung của kế hoạch, không giao việc cho cơ quan nào." for n in range(1, 15)]
NEXT_ROWS = [
    ("3", "Tạm dừng các hoạt động tập trung đông người", "Ủy ban MTTQ Việt Nam huyện", "", "Tháng 5/2020"),
]


def _scan(tmp_path: Path) -> Path:
    pages = render_document([*FILLER, "", *TEXT, tuple(ROWS), tuple(NEXT_ROWS * 6)])
    path = tmp_path / "ke-hoach-quet.pdf"
    write_scan_pdf(pages, path)
    return path


def test_each_ruled_row_is_a_task_with_its_cells(tmp_path: Path) -> None:
    path = _scan(tmp_path)
    tables = [part for page in read_document(path).pages for part in page.parts if isinstance(part, Table)]
    assert tables and tables[0].rows[0][1:] == HEAD[1:]
    drafted = draft_file(path, registry(), calendar())
    by_lead = {task.lead: task for task in drafted.tasks if any("Phụ lục, dòng" in n for n in task.review)}
    assert by_lead["PVHTT"].due_date == dt.date(2020, 4, 30)
    assert by_lead["PTNMT"].due_date == dt.date(2020, 6, 30)
    assert by_lead["PTNMT"].text.startswith("Rà soát toàn bộ diện tích đất công")
    # the second page's rows continue the table
    assert by_lead["UBMTTQ"].due_date == dt.date(2020, 5, 31)
    assert not [task for task in drafted.tasks if "NHÓM NHIỆM VỤ" in task.text.upper()]


def _grid_page(*, merged: bool) -> Image.Image:
    """Three ruled rows of three cells; the first column's cell of rows 2 and 3 is one cell when
    `merged` (the rule between them stops short of it)."""
    page = Image.new("L", (1654, 1200), 255)
    draw = ImageDraw.Draw(page)
    left, right, columns = 150, 1500, (150, 450, 1000, 1500)
    rows = (200, 320, 440, 560)
    for number, y in enumerate(rows):
        start = columns[1] if merged and number == 2 else left
        draw.line([(start, y), (right, y)], fill=0, width=3)
    for x in columns:
        draw.line([(x, rows[0]), (x, rows[-1])], fill=0, width=3)
    return page


def test_a_cell_without_its_top_border_is_merged_with_the_one_above() -> None:
    (grid,) = find_grids(_grid_page(merged=True))
    assert [len(row) for row in grid.rows] == [3, 3, 3]
    assert grid.rows[1][0] is grid.rows[2][0]
    assert grid.rows[1][1] is not grid.rows[2][1]
    (apart,) = find_grids(_grid_page(merged=False))
    assert apart.rows[1][0] is not apart.rows[2][0]


def test_the_ruling_is_taken_off_before_ocr() -> None:
    page = _grid_page(merged=False)
    cleaned = without_ruling(page, find_grids(page))
    assert cleaned.getextrema() == (255, 255)
