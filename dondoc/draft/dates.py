"""The day a document was issued: from its header, or, for a report of it, from its prose.

A signed document puts it under the motto ("Hà Nội, ngày 13 tháng 5 năm 2022"); a Công điện
beside its number ("Số: 02/CĐ-TW hồi 10 giờ 00 ngày 01/02/2014"); a news report or a copy
without its header opens on it ("Ngày 15/3/2021, Chủ tịch UBND tỉnh ký ban hành …", "Sáng ngày
28/3/2022, … UBND phường tổ chức họp"). A day written without its year takes the year the same
passage names ("… năm học 2010 - 2011", "… năm 2019"), and says so. When nothing says it, there
is no date: never today's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dondoc.draft.words import UPPER

# OCR drops toned letters: "ngày 26 tng 6 năm 2007"
_MONTH_WORD = r"t[^\s\d]{0,4}g"
_YEAR_WORD = r"n[^\s\d]{0,2}m"
_PLACE_DATE = re.compile(
    rf"(?:^|\s)(?P<place>[{UPPER}][\w.]*(?:\s+[{UPPER}][\w.]*){{0,4}})\s*,\s*ng[^\s\d]{{0,2}}y\s+(?P<d>\d{{1,2}})\s+"
    rf"{_MONTH_WORD}\s+(?P<m>\d{{1,2}})\s+{_YEAR_WORD}\s+(?P<y>\d{{4}})"
)
# "Số: 02/CĐ-TW hồi 10 giờ 00 ngày 01/02/2014"
_CABLE_DATE = re.compile(
    r"hồi\s+\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút|')?)?\s*,?\s*ngày\s+(?P<d>\d{1,2})\s*[/.-]\s*"
    r"(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})",
    re.I,
)
# a paragraph that opens on a day: "Ngày 23/4/2021, …", "Sáng ngày 28/3/2022, …", "Chiều nay ngày …",
# "Báo X - Ngày 14/10, …", "Chiều 20/10/2025, …", "(Tin tỉnh) - Chiều ngày …" (a paper's name before it), "Ngày 29 tháng 01 năm 2021 BCH …"
OPENING_DATE = re.compile(
    r"^(?:[\w.&()]+(?:\s+[\w.&()]+){0,3}\s*[-–—]\s*)?"
    # "Chiều 20/10/2025, …": after the time of day, "ngày" may be left out
    r"(?:(?:sáng|chiều|tối|trưa|đêm)(?:\s+nay)?\s+(?:\(?thứ\s+\w+\)?,?\s+)?(?:ngày\s+)?|(?:hôm nay,?\s+)?ngày\s+)"
    r"(?P<d>\d{1,2})(?:\s*[/.-]\s*|\s+tháng\s+)(?P<m>\d{1,2})"
    r"(?:(?:\s*[/.-]\s*|\s+năm\s+)(?P<y>\d{4}))?(?![\d/])",
    re.I,
)
# "… đã ban hành Công văn số 846/UBND-TH ngày 21/5/2019 …": the report names the document and its day
_ISSUED_ON_DAY = re.compile(
    r"(?:ban\s+hành|ký|đã\s+ra|vừa\s+ra|có)\s+(?:công\s+văn|chỉ\s+thị|công\s+điện|kết\s+luận|thông\s+báo|"
    r"nghị\s+quyết|kế\s+hoạch|quyết\s+định|văn\s+bản)(?:\s+\S+){0,4}?\s*,?\s*ngày\s+(?P<d>\d{1,2})\s*[/.-]\s*"
    r"(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?(?![\d/])",
    re.I,
)
_SCHOOL_YEAR = re.compile(r"năm\s+học\s+(?P<a>(?:19|20)\d\d)\s*[-–—/]\s*(?P<b>(?:19|20)\d\d)", re.I)
_YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d\d(?!\d|[/.-]\d)")
_MEETING = re.compile(r"\b(?:họp|hội nghị|cuộc họp|buổi làm việc|phiên họp|giao ban)\b", re.I)


@dataclass(frozen=True)
class IssueDate:
    day: dt.date
    how: str  # "header", "meeting", "prose": the draft says which when it is not the header
    year_from: str | None = None  # the words that gave a year the date did not write


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def in_header(texts: list[str]) -> IssueDate | None:
    """The date line under the motto, or the hour and day beside a Công điện's number."""
    for text in texts:
        for pattern in (_PLACE_DATE, _CABLE_DATE):
            if match := pattern.search(text):
                day = _day(int(match.group("y")), int(match.group("m")), int(match.group("d")))
                if day is not None:
                    return IssueDate(day, "header")
    return None


def place_in_header(texts: list[str]) -> str | None:
    for text in texts:
        if match := _PLACE_DATE.search(text):
            return match.group("place")
    return None


def in_prose(texts: list[str]) -> IssueDate | None:
    """The day the first paragraphs of a report or a headerless copy open on."""
    for index, text in enumerate(texts):
        match = OPENING_DATE.match(text) or (_ISSUED_ON_DAY.search(text) if index < 3 else None)
        if match is None:
            continue
        year_text = match.group("y")
        year_from = None
        if year_text is None:
            found = _year_near(text, int(match.group("m")))
            if found is None:
                continue
            year, year_from = found
        else:
            year = int(year_text)
        day = _day(year, int(match.group("m")), int(match.group("d")))
        if day is not None:
            how = "meeting" if _MEETING.search(text[: match.end() + 200]) else "prose"
            return IssueDate(day, how, year_from)
    return None


def _year_near(text: str, month: int) -> tuple[int, str] | None:
    """The year a passage names for a day written without one: a school year runs from September
    (so October is its first year, March its second), otherwise the one year the passage names."""
    if school := _SCHOOL_YEAR.search(text):
        year = int(school.group("a")) if month >= 8 else int(school.group("b"))
        return year, school.group(0)
    years = sorted({int(y) for y in _YEAR.findall(text)})
    if len(years) == 1:
        return years[0], f"năm {years[0]}"
    return None
