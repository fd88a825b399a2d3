"""From raw lines to the document's paragraphs: stray OCR noise out, footnotes out, lines that a
PDF or a page break cut in two joined again.

Sources differ: a .txt or .docx separates paragraphs with blank lines (and a page break may
still cut one, as in the seed: "… Công văn số 4386-CV/TU ngày" / "31 tháng 3 năm 2020 …"); a
PDF gives one visual line at a time. The same rules serve both: a line continues the previous
one unless something says a new paragraph starts (a list marker, a heading, a sentence that
ended on a short line).
"""

from __future__ import annotations

import itertools
import re
import statistics

from dondoc.draft.blocks import LIST_MARKER, Block, SourceItem, SourceTable, is_heading
from dondoc.draft.noise import (
    PAGE_BREAK,
    is_byline,
    is_noise_line,
    is_page_number,
    running_lines,
    strip_byline,
)
from dondoc.draft.tables import TaskTableLayout, row_blocks, task_tables, text_lines
from dondoc.draft.words import LOWER, UPPER
from dondoc.record.text import clean

_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_FOOTNOTE_LINE = re.compile(rf"^\s*(?:[{_SUPERSCRIPTS}]+|\[\d{{1,2}}\])\s*\S")
_FOOTNOTE_MARK = re.compile(rf"(?<=\w)[{_SUPERSCRIPTS}]+|(?<=\w)\[\d{{1,2}}\](?=[\s.,;:]|$)")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
# single symbols OCR leaves between words (scanner dust, table rules)
_STRAY = re.compile(r"(?<=\s)[|¦~^`■□◦¤§](?=\s)|(?<=\w)[|¦](?=\w)")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;:.!?)])(?!\.)")
_DOUBLED_PUNCT = re.compile(r"([,;:])\1+")
# OCR and copy-paste glue words together: "GiaoS Nội vụ", "4571Ngày", "Điều1.", "tỉnh,Cục", "Điều 3.Chánh"
_GLUED_CASE = re.compile(rf"(?<=[{LOWER}]{{2}})(?=[{UPPER}])|(?<=\d)(?=[{UPPER}][{LOWER}])|(?<=Điều)(?=\d)")
_GLUED_PUNCT = re.compile(
    rf"(?<=[^\W\d_])([,;])(?=[^\W\d_])|(?<=\d)\.(?=[{UPPER}][{LOWER}])|(?<=[{LOWER}]{{2}})\.(?=[{UPPER}][{LOWER}])"
)
_APPENDIX = re.compile(
    r"^(?P<kind>phụ\s+lục|bảng)(?:\s+(?:số\s+)?(?P<number>[IVXLC]{1,5}|\d{1,2}))?(?!\w)", re.I
)
_TERMINAL = (".", ":", ";", "!", "?", "…", '"', "”", ")")
# words a Vietnamese sentence does not end on: a paragraph that stops on one was cut
_CONNECTORS = {
    "và",
    "của",
    "với",
    "các",
    "những",
    "ngày",
    "số",
    "trong",
    "để",
    "cho",
    "theo",
    "tại",
    "về",
    "từ",
    "đến",
    "tháng",
    "năm",
    "là",
    "hoặc",
    "cùng",
    "do",
    "bằng",
    "khi",
    "nhằm",
}


def scrub(line: str) -> str:
    """One line without invisible characters, stray symbols and doubled punctuation."""
    line = _INVISIBLE.sub("", line).replace("\t", " ").replace("\u00a0", " ")
    line = line.replace("ﬁ", "fi").replace("ﬂ", "fl")
    line = _STRAY.sub(" ", line)
    line = _GLUED_CASE.sub(" ", line)
    line = _GLUED_PUNCT.sub(lambda m: f"{m.group(1) or '.'} ", line)
    line = _DOUBLED_PUNCT.sub(r"\1", line)
    line = _SPACE_BEFORE_PUNCT.sub(r"\1", line)
    return clean(line)


def strip_footnote_marks(text: str) -> str:
    return _FOOTNOTE_MARK.sub("", text)


def _ends_sentence(text: str) -> bool:
    return text.endswith(_TERMINAL)


def _last_word(text: str) -> str:
    words = text.split()
    return words[-1].lower() if words else ""


def _was_cut(previous: str, following: str) -> bool:
    """Across a blank line or a page break: the second part continues the first."""
    if not previous or _ends_sentence(previous) or is_heading(previous) or is_heading(following):
        return False
    if LIST_MARKER.match(following) and not following[0].isdigit():
        return False
    if re.match(r"^\d{1,2}[.)]\s", following):
        return False
    starts_low = following[0].islower() or following[0].isdigit()
    return starts_low or _last_word(previous) in _CONNECTORS


