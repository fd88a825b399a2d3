"""What a copy of a directive carries that is not the directive: the signing portal's stamp, a web
page's chrome, page numbers and running titles, a reporter's byline, lines OCR could not read.

Each is recognised by its form, never by a name: a stamp is "Ký bởi: …" / "Thời gian ký: …"; chrome
is the words of a web page ("Lượt xem", "Ngày đăng", "Đang tải nội dung", "Xem chi tiết"), short;
a running title is a line that recurs beside page breaks; a byline is a few capitalised words
after the last sentence; a garbled line is one whose words mostly have no vowel left.
"""

from __future__ import annotations

import re
from collections import Counter

from dondoc.draft.body_words import BODY_WORDS
from dondoc.draft.words import LOWER, UPPER, VOWEL, key

PAGE_BREAK = "\f"
# the signing portal's stamp: one field a line
_STAMP = re.compile(
    r"^\s*(?:ký\s+bởi|ký\s+số\s+bởi|người\s+ký|thời\s+gian\s+ký|ngày\s+ký|e-?mail|cơ\s+quan|chức\s+vụ|"
    r"điện\s+thoại|fax|website)\s*:",
    re.I,
)
# a web page's words: strong ones anywhere in a short line, weak ones only in a line of a few words
# or beside figures ("Ngày đăng 29/03/2022 | 20:48 | Lượt xem: 98")
_CHROME = re.compile(
    r"đang\s+tải|vui\s+lòng\s+chờ|lượt\s+xem|ngày\s+đăng|ngày\s+đưa|ngày\s+cập\s+nhật|cập\s+nhật\s+lúc|"
    r"^\s*(?:tác\s+giả|nguồn|ảnh|tin\s+và\s+ảnh)\s*:",
    re.I,
)
_WEAK_CHROME = re.compile(
    r"\bin\s+bài\b|chia\s+sẻ|bình\s+luận|^tìm\s+kiếm|các\s+tin\s+khác|tin\s+liên\s+quan|tin\s+cùng\s+chuyên\s+mục|"
    r"xem\s+tin|xem\s+chi\s+tiết|xem\s+thêm|trang\s+chủ|đăng\s+nhập|quay\s+lại|bản\s+in|tải\s+về|cỡ\s+chữ",
    re.I,
)
_ADDRESS = re.compile(r"^\s*(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?\s*$|^\s*[a-z]:\\\S+", re.I)
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—_=*~.·•|/\\]{1,}|[-–]?\s*\d{1,3}\s*[-–]?|trang\s+\d+(?:\s*/\s*\d+)?|page\s+\d+)\s*$", re.I
)
# a reporter's or photographer's name after the text: "… tình trạng trên. Hà Mỹ", "Kim Hồng"
_NAME = rf"[{UPPER}][{LOWER}]+"
_TRAILING_BYLINE = re.compile(rf"(?<=[.!?…])\s+(?:{_NAME}\s+){{0,3}}{_NAME}\.?$")
_BYLINE = re.compile(rf"^(?:{_NAME}\s+){{1,4}}{_NAME}\.?$")
_CHROME_LENGTH = 120


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line))


def is_noise_line(line: str) -> bool:
    """A line that is no part of the document's text."""
    text = line.strip()
    if not text:
        return False
    if _PAGE_NUMBER.match(text) or _STAMP.match(text) or _ADDRESS.match(text):
        return True
    if len(text) <= _CHROME_LENGTH and _CHROME.search(text):
        return True
    if _WEAK_CHROME.search(text) and (len(text.split()) <= 6 or re.search(r"\d", text)):
        return True
    return is_garbled(text)


def is_garbled(text: str) -> bool:
    """Most words without a vowel: a line OCR could not read (letterheads, seals, signatures)."""
    # abbreviations in capitals (UBND, HĐND, PCLB) have no vowel by nature
    words = [w for w in re.findall(r"[^\W\d_]+", text) if not w.isupper()]
    if len(words) < 4:
        return False
    voiceless = sum(1 for w in words if not VOWEL.search(w))
    return voiceless * 2 > len(words)


def is_byline(text: str) -> bool:
    """A name standing alone (2 to 5 capitalised words, nothing else) that is no body's name
    ("Sở Công Thương" heads its items)."""
    text = text.strip()
    return bool(_BYLINE.match(text)) and not _names_a_body(text)


def strip_byline(text: str) -> str:
    """A paragraph without the name signed after its last sentence."""
    byline = _TRAILING_BYLINE.search(text)
    if byline is None or _names_a_body(byline.group(0).strip()):
        return text
    return text[: byline.start()]


def _names_a_body(name: str) -> bool:
    return bool(BODY_WORDS.match(key(name)))


def running_lines(lines: list[str]) -> set[str]:
    """Lines a PDF repeats at the top or the bottom of its pages: the running title or footer."""
    pages: list[list[str]] = [[]]
    for line in lines:
        if line == PAGE_BREAK:
            pages.append([])
        elif line.strip():
            pages[-1].append(line.strip())
    edges: Counter[str] = Counter()
    for page in pages:
        edges.update({edge for edge in page[:2] + page[-2:] if len(edge) <= _CHROME_LENGTH})
    return {line for line, count in edges.items() if count >= 2} if len(pages) > 1 else set()
