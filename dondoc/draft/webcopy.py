"""Text copied from a web page, read as the structure it stands for.

A page converted to text keeps its Markdown: `**bold**` and `*italic*` around the header's
lines, "-----" rules under the issuer and the motto, and its tables as cells one after another
with a line holding only "|" between them (two such lines in a row end a table row). A Markdown
table ("| a | b |") is a row a line. The marks go; the tables come back as tables, so the
letterhead's two columns and a plan's task table reach the later stages as cells, not as loose
lines.
"""

from __future__ import annotations

import re

from dondoc.draft.blocks import LIST_MARKER, SourceItem, SourceTable, is_heading

# "**KẾ HOẠCH**", "*Hà Nội, ngày …*", "***(chi tiết …)*", and "** **" left around nothing
_EMPHASIS = re.compile(r"\*{1,3}")
# a rule under a heading or between columns: "--------", "______", "======" (not "- " bullets)
_RULE = re.compile(r"^\s*(?:[-–—_=]\s*){3,}$")
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")
_CELL_SEPARATOR = re.compile(r"^\s*\|\s*$")
# a copy that kept the page's marks: bold, or its tables as "|" lines
_MARKED = re.compile(r"\*\*\S|^\s*\|\s*$")
# more lines than this between two "|" lines is text, not a cell
_LONGEST_CELL = 40
_MARKDOWN_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MARKDOWN_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")


def unmark(line: str) -> str:
    """A line without emphasis marks, heading marks and rules ("**Số: 12/KH-UBND**" → "Số:
    12/KH-UBND", "## Tiêu đề" → "Tiêu đề")."""
    if _RULE.match(line):
        return ""
    line = _HEADING_MARK.sub("", line)
    if "*" not in line:
        return line
    stripped = line.strip()
    # a bullet written with "*" stays a bullet
    if re.match(r"^\*\s+\S", stripped) and not stripped.endswith("*"):
        return "- " + _EMPHASIS.sub("", stripped[2:]).strip()
    return _EMPHASIS.sub("", line).rstrip()


def read_web_copy(lines: list[str]) -> list[SourceItem]:
    """Lines and tables, marks removed. A copy that carried marks and ends its paragraphs with
    blank lines wrapped its lines where the page did: the lines of a paragraph are joined again."""
    items = _unmarked(lines)
    if any(_MARKED.search(line) for line in lines) and _blank_separated(items):
        return _unwrapped(items)
    return items


def _blank_separated(items: list[SourceItem]) -> bool:
    """Does the copy end its paragraphs with blank lines? (Some sites keep no blank line at all,
    and there a line break is all that ends a paragraph.)"""
    lines = [item for item in items if isinstance(item, str)]
    blank = sum(1 for line in lines if not line.strip())
    return blank * 8 >= len(lines) - blank > 0


def _unwrapped(items: list[SourceItem]) -> list[SourceItem]:
    result: list[SourceItem] = []
    for item in items:
        previous = result[-1] if result else ""
        if (
            isinstance(item, str)
            and item.strip()
            and isinstance(previous, str)
            and previous.strip()
            and not LIST_MARKER.match(item.strip())
            and not is_heading(item)
            and not is_heading(previous)
        ):
            result[-1] = f"{previous.rstrip()} {item.strip()}"
        else:
            result.append(item)
    return result


def _unmarked(lines: list[str]) -> list[SourceItem]:
    items: list[SourceItem] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _CELL_SEPARATOR.match(line):
            table, index = _cell_table(lines, index)
            items.append(table)
        elif _MARKDOWN_ROW.match(line) and line.count("|") >= 3:
            table, index = _markdown_table(lines, index)
            items.append(table)
        else:
            joined, index = _emphasis_run(lines, index)
            items.append(unmark(joined))
    return items


def _emphasis_run(lines: list[str], start: int) -> tuple[str, int]:
    """A bold or italic run is one unit of the page ("**3. Sở" / "Tài chính**" is the heading
    "3. Sở Tài chính"): the lines it spans, joined; otherwise the one line."""
    joined = lines[start]
    index = start + 1
    while _open_emphasis(joined) and index < len(lines) and lines[index].strip() and index - start < 8:
        if _CELL_SEPARATOR.match(lines[index]):
            break
        joined = f"{joined.rstrip()} {lines[index].strip()}"
        index += 1
    return joined, index


def _open_emphasis(text: str) -> bool:
    """An emphasis mark opened and not closed on the line (a "* " bullet is no mark)."""
    text = re.sub(r"^\s*\*\s+(?=\S)", "", text)
    bold = text.count("**")
    return bold % 2 == 1 or (text.replace("**", "").count("*") % 2 == 1)


def _cell_table(lines: list[str], start: int) -> tuple[SourceTable, int]:
    """Cells between "|" lines; two "|" lines in a row end a row. The table ends at a "|" line
    followed by a blank line (or the end), or by a run of text longer than any cell holds (a
    page copied without blank lines runs its body between the letterhead and the appendix)."""
    rows: list[tuple[str, ...]] = []
    row: list[str] = []
    cell: list[str] = []
    index = start + 1
    while index < len(lines):
        line = lines[index]
        if _CELL_SEPARATOR.match(line):
            if cell or not row:
                row.append(_cell_text(cell))
            cell = []
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if _CELL_SEPARATOR.match(following):
                rows.append(tuple(row))
                row = []
                index += 2
                continue
            if not following.strip() or _text_follows(lines, index + 1):
                index += 1
                break
        else:
            cell.append(line)
        index += 1
    if cell:
        row.append(_cell_text(cell))
    if row:
        rows.append(tuple(row))
    return SourceTable(tuple(rows)), index


def _text_follows(lines: list[str], start: int) -> bool:
    for index in range(start, min(len(lines), start + _LONGEST_CELL + 1)):
        if _CELL_SEPARATOR.match(lines[index]):
            return False
    return len(lines) - start > _LONGEST_CELL


def _cell_text(lines: list[str]) -> str:
    kept = [unmark(line).strip() for line in lines]
    return "\n".join(line for line in kept if line)


def _markdown_table(lines: list[str], start: int) -> tuple[SourceTable, int]:
    rows: list[tuple[str, ...]] = []
    index = start
    while index < len(lines) and _MARKDOWN_ROW.match(lines[index]):
        line = lines[index]
        if not _MARKDOWN_RULE.match(line):
            cells = line.strip().strip("|").split("|")
            rows.append(tuple(unmark(cell).strip() for cell in cells))
        index += 1
    return SourceTable(tuple(rows)), index
