"""The header of an administrative document: who issued it, its number, place and date, its kind
and title, and where its body begins.

Vietnamese documents follow Decree 30/2020/NĐ-CP (state) and Hướng dẫn 36-HD/VPTW (Party): the
issuer and "Số: …" on the left, the national or Party motto and "<place>, ngày … tháng … năm …"
on the right (a copy may run both columns into one line), then the kind in capitals ("KẾT LUẬN",
"CHỈ THỊ", "CÔNG ĐIỆN", "QUYẾT ĐỊNH") or a "V/v …" line, and the title. A report of a directive
has none of it and says it in its first sentences instead ("Ngày 23/4/2021, Văn phòng Chính phủ
đã ra Công văn số 2748/VPCP-TH về việc …"). What is missing is reported, not invented.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dondoc.directives.registry import AgencyInfo
from dondoc.draft import dates
from dondoc.draft.agencies import AgencyFinder
from dondoc.draft.blocks import Block, is_heading
from dondoc.draft.names import letterhead_body
from dondoc.draft.words import find_cue, key, keyed
from dondoc.record.enums import DirectiveKind

# longest first: "THÔNG BÁO KẾT LUẬN" before "KẾT LUẬN"; a decision has no kind of its own here
_KIND_TITLES = (
    ("thông báo kết luận", DirectiveKind.THONG_BAO_KET_LUAN),
    ("kết luận", DirectiveKind.KET_LUAN),
    ("chỉ thị", DirectiveKind.CHI_THI),
    ("công điện", DirectiveKind.CONG_DIEN),
    ("nghị quyết", DirectiveKind.NGHI_QUYET),
    ("kế hoạch", DirectiveKind.KE_HOACH),
    ("công văn", DirectiveKind.CONG_VAN),
    ("thông báo", DirectiveKind.THONG_BAO_KET_LUAN),
    ("văn bản", DirectiveKind.CONG_VAN),
    ("quyết định", None),
)
# the kind's abbreviation inside a number: 125-KL/HU, 16/CT-TTg, 1847/CĐ-UBND, 123/UBND-VP
_NUMBER_KINDS = {
    "KL": DirectiveKind.KET_LUAN,
    "TB": DirectiveKind.THONG_BAO_KET_LUAN,
    "CT": DirectiveKind.CHI_THI,
    "CĐ": DirectiveKind.CONG_DIEN,
    "CD": DirectiveKind.CONG_DIEN,
    "NQ": DirectiveKind.NGHI_QUYET,
    "KH": DirectiveKind.KE_HOACH,
    "CV": DirectiveKind.CONG_VAN,
}
_NUMBER_SHAPE = r"\d{1,5}(?:\s*[-/]\s*[A-ZĐ][A-ZĐa-z0-9]*)+"
_NUMBER = re.compile(rf"(?<![\w/])({_NUMBER_SHAPE})(?![\w/])")
_NUMBER_LABEL = re.compile(rf"^\s*S[ốô]?\s*[:.]?\s*({_NUMBER_SHAPE})")
_KIND_WORDS = r"thông\s+báo\s+kết\s+luận|kết\s+luận|chỉ\s+thị|công\s+điện|nghị\s+quyết|kế\s+hoạch|công\s+văn|thông\s+báo|quyết\s+định|văn\s+bản"
# "… đã ban hành Chỉ thị số 35-CT/TU …", or the first sentence naming "Công văn số 846/UBND-TH"
_REPORTED = re.compile(
    rf"(?P<kind>{_KIND_WORDS})(?:\s+(?:hỏa|hoả)\s+tốc)?(?:\s+số)?\s+(?P<number>{_NUMBER_SHAPE})?", re.I
)
_ISSUING = re.compile(r"(?:ban\s+hành|ký|đã\s+ra|vừa\s+ra|\bcó|gửi)\s*$", re.I)
_CITING = re.compile(
    r"(?:nhận\s+được|theo|thực\s+hiện|căn\s+cứ|tại|của|triển\s+khai|quán\s+triệt|về|và|,)\s*(?:\S+\s+){0,2}$",
    re.I,
)
_ABOUT = re.compile(r"\b(?:về\s+việc|v/v)\s+([^.;]{5,200})", re.I)
# "Ngày …, <issuer> đã ban hành …", "thay mặt Ban Thường vụ Tỉnh ủy, …"
_ON_BEHALF = re.compile(r"thay\s+mặt\s+([^,]{3,80}),", re.I)
_ISSUER_STOP = keyed(
    r"\s(?:đã|vừa|ban hành|ký|ra|có|gửi|tổ chức|họp|duyệt|chỉ đạo|công văn|chỉ thị|công điện|kết luận|"
    r"thông báo|quyết định|kế hoạch|nghị quyết|văn bản)(?!\w)"
)
_PLACE_LEAD = keyed(r"^(?:tại|ở)\s[^,]{1,60},\s*")
_OF = keyed(r"của\s+(.+?)(?=\s+(?:tại|về|trong|đối với)\s|$)")
_HEAD_OF = re.compile(r"^(?:phó\s+)?(?:chủ tịch|giám đốc|thủ trưởng|trưởng|chánh)\s+(?=\S)", re.I)
_PERSON = re.compile(
    r"^(?:(?:đồng\s+chí|đ/c)\s+)?(?:(?:phó\s+)?(?:bí\s+thư|chủ\s+tịch|giám\s+đốc|thủ\s+trưởng|trưởng\s+ban|"
    r"trưởng|chánh\s+văn\s+phòng)(?:\s+thường\s+trực)?\s+)",
    re.I,
)
_MOTTOS = re.compile(
    r"đảng\s+cộng\s+sản\s+việt\s+nam|cộng\s+h(?:òa|oà)\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam|"
    r"độc\s+lập\s*[-–]\s*tự\s+do\s*[-–]\s*hạnh\s+phúc",
    re.I,
)
_BODY_START = keyed(r"^(?:kính gửi|đồng kính gửi|điện|căn cứ|thực hiện|nơi nhận)\b|^.{0,80}(?<!\w)điện\s*:$")
_TITLE_STOP = keyed(r"^(?:kính gửi|số\b|ngày\s+\d|căn cứ|ủy ban|uỷ ban|hội đồng|ban |bộ |sở |ubnd)")


@dataclass
class Header:
    kind: DirectiveKind
    number: str | None
    title: str
    issuer: AgencyInfo | None
    issuer_written: str | None
    place: str | None
    issued_on: dt.date | None
    body_start: int
    review: list[str] = field(default_factory=list)
    # a Quyết định: its articles that approve or issue are the decision, not tasks
    decision: bool = False


def _kind_of(text: str) -> tuple[str, DirectiveKind | None] | None:
    text = key(text).strip(" .:")
    for title, kind in _KIND_TITLES:
        if text == title:
            return title, kind
    return None


def _sentence_case(text: str) -> str:
    """'THỦ TƯỚNG CHÍNH PHỦ' -> 'Thủ tướng chính phủ': better than shouting, and the reviewer fixes names."""
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


def _is_title_line(paragraph: Block) -> bool:
    text = paragraph.text
    # a title is a phrase: a sentence, or a line that opens a list (":"), is the body
    if paragraph.marker or len(text) > 200 or text.endswith((".", ";", ":")) or ". " in text:
        return False
    return not _TITLE_STOP.match(key(text)) and dates.in_header([text]) is None


def _starts_body(paragraph: Block) -> bool:
    text = paragraph.text
    if _BODY_START.match(key(text)):
        return True
    if _NUMBER_LABEL.match(text) or dates.in_header([text]) is not None or is_heading(text):
        return False
    return len(text) > 120 or (text.endswith((".", ":")) and not text.startswith(("V/v", "v/v")))


def parse_header(paragraphs: list[Block], finder: AgencyFinder) -> Header:
    limit = min(len(paragraphs), 20)
    body_start = next((i for i in range(limit) if _starts_body(paragraphs[i])), limit if limit < 20 else 0)
    head = paragraphs[:body_start]
    texts = [_MOTTOS.sub(" ", p.text).strip().rstrip(" -–") for p in head]
    review: list[str] = []
    kind_at = next((i for i, p in enumerate(head) if _kind_of(p.text)), None)
    found_kind = _kind_of(head[kind_at].text) if kind_at is not None else None
    kind_word, kind = found_kind if found_kind else (None, None)
    title_lines: list[str] = []
    if kind_at is not None:
        for paragraph in head[kind_at + 1 :]:
            if not _is_title_line(paragraph) or len(title_lines) >= 4:
                break
            title_lines.append(paragraph.text)
    about = next((t for t in texts if re.match(r"^v/v\b", t, re.I)), None)
    if kind_word is None and about is not None:
        kind_word, kind = "công văn", DirectiveKind.CONG_VAN
        title_lines = [about]
    formal = (
        kind_at is not None
        or about is not None
        or any(_NUMBER_LABEL.match(t) or dates.in_header([t]) for t in texts)
    )
    body = paragraphs[body_start : body_start + 8]
    number = _number(texts)
    reported = _reported(body)
    if number is None and reported is not None and reported.group("number"):
        number = re.sub(r"\s+", "", reported.group("number"))
    if kind_word is None and reported is not None:
        kind_word = re.sub(r"\s+", " ", reported.group("kind").lower())
        kind = dict(_KIND_TITLES).get(key(kind_word))
    if kind_word is None and number:
        kind = next(
            (k for abbr, k in _NUMBER_KINDS.items() if re.search(rf"(?<![A-ZĐ]){abbr}(?![A-ZĐ])", number)),
            None,
        )
        kind_word = kind.label.lower() if kind else None
    if kind is None:
        kind = _unnamed_kind(kind_word, body, review)

    titles = set(title_lines)
    letterhead = [t for t in (texts[:kind_at] if kind_at else []) if is_heading(t)] or [
        t for t, p in zip(texts, head, strict=True) if p.text not in titles
    ]
    issuer, issuer_written, of_line = _issuer(letterhead if formal else [], title_lines, finder)
    if issuer is None and issuer_written is None:
        # a report's headline and lead come before its first dated sentence: read them too
        issuer_written = _reported_issuer(head + body if not formal else body)
        issuer = _body_of(issuer_written, finder) if issuer_written else None
    place = dates.place_in_header(texts)
    issued_on = _issued_on(texts, body, review)
    if number is None:
        review.append("number: văn bản không ghi số hiệu: cần điền (đang để chỗ trống)")
    if issuer is None:
        near = finder.suggest(issuer_written) if issuer_written else []
        hint = f"; gần nhất: {', '.join(near)}" if near else ""
        review.append(
            f"issuer: cơ quan ban hành '{issuer_written}' không có trong danh mục{hint}"
            if issuer_written
            else "issuer: không tìm thấy cơ quan ban hành: cần điền"
        )
    label = (kind_word or kind.label)[:1].upper() + (kind_word or kind.label)[1:]
    # a report's own headline, when there is no formal title ("UBND phường họp thường kỳ tháng 3/2022")
    headline = None if formal else next((p.text for p in head if len(p.text.split()) >= 4), None)
    title = _title(label, title_lines, of_line, issuer, body, headline)
    return Header(
        kind,
        number,
        title,
        issuer,
        issuer_written,
        place,
        issued_on,
        body_start,
        review,
        kind_word == "quyết định",
    )


def _unnamed_kind(kind_word: str | None, body: list[Block], review: list[str]) -> DirectiveKind:
    if kind_word == "quyết định":
        review.append("kind: văn bản là Quyết định, danh mục loại chưa có: tạm để 'cong_van', cần sửa 'kind'")
        return DirectiveKind.CONG_VAN
    # a meeting told as news: "đồng chí chủ trì kết luận …", "Kết luận hội nghị, …"
    if any(re.search(r"(?<!\w)kết\s+luận(?!\s+số)", p.text, re.I) for p in body):
        review.append("kind: văn bản không ghi loại; nội dung là kết luận hội nghị: tạm để 'ket_luan'")
        return DirectiveKind.KET_LUAN
    review.append("kind: không nhận ra loại văn bản: tạm để 'cong_van', cần sửa 'kind'")
    return DirectiveKind.CONG_VAN


def _issued_on(texts: list[str], body: list[Block], review: list[str]) -> dt.date | None:
    found = dates.in_header(texts)
    if found is not None:
        return found.day
    found = dates.in_prose([p.text for p in body])
    if found is None:
        review.append(
            "issued_on: không tìm thấy ngày ban hành: cần điền (hạn tính theo năm để ở dạng lời văn)"
        )
        return None
    shown = found.day.strftime("%d/%m/%Y")
    if found.how == "meeting":
        review.append(f"issued_on: văn bản không ghi ngày ban hành: lấy ngày họp {shown}; sửa nếu khác")
    else:
        review.append(
            f"issued_on: văn bản không có phần đầu: lấy ngày {shown} nêu ở đoạn mở đầu; sửa nếu khác"
        )
    if found.year_from:
        review.append(f"issued_on: ngày không ghi năm: lấy năm {found.day.year} theo '{found.year_from}'")
    return found.day


def _number(texts: list[str]) -> str | None:
    for text in texts:
        if match := _NUMBER_LABEL.match(text):
            return re.sub(r"\s+", "", match.group(1))
    for text in texts:
        if (match := _NUMBER.search(text)) and len(text) < 60:
            return re.sub(r"\s+", "", match.group(1))
    return None


def _reported(body: list[Block]) -> re.Match[str] | None:
    """The kind (and number) a report gives the document it reports, not one it cites."""
    for index, paragraph in enumerate(body[:3]):
        for match in _REPORTED.finditer(paragraph.text):
            before = paragraph.text[: match.start()]
            if _ISSUING.search(before) or (
                index == 0 and not _CITING.search(before) and match.group("number")
            ):
                return match
    return None


def _reported_issuer(body: list[Block]) -> str | None:
    """Who a report says issued the document: after its opening date, on whose behalf it was
    signed, or the speaker of its first instruction ("Theo đó, Ban Thường vụ Huyện ủy đề nghị …")."""
    texts = [p.text for p in body[:6]]
    for text in texts:
        if (opening := dates.OPENING_DATE.match(text)) is None:
            continue
        rest = text[opening.end() :].lstrip(" ,")
        if behalf := _ON_BEHALF.search(rest[:120]):
            return behalf.group(1).strip()
        rest = rest[place.end() :] if (place := _PLACE_LEAD.match(key(rest))) else rest
        if stop := _ISSUER_STOP.search(key(rest)):
            # "đồng chí Chủ tịch UBND tỉnh": the office, not the courtesy
            span = re.sub(r"^(?:đồng\s+chí|đ/c)\s+", "", rest[: stop.start()].strip(" ,"), flags=re.I)
            if 0 < len(span.split()) <= 12:
                return span[:1].upper() + span[1:]
    for text in texts:
        if match := re.match(
            rf"^(.{{3,80}}?)\s+(?:vừa|đã)\s+(?:có|ban\s+hành|ký|ra)\s+(?:{_KIND_WORDS})", text, re.I
        ):
            return match.group(1).strip()
    for text in texts:
        text_key = key(text)
        if (cue := find_cue(text_key)) is None:
            continue
        speaker = re.sub(r"^(?:[^,]{0,40},\s*)+", "", text[: cue.start()]).strip(" ,")
        if 0 < len(speaker.split()) <= 10:
            return speaker
        return None
    return None


def _body_of(written: str, finder: AgencyFinder) -> AgencyInfo | None:
    """The body a speaker stands for: "đồng chí Bí thư Huyện ủy" speaks for the Huyện ủy."""
    return finder.lookup(written) or finder.lookup(_PERSON.sub("", written))


def _issuer(
    header: list[str], title_lines: list[str], finder: AgencyFinder
) -> tuple[AgencyInfo | None, str | None, str | None]:
    """The issuing body: the title's "CỦA …" line first (a conclusion of the Thường trực, under the
    Huyện ủy's letterhead), then the letterhead itself (which may take two lines, the second
    joined with a dash: "BAN CHỈ ĐẠO … / - ỦY BAN QUỐC GIA …")."""
    of_line = next((line for line in title_lines if _OF.match(key(line))), None)
    if of_line is not None:
        match = _OF.match(key(of_line))
        assert match is not None
        written = of_line[match.start(1) : match.end(1)]
        # "Của Chủ tịch UBND huyện tại cuộc họp …": the chair acts for the body they head
        found = finder.lookup(written) or finder.lookup(_HEAD_OF.sub("", written))
        if found is not None or is_heading(of_line):
            return found, _sentence_case(written) if is_heading(written) else written, of_line
    letterhead: list[str] = []
    for text in header:
        if not text or not is_heading(text) or _kind_of(text) or re.search(r"\d", text):
            continue
        if letterhead and text == letterhead[-1]:
            continue
        letterhead.append(text)
    candidates = [" ".join(letterhead[i : i + 2]) for i in range(len(letterhead))] + letterhead
    for candidate in candidates:
        if found := finder.lookup(candidate):
            return found, _sentence_case(candidate), of_line
    if not letterhead:
        return None, None, of_line
    return None, letterhead_body(letterhead), of_line


def _title(
    label: str,
    lines: list[str],
    of_line: str | None,
    issuer: AgencyInfo | None,
    body: list[Block],
    headline: str | None,
) -> str:
    if not lines:
        about = next((m.group(1).strip(" ,") for p in body[:2] if (m := _ABOUT.search(p.text))), None)
        if about:
            return f"{label} về việc {about}"
        return f"{label}: {headline}" if headline else label
    parts = [label]
    for line in lines:
        if line == of_line and is_heading(line):
            parts.append(f"của {issuer.name}" if issuer else line.lower())
        elif line == of_line:
            parts.append(line[:1].lower() + line[1:])
        elif is_heading(line):
            parts.append(line.lower())
        else:
            parts.append(line[:1].lower() + line[1:] if re.match(r"^(?:Tại|Về|V/v|Trong)\b", line) else line)
    return " ".join(parts)