def blocks(items: list[SourceItem]) -> list[Block]:
    """The document's blocks, in order: paragraphs, headings and items from its lines, a task
    table's rows as row blocks; any other table read as text, a cell at a time. A table printed
    over several pages, its head on the first only, is one table: rows that follow a task table
    with nothing but a page break between (a scan's or a PDF's next page) continue it."""
    result: list[Block] = []
    lines: list[str] = []
    last: tuple[TaskTableLayout, str] | None = None
    for item in items:
        if isinstance(item, str):
            lines.append(item)
            continue
        layouts = task_tables(item)
        if not layouts and last is not None and _continues_table(last[0], item, lines):
            layout, name = last
            result += row_blocks(TaskTableLayout((), layout.columns, layout.head, item.rows), name)
            lines = []
            continue
        if not layouts:
            lines += text_lines(item)
            last = None
            continue
        for layout in layouts:
            lines += [line for cell in layout.before for line in (*cell.splitlines(), "")]
            name = _table_name(lines, result)
            rows = row_blocks(layout, name)
            result += paragraphs(lines) + rows
            lines = []
            last = (layout, name)
    return result + paragraphs(lines)


def _continues_table(layout: TaskTableLayout, table: SourceTable, between: list[str]) -> bool:
    """Whether a headless table is the next page of a task table: only the page break, blank
    lines or a page number stand between, and its rows are as wide as the task table's head."""
    if PAGE_BREAK not in between:
        return False
    if any(line.strip() and not is_page_number(line) for line in between if line != PAGE_BREAK):
        return False
    return max(len(row) for row in table.rows) == len(layout.head)


def _table_name(lines: list[str], before: list[Block]) -> str:
    """What a reviewer calls the table: the appendix it stands in ("Phụ lục II"), else "Bảng"."""
    texts = [clean(line) for line in reversed(lines) if line.strip()]
    texts += [block.text for block in reversed(before) if not block.cells]
    for text in texts[:12]:
        if match := _APPENDIX.match(text):
            kind, number = match.group("kind"), match.group("number")
            return " ".join(filter(None, (kind[:1].upper() + kind[1:].lower(), number)))
    return "Bảng"


def paragraphs(raw_lines: list[str]) -> list[Block]:
    """The paragraphs of a run of lines, in order, footnotes and page furniture left out."""
    running = running_lines([line.strip() if line != PAGE_BREAK else line for line in raw_lines])
    lines = _without_footnotes(
        [
            "" if line.strip() in running else (scrub(line) if line != PAGE_BREAK else line)
            for line in raw_lines
        ]
    )
    long_lines = [len(line) for line in lines if len(line) > 20]
    typical = statistics.median(long_lines) if long_lines else 80.0
    # when blank lines separate paragraphs, a line that ends a sentence does not end its paragraph
    gaps = sum(1 for before, line in itertools.pairwise(lines) if before and not line)
    blank_separated = gaps * 8 >= sum(1 for line in lines if line and line != PAGE_BREAK)
    blocks: list[str] = []
    current = last = ""
    gap: str | None = None  # what separated `current` from the next line: "blank", "page" or None
    for line in lines:
        if line == PAGE_BREAK:
            gap = "page" if gap != "blank" else gap
            continue
        if not line:
            gap = "blank" if gap is None else gap
            continue
        if is_noise_line(line):
            continue
        line = strip_footnote_marks(line)
        if current and _continues(current, last, line, gap, typical, blank_separated):
            current = f"{current} {line}"
        else:
            if current:
                blocks.append(current)
            current = line
        last = line
        gap = None
    if current:
        blocks.append(current)
    result = []
    for block in blocks:
        block = clean(strip_byline(block))
        if is_byline(block):
            continue
        marker = LIST_MARKER.match(block)
        result.append(Block(block, marker.group(0).strip() if marker else None))
    return result


def _continues(
    current: str, last: str, line: str, gap: str | None, typical: float, blank_separated: bool
) -> bool:
    """Does `line` continue the paragraph `current`, whose last physical line was `last`?"""
    if gap == "blank":
        return _was_cut(current, line)
    # "… dịch Covid" / "- 19; …": a dash after an unfinished line is the text's own, not a bullet
    dash_continues = line[0] in "-–—" and not _ends_sentence(current)
    if LIST_MARKER.match(line) and not re.match(r"^\d+\s", line) and not dash_continues:
        return False
    if is_heading(line) or is_heading(current):
        return False
    if gap == "page":
        return not _ends_sentence(current) or line[0].islower()
    if (
        _ends_sentence(current)
        and not line[0].islower()
        and not (blank_separated and len(last) >= 0.6 * typical)
    ):
        return False
    # a short line that ends without a connector closes its paragraph (a title, a signature); an
    # item that is one line well short of the text's width is a heading ("2. Phòng Kinh tế")
    short = 0.8 if current == last and LIST_MARKER.match(current) else 0.6
    return not (
        len(last) < short * typical and _last_word(current) not in _CONNECTORS and not line[0].islower()
    )


def _without_footnotes(lines: list[str]) -> list[str]:
    """Drop footnote paragraphs: from a line that starts with a footnote mark to the next blank line."""
    result: list[str] = []
    in_note = False
    for line in lines:
        if line and line != PAGE_BREAK and _FOOTNOTE_LINE.match(line):
            in_note = True
            continue
        if in_note and line and line != PAGE_BREAK:
            continue
        in_note = False if not line or line == PAGE_BREAK else in_note
        result.append(line)
    return result
