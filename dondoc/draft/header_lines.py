"""The lines of a header as a copy gives them: web-copy marks around them, and cells cut over lines.

A page copied from the web keeps its Markdown (`**ỦY BAN NHÂN DÂN**`, `*Hà Nội, ngày …*`), the
"|" between the header's cells and the "-----" rules under the issuer and the motto; a narrow
cell cuts its words over lines ("CỘNG HÒA XÃ / HỘI CHỦ NGHĨA VIỆT NAM", "Số:" / "4240/UBND-VX",
"Đắk Lắk, ngày" / "26 tháng 11 năm 2025"). Whether the reader has taken the marks off or not, the
header reads the same words: each function here takes the texts of the header's blocks in order.
"""

from __future__ import annotations

import re

from dondoc.draft import language
from dondoc.draft.words import key

# emphasis, cell separators and heading marks; an HTML line break inside a cell; a rule, alone on
# its line or under a cell's last line ("ỦY BAN NHÂN DÂN TỈNH …<br>--------")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
_MARKS = re.compile(r"[*|#]+|(?<!\S)[-–—_=~]{3,}(?!\S)")
# a number standing alone: its abbreviations in capitals ("125-KL/HU"), not "5-tháng"
_NUMBER = re.compile(
    r"(?<![\w/])(\d{1,5}(?:\s*[-/]\s*(?:19|20)\d\d)?(?:\s*[-/]\s*[A-ZĐ][A-ZĐa-z0-9]*)+)(?![\w/])"
)


def plain(text: str) -> str:
    """The words of a header line without web-copy marks: '**CHỈ THỊ**' -> 'CHỈ THỊ'."""
    return re.sub(r"\s+", " ", _MARKS.sub(" ", _LINE_BREAK.sub(" ", text))).strip()


def without_mottos(texts: list[str]) -> list[str]:
    """The lines with the mottos taken out, one line for one, even where a motto runs over two."""
    if not texts:
        return []
    joined = "\n".join(text.replace("\n", " ") for text in texts)
    cut = language.pattern("Mottos").sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), key(joined))
    # the key has the text's offsets: blank the same spans in the text as written
    kept = "".join(ch if k != " " or ch == "\n" else " " for ch, k in zip(joined, cut, strict=True))
    return [line.strip().rstrip(" -–").strip() for line in kept.split("\n")]


def number_of(texts: list[str]) -> str | None:
    """The number after "Số:" (which a cell may leave alone on its line), or failing that a short
    line that is a number and little else."""
    for index, text in enumerate(texts):
        line = text
        if language.pattern("NumberLabelAlone").match(key(text)) and index + 1 < len(texts):
            line = f"{text} {texts[index + 1]}"
        if match := language.pattern("NumberLine").match(key(line)):
            return re.sub(r"\s+", "", line[match.start("number") : match.end("number")])
    for text in texts:
        if (match := _NUMBER.search(text)) and len(text) < 60:
            return re.sub(r"\s+", "", match.group(1))
    return None


def is_about(text: str) -> bool:
    """A letter's subject line: "V/v tăng cường …"."""
    return language.pattern("AboutLine").match(key(text)) is not None


def about_lines(texts: list[str], start: int) -> list[str]:
    """The subject line and the lines a narrow cell carried it on to (they begin in lower case)."""
    lines = [texts[start]]
    for text in texts[start + 1 :]:
        if not text or not text[:1].islower():
            break
        lines.append(text)
    return lines
