"""The header of an administrative document: who issued it, its number, place and date, its kind
and title, and where its body begins.

Vietnamese documents follow Decree 30/2020/NĐ-CP (state) and Hướng dẫn 36-HD/VPTW (Party): the
issuer and "Số: …" on the left, the national or Party motto and "<place>, ngày … tháng … năm …"
on the right, then the kind in capitals ("KẾT LUẬN", "CHỈ THỊ", "CÔNG ĐIỆN") and the title.
Any of it may be missing from a copy, as in the seed: what is missing is reported, not invented.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dondoc.directives.registry import AgencyInfo, Registry
from dondoc.draft.agencies import key, keyed
from dondoc.draft.paragraphs import Paragraph, is_heading
from dondoc.record.enums import DirectiveKind

# longest first: "THÔNG BÁO KẾT LUẬN" before "KẾT LUẬN"
_KIND_TITLES = (
    ("thông báo kết luận", DirectiveKind.THONG_BAO_KET_LUAN),
    ("kết luận", DirectiveKind.KET_LUAN),
    ("chỉ thị", DirectiveKind.CHI_THI),
    ("công điện", DirectiveKind.CONG_DIEN),
    ("nghị quyết", DirectiveKind.NGHI_QUYET),
    ("kế hoạch", DirectiveKind.KE_HOACH),
    ("công văn", DirectiveKind.CONG_VAN),
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
_NUMBER = re.compile(r"(?<![\w/])(\d{1,5}(?:\s*[-/]\s*[A-ZĐ][A-ZĐa-z0-9]*)+)(?![\w/])")
_NUMBER_LABEL = re.compile(r"^\s*Số\s*[:.]?\s*(\d{1,5}(?:\s*[-/]\s*[A-ZĐ][A-ZĐa-z0-9]*)+)")
_PLACE_DATE = re.compile(
    r"(?:^|\s)(?P<place>[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*){0,4})\s*,\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+"
    r"(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
)
_MEETING_DATE = re.compile(
    r"^(?:Chiều|Sáng|Tối)?\s*[Nn]gày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\s*,"
)
_OF = keyed(r"của\s+(.+?)(?=\s+(?:tại|về|trong|đối với)\s|$)")
_HEAD_OF = re.compile(r"^(?:phó\s+)?(?:chủ tịch|giám đốc|thủ trưởng|trưởng|chánh)\s+(?=\S)", re.I)
_MOTTOS = ("đảng cộng sản việt nam", "cộng hoà xã hội chủ nghĩa việt nam", "độc lập - tự do - hạnh phúc")


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


def _kind_of(paragraph: Paragraph) -> DirectiveKind | None:
    text = key(paragraph.text).strip(" .:")
    for title, kind in _KIND_TITLES:
        if text == title:
            return kind
    return None


def _sentence_case(text: str) -> str:
    """'THỦ TƯỚNG CHÍNH PHỦ' -> 'Thủ tướng chính phủ': better than shouting, and the reviewer fixes names."""
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


def _is_title_line(paragraph: Paragraph) -> bool:
    text = paragraph.text
    # a title is a phrase: a sentence, or a line that opens a list (":"), is the body
    if paragraph.marker or len(text) > 200 or text.endswith((".", ";", ":")) or ". " in text:
        return False
    return not re.match(r"^(?:Kính gửi|Số\b|Ngày\s+\d|Căn cứ)", text) and not _PLACE_DATE.search(text)


def parse_header(paragraphs: list[Paragraph], registry: Registry) -> Header:
    head_end = min(len(paragraphs), 15)
    kind_at = next((i for i in range(head_end) if _kind_of(paragraphs[i])), None)
    review: list[str] = []

    # title: the kind's line, then the lines after it up to the body ("CỦA …", "Tại …", "Về …", "V/v …")
    kind = _kind_of(paragraphs[kind_at]) if kind_at is not None else None
    title_lines: list[str] = []
    body_start = (kind_at + 1) if kind_at is not None else 0
    if kind_at is not None:
        while (
            body_start < len(paragraphs) and _is_title_line(paragraphs[body_start]) and len(title_lines) < 4
        ):
            title_lines.append(paragraphs[body_start].text)
            body_start += 1
    header_texts = [p.text for p in paragraphs[: max(body_start, 1)]]
    if kind_at is None:
        # no kind line: the header runs to the first sentence of the body
        body_start = next((i for i, p in enumerate(paragraphs[:head_end]) if _starts_body(p)), 0)
        header_texts = [p.text for p in paragraphs[:body_start]]

    number = _number(header_texts)
    if kind is None and number:
        kind = next(
            (k for abbr, k in _NUMBER_KINDS.items() if re.search(rf"(?<![A-ZĐ]){abbr}(?![A-ZĐ])", number)),
            None,
        )
    if kind is None:
        kind = DirectiveKind.CONG_VAN
        review.append("không nhận ra loại văn bản: tạm để 'cong_van', cần sửa 'kind'")

    issuer, issuer_written, of_line = _issuer(header_texts, title_lines, registry)
    place, issued_on = _place_date(header_texts)
    if issued_on is None:
        issued_on = _meeting_date(paragraphs[body_start : body_start + 3])
        if issued_on is not None:
            review.append(
                f"văn bản không ghi ngày ban hành: lấy ngày họp {issued_on:%d/%m/%Y}; sửa 'issued_on' nếu khác"
            )
        else:
            review.append("không tìm thấy ngày ban hành: cần điền 'issued_on'")
    if number is None:
        review.append("văn bản không ghi số hiệu: cần điền 'number' (đang để chỗ trống)")
    if issuer is None:
        near = registry.suggest(issuer_written) if issuer_written else []
        hint = f"; gần nhất: {', '.join(near)}" if near else ""
        review.append(
            f"cơ quan ban hành '{issuer_written}' không có trong danh mục{hint}"
            if issuer_written
            else "không tìm thấy cơ quan ban hành: cần điền 'issuer'"
        )
    title = _title(kind, title_lines, of_line, issuer)
    return Header(kind, number, title, issuer, issuer_written, place, issued_on, body_start, review)


def _starts_body(paragraph: Paragraph) -> bool:
    return len(paragraph.text) > 120 or (paragraph.text.endswith(".") and not is_heading(paragraph.text))


def _number(texts: list[str]) -> str | None:
    for text in texts:
        if match := _NUMBER_LABEL.match(text):
            return re.sub(r"\s+", "", match.group(1))
    for text in texts:
        if (match := _NUMBER.search(text)) and len(text) < 60:
            return re.sub(r"\s+", "", match.group(1))
    return None


def _issuer(
    header: list[str], title_lines: list[str], registry: Registry
) -> tuple[AgencyInfo | None, str | None, str | None]:
    """The issuing body: the title's "CỦA …" line first (a conclusion of the Thường trực, under the
    Huyện ủy's letterhead), then the letterhead itself (which may take two lines)."""
    of_line = next((line for line in title_lines if _OF.match(key(line))), None)
    if of_line is not None:
        match = _OF.match(key(of_line))
        assert match is not None
        written = of_line[match.start(1) : match.end(1)]
        # "Của Chủ tịch UBND huyện tại cuộc họp …": the chair acts for the body they head
        found = registry.resolve(written) or registry.resolve(_HEAD_OF.sub("", written))
        if found is not None or is_heading(of_line):
            return found, _sentence_case(written) if is_heading(written) else written, of_line
    letterhead = [t for t in header if is_heading(t) and key(t) not in _MOTTOS and not t.startswith("Số")]
    candidates = [" ".join(letterhead[i : i + 2]) for i in range(len(letterhead))] + letterhead
    for candidate in candidates:
        if found := registry.resolve(candidate):
            return found, _sentence_case(candidate), of_line
    return None, (_sentence_case(letterhead[0]) if letterhead else None), of_line


def _place_date(texts: list[str]) -> tuple[str | None, dt.date | None]:
    for text in texts:
        if match := _PLACE_DATE.search(text):
            try:
                day = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
            except ValueError:
                continue
            return match.group("place"), day
    return None, None


def _meeting_date(paragraphs: list[Paragraph]) -> dt.date | None:
    for paragraph in paragraphs:
        if match := _MEETING_DATE.match(paragraph.text):
            try:
                return dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
            except ValueError:
                return None
    return None


def _title(kind: DirectiveKind, lines: list[str], of_line: str | None, issuer: AgencyInfo | None) -> str:
    parts = [kind.label]
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
