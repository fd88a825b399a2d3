"""The day a document was issued: from its header, or, for a report of it, from its prose.

A signed document puts it under the motto ("Hà Nội, ngày 13 tháng 5 năm 2022"); a Công điện
beside its number ("Số: 02/CĐ-TW hồi 10 giờ 00 ngày 01/02/2014"); a news report or a copy
without its header opens on it ("Ngày 15/3/2021, Chủ tịch UBND tỉnh ký ban hành …", "Sáng ngày
28/3/2022, … UBND phường tổ chức họp", "Tại Hải Phòng, chiều 23/9, …"). A day written without its
year takes the year the passage gives it ("… năm học 2010 - 2011", "… tháng 7/2025", "… năm
2019"), or the page's own date line, and says so. The day a report opens on is the meeting's or
the document's; a date it cites ("thực hiện Công điện số 170/CĐ-TTg, ngày 22/9/2025") is not.
When nothing says it, there is no date: never today's.

The words are in `lang/header.yaml`; patterns match keys (`words.key`), so offsets are the text's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from dondoc.draft import language
from dondoc.draft.words import UPPER, key

# the exported form reads the text as written (prose.py tells a dated sentence by it)
OPENING_DATE = re.compile(language.source("ReportOpening"), re.I)
# a place: capitalised words on the date's line; a unit's name begins with its unit word, the
# words after it in lower case ("Thành phố Hồ Chí Minh", "Thị xã …"), or abbreviated ("TP. …")
_UNITS = [
    re.escape(word[:1].upper() + word[1:]).replace(r"\ ", r"[ \t]+")
    for name in ("ProvinceUnit", "DistrictUnit", "CommuneUnit")
    for word in language.words(name)
    if " " in word
] + [f"(?i:{re.escape(word)})" for word in language.words("PlaceAbbreviation")]
_PLACE_WORDS = rf"(?:(?:{'|'.join(_UNITS)})[ \t]+)?[{UPPER}][\w.]*(?:[ \t]+[{UPPER}][\w.]*){{0,4}}"
_PLACE = re.compile(rf"(?<![\w/.-]){_PLACE_WORDS}[ \t]*$")
_PLACE_LINE = re.compile(rf"{_PLACE_WORDS}")
_YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d\d(?!\d|[/.-]\d)")


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
        for match, _ in _date_lines(text):
            year, month = _year_month(match)
            if (day := _day(year, month, int(match.group("d")))) is not None:
                return IssueDate(day, "header")
    return None


def place_in_header(texts: list[str]) -> str | None:
    """The place of the date line, the capitalised words before ", ngày …"; a narrow cell may
    have cut it over two lines ("Thành phố Hồ Chí / Minh, ngày 28 tháng 11 năm 2025")."""
    for text in texts:
        for _, place in _date_lines(text):
            if place:
                return place
    return None


# a header's date line is short: a sentence that cites "…, ngày 22/9/2025" is the body's
_DATE_LINE_LENGTH = 90
_AFTER_DATE = 30


def _date_lines(text: str) -> Iterator[tuple[re.Match[str], str | None]]:
    """The header date lines of the text (lines joined by newlines), each with its place: after a
    place in capitals ("Hà Nội, ngày …"), or a cable's hour ("hồi 10 giờ 00 ngày …")."""
    text_key = key(text)
    for name in ("PlaceDate", "CableDate"):
        for match in language.pattern(name).finditer(text_key):
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            end = len(text) if end < 0 else end
            if match.end() - start > _DATE_LINE_LENGTH or end - match.end() > _AFTER_DATE:
                continue
            if name == "CableDate":
                yield match, None
                continue
            if (place := _place_before(text[: match.start()])) is not None:
                yield match, place


def _place_before(text: str) -> str | None:
    lines = text.rstrip().split("\n")
    if (place := _PLACE.search(lines[-1])) is None:
        return None
    words = place.group(0).strip()
    above = lines[-2].strip() if len(lines) > 1 else ""
    if place.start() == 0 and above and not above.isupper() and _PLACE_LINE.fullmatch(above):
        words = f"{above} {words}"
    return re.sub(r"\s+", " ", words)


def _year_month(match: re.Match[str]) -> tuple[int, int]:
    """The year and month of a date line, in words ("tháng 5 năm 2022") or figures ("05/2022")."""
    named = match.groupdict()
    if named.get("fy"):
        return int(named["fy"]), int(named["fm"])
    return int(named["y"]), int(named["m"])


def dateline(text: str) -> tuple[dt.date, int] | None:
    """A news page's date line at the very start ("date 2025-09-23 …", "23/09/2025 14:30 …"): the
    day the page was published, and where the text after it begins."""
    match = language.pattern("Dateline").match(key(text))
    if match is None:
        return None
    if match.group("iy"):
        day = _day(int(match.group("iy")), int(match.group("im")), int(match.group("id")))
    else:
        day = _day(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    return (day, match.end()) if day is not None else None


def in_prose(
    texts: list[str], published: dt.date | None = None, number: str | None = None
) -> IssueDate | None:
    """The day the first paragraphs of a report or a headerless copy open on; `published` is the
    page's date line, which dates a day written without its year. A document that has its own
    `number` but lost its date line tells its history in dated sentences ("Ngày 28/10/2025, Chủ
    tịch … đã ban hành Công văn số 3280/UBND-VX …"): a day told of another number is not its own."""
    for index, text in enumerate(texts):
        text_key = key(text)
        if number is not None and _names_another(text_key.split(". ", 1)[0], number):
            continue
        offset = lead.end() if (lead := language.pattern("PlaceLead").match(text_key)) else 0
        match = language.pattern("ReportOpening").match(text_key[offset:])
        if match is None and index < 3:
            match, offset = language.pattern("IssuedOnDay").search(text_key), 0
        if match is None:
            continue
        month, day_of_month = int(match.group("m")), int(match.group("d"))
        year_text = match.group("y")
        year_from = None
        if year_text is None:
            found = _year_near(text, month, day_of_month, published)
            if found is None:
                continue
            year, year_from = found
        else:
            year = int(year_text)
        day = _day(year, month, day_of_month)
        if day is not None:
            near = text_key[: offset + match.end() + 200]
            issued = language.pattern("IssuingKind").search(near.split(". ", 1)[0])
            how = "meeting" if language.pattern("MeetingTold").search(near) and not issued else "prose"
            return IssueDate(day, how, year_from)
    return None


def _names_another(sentence_key: str, number: str) -> bool:
    own = re.sub(r"\s+", "", key(number))
    cited = (re.sub(r"\s+", "", m.group(0)) for m in language.pattern("NumberShape").finditer(sentence_key))
    return any(found != own for found in cited)


def _year_near(text: str, month: int, day: int, published: dt.date | None) -> tuple[int, str] | None:
    """The year of a day written without one, from what the passage says: a school year runs from
    September (so October is its first year, March its second); a month named with its year ("tháng
    7/2025") is that year; else the page's date line (a report follows its day by days, not a
    year); else the one year the passage names; else the latest whole date it cites, which came
    before (a report cites what was issued before the meeting)."""
    text_key = key(text)
    if school := language.pattern("SchoolYear").search(text_key):
        year = int(school.group("a")) if month >= 8 else int(school.group("b"))
        return year, text[school.start() : school.end()]
    for named in language.pattern("MonthOfYear").finditer(text_key):
        if int(named.group("m")) == month:
            return int(named.group("y")), text[named.start() : named.end()]
    if published is not None:
        year = published.year if (month, day) <= (published.month, published.day) else published.year - 1
        return year, f"ngày đăng {published.strftime('%d/%m/%Y')}"
    years = sorted({int(y) for y in _YEAR.findall(text)})
    if len(years) == 1:
        return years[0], f"năm {years[0]}"
    cited = [
        (int(m.group("y")), int(m.group("m")), int(m.group("d")), m)
        for m in language.pattern("FullDate").finditer(text_key)
    ]
    if cited:
        year, cited_month, cited_day, found = max(cited, key=lambda c: c[:3])
        year += (month, day) < (cited_month, cited_day)
        return year, f"ngày {text[found.start() : found.end()]} nêu trong đoạn"
    return None
