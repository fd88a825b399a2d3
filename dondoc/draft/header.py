"""The header of an administrative document: who issued it, its number, place and date, its kind
and title, and where its body begins.

Vietnamese documents follow Decree 30/2020/NĐ-CP (state) and Hướng dẫn 36-HD/VPTW (Party): the
issuer and "Số: …" on the left, the national or Party motto and "<place>, ngày … tháng … năm …"
on the right (a copy may run both columns into one line, or cut a cell over lines), then the kind
in capitals ("KẾT LUẬN", "CHỈ THỊ", "CÔNG ĐIỆN", "QUYẾT ĐỊNH") or a "V/v …" line, and the title. A
report of a directive has none of it and says it in its first sentences instead ("Ngày 23/4/2021,
Văn phòng Chính phủ đã ra Công văn số 2748/VPCP-TH về việc …"). What is missing is reported, not
invented. The words are in `lang/kinds.yaml` and `lang/header.yaml`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from dondoc.directives.registry import AgencyInfo
from dondoc.draft import dates, language
from dondoc.draft.agencies import AgencyFinder
from dondoc.draft.blocks import Block, is_heading
from dondoc.draft.header_lines import about_lines, is_about, number_of, plain, without_mottos
from dondoc.draft.names import letterhead_body, letterhead_names, name_case
from dondoc.draft.reported import body_of, reported, reported_issuer
from dondoc.draft.words import key
from dondoc.record.enums import DirectiveKind

# a header is short: past this many blocks it is all body (a web copy gives a line of each cell
# a block: two dozen is a header cut in narrow cells)
_HEADER_LIMIT = 30
_BODY_READ = 8
# a title over more lines than this is the body read as a title (a narrow cell cuts one in five)
_TITLE_LINES = 6


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
    # the year a day or month written without one takes: the issue date's, else the page's
    year: int | None = None


def _kind(value: str | None) -> DirectiveKind | None:
    # "none": a document that is no directive of its own (a decision)
    return None if value is None or value == "none" else DirectiveKind(value)


def _kind_of(text: str) -> tuple[str, DirectiveKind | None] | None:
    """The kind a line names when it is the kind and nothing else ("KẾT LUẬN", "Chỉ thị")."""
    written = re.sub(r"\s+", " ", key(text)).strip(" .:")
    # "CÔNG ĐIỆN HỎA TỐC", "CÔNG VĂN KHẨN": the kind, with its urgency
    if urgency := language.pattern("UrgencyAfter").search(written):
        written = written[: urgency.start()]
    value = language.table("KindByTitle").get(written)
    return (written, _kind(value)) if value is not None else None


def _kind_in_number(number: str) -> DirectiveKind | None:
    """The kind its abbreviation gives in a number: 125-KL/HU, 16/CT-TTg, 1847/CĐ-UBND."""
    table = language.table("KindByAbbreviation")
    return next((_kind(table[part]) for part in re.split(r"[-/\s]+", key(number)) if part in table), None)


def _is_title_line(text: str, marker: str | None, letterhead: set[str]) -> bool:
    # a title is a phrase: a sentence, or a line that opens a list (":"), is the body; a decision
    # names its signer's office again ("THỦ TƯỚNG CHÍNH PHỦ") before its grounds
    if marker or len(text) > 200 or text.endswith((".", ";", ":")) or ". " in text:
        return False
    if any(key(text).startswith(name) for name in letterhead):
        return False
    return not language.pattern("TitleStop").match(key(text)) and dates.in_header([text]) is None


def _starts_body(text: str) -> bool:
    # "THỰC HIỆN LỘ TRÌNH …" under "KẾ HOẠCH" is its title; "Thực hiện Kế hoạch số …" opens a body
    if language.pattern("BodyAddress").match(key(text)) or (
        not text.isupper() and language.pattern("BodyOpeningLine").match(key(text))
    ):
        return True
    if (
        not text
        or language.pattern("NumberLine").match(key(text))
        or language.pattern("NumberLabelAlone").match(key(text))
        or dates.in_header([text])
        or is_heading(text)
    ):
        return False
    return len(text) > 120 or (text.endswith((".", ":")) and not is_about(text))


def _readable(paragraphs: list[Block]) -> tuple[list[Block], dt.date | None]:
    """The blocks the header reads, web-copy marks off, and a news page's date line taken from the
    first one (it dates the page, not the document)."""
    blocks = [replace(p, text=plain(p.text)) for p in paragraphs[: _HEADER_LIMIT + _BODY_READ]]
    published = None
    if blocks and (line := dates.dateline(blocks[0].text)) is not None:
        published, cut = line
        blocks[0] = replace(blocks[0], text=blocks[0].text[cut:].strip())
    return blocks, published


def parse_header(paragraphs: list[Block], finder: AgencyFinder) -> Header:
    blocks, published = _readable(paragraphs)
    limit = min(len(blocks), _HEADER_LIMIT)
    body_start = next(
        (i for i in range(limit) if _starts_body(blocks[i].text)), limit if limit < _HEADER_LIMIT else 0
    )
    head = [p for p in blocks[:body_start] if p.text]
    texts = without_mottos([p.text for p in head])
    review: list[str] = []
    heading = _heading(head, texts)
    kind_word, kind, title_lines = heading.kind_word, heading.kind, heading.title_lines
    joined = "\n".join(texts)
    formal = (
        heading.named
        or any(language.pattern("NumberLine").match(key(t)) for t in texts)
        or dates.in_header([joined]) is not None
    )
    body = blocks[body_start : body_start + _BODY_READ]
    number = number_of(texts)
    report = reported([p.text for p in body])
    if number is None and report is not None:
        number = report[1]
    if kind_word is None and report is not None:
        kind_word = report[0]
        kind = _kind(language.table("KindByTitle").get(kind_word))
    if kind_word is None and number:
        kind = _kind_in_number(number)
        kind_word = kind.label.lower() if kind else None
    if kind is None:
        kind = _unnamed_kind(kind_word, body, review)

    titles = set(title_lines)
    letterhead = heading.letterhead or [t for t, p in zip(texts, head, strict=True) if p.text not in titles]
    issuer, issuer_written, of_line = _issuer(letterhead if formal else [], title_lines, finder)
    if issuer is None and issuer_written is None:
        # a report's headline and lead come before its first dated sentence: read them too
        issuer_written = reported_issuer([p.text for p in (body if formal else head + body)])
        issuer = body_of(issuer_written, finder) if issuer_written else None
    place = dates.place_in_header([joined])
    issued_on = _issued_on(joined, body, published, number if formal else None, review)
    if number is None:
        review.append("number: văn bản không ghi số hiệu: cần điền (đang để chỗ trống)")
    if issuer is None:
        review.append(_issuer_note(issuer_written, finder))
    label = (kind_word or kind.label)[:1].upper() + (kind_word or kind.label)[1:]
    headline = None if formal else _headline([p.text for p in head])
    title = _title(label, title_lines, of_line, issuer.name if issuer else issuer_written, body, headline)
    decision = kind_word is not None and language.table("KindByTitle").get(kind_word) == "none"
    year = issued_on.year if issued_on else (published.year if published else None)
    return Header(
        kind, number, title, issuer, issuer_written, place, issued_on, body_start, review, decision, year
    )


@dataclass
class _Heading:
    """What the header's lines say of the document: its kind (as written, and as a kind), the
    letterhead above the kind's line, the title's lines, and whether a kind or subject line said it."""

    kind_word: str | None
    kind: DirectiveKind | None
    letterhead: list[str]
    title_lines: list[str]
    named: bool


def _heading(head: list[Block], texts: list[str]) -> _Heading:
    kind_at = next((i for i, p in enumerate(head) if _kind_of(p.text)), None)
    if kind_at is not None:
        kind_word, kind = _kind_of(head[kind_at].text) or (None, None)
        letterhead = [t for t in texts[:kind_at] if is_heading(t)]
        names = {key(name) for name in letterhead_names(letterhead) + letterhead if len(name.split()) > 1}
        title_lines: list[str] = []
        for paragraph in head[kind_at + 1 :]:
            if (
                not _is_title_line(paragraph.text, paragraph.marker, names)
                or len(title_lines) >= _TITLE_LINES
            ):
                break
            title_lines.append(paragraph.text)
        return _Heading(kind_word, kind, letterhead, title_lines, True)
    about_at = next((i for i, t in enumerate(texts) if is_about(t)), None)
    if about_at is not None:
        # a letter names no kind: its subject on a "V/v" line makes it a Công văn
        letter = language.words("LetterKind")[0]
        kind = _kind(language.table("KindByTitle")[key(letter)])
        return _Heading(key(letter), kind, [], [" ".join(about_lines(texts, about_at))], True)
    return _Heading(None, None, [], [], False)


def _headline(texts: list[str]) -> str | None:
    """A report's own headline, when there is no formal title ("UBND phường họp thường kỳ tháng
    3/2022"): the one that names a document's kind, before a web page's section names."""
    lines = [text for text in texts if len(text.split()) >= 4]
    named = (text for text in lines if language.pattern("KindNamed").search(key(text)))
    return next(named, lines[0] if lines else None)


def _issuer_note(written: str | None, finder: AgencyFinder) -> str:
    if not written:
        return "issuer: không tìm thấy cơ quan ban hành: cần điền"
    near = finder.suggest(written)
    hint = f"; gần nhất: {', '.join(near)}" if near else ""
    return f"issuer: cơ quan ban hành '{written}' không có trong danh mục{hint}"


def _unnamed_kind(kind_word: str | None, body: list[Block], review: list[str]) -> DirectiveKind:
    if kind_word is not None and language.table("KindByTitle").get(kind_word) == "none":
        review.append(
            f"kind: văn bản là {kind_word.capitalize()}, danh mục loại chưa có: tạm để 'cong_van', cần sửa 'kind'"
        )
        return DirectiveKind.CONG_VAN
    # a meeting told as news: "đồng chí chủ trì kết luận …", "Kết luận hội nghị, …"
    if any(language.pattern("ConclusionTold").search(key(p.text)) for p in body):
        review.append("kind: văn bản không ghi loại; nội dung là kết luận hội nghị: tạm để 'ket_luan'")
        return DirectiveKind.KET_LUAN
    review.append("kind: không nhận ra loại văn bản: tạm để 'cong_van', cần sửa 'kind'")
    return DirectiveKind.CONG_VAN


def _issued_on(
    header: str, body: list[Block], published: dt.date | None, number: str | None, review: list[str]
) -> dt.date | None:
    found = dates.in_header([header])
    if found is not None:
        return found.day
    found = dates.in_prose([p.text for p in body], published, number)
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


def _issuer(
    header: list[str], title_lines: list[str], finder: AgencyFinder
) -> tuple[AgencyInfo | None, str | None, str | None]:
    """The issuing body: the title's "CỦA …" line first (a conclusion of the Thường trực, under the
    Huyện ủy's letterhead), then the letterhead itself (which may take two lines, the second
    joined with a dash: "BAN CHỈ ĐẠO … / - ỦY BAN QUỐC GIA …")."""
    lines = [t for t in header if t and is_heading(t) and not _kind_of(t) and not re.search(r"\d", t)]
    names = letterhead_names(lines)
    candidates = [" ".join(names[i : i + 2]) for i in range(len(names))] + names
    known = next(((found, name) for name in candidates if (found := finder.lookup(name))), None)
    of_line = next((line for line in title_lines if language.pattern("OfLine").match(key(line))), None)
    if of_line is not None:
        match = language.pattern("OfLine").match(key(of_line))
        assert match is not None
        written = of_line[match.start("body") : match.end("body")]
        written = name_case(written) if is_heading(written) else written
        # "Của Chủ tịch UBND huyện tại cuộc họp …": the chair acts for the body they head
        found = body_of(written, finder)
        if names and known is None:
            # under another body's letterhead ("HUYỆN ỦY TUY PHONG"), "CỦA BAN THƯỜNG VỤ HUYỆN ỦY" is
            # that body's organ, not the registry's namesake
            found, written = None, _organ_of(written, letterhead_body(lines))
        if found is not None or is_heading(of_line):
            return found, written, of_line
    if known is not None:
        return known[0], name_case(known[1]), of_line
    if not names:
        return None, None, of_line
    return None, letterhead_body(lines), of_line


def _organ_of(organ: str, body: str) -> str:
    """'Ban Thường vụ Huyện ủy' of 'Huyện ủy Tuy Phong' is 'Ban Thường vụ Huyện ủy Tuy Phong'."""
    words, named = organ.split(), body.split()
    for size in range(min(len(words), len(named)), 0, -1):
        if key(" ".join(words[-size:])) == key(" ".join(named[:size])):
            return " ".join(words + named[size:])
    return organ


def _about_phrase(text: str) -> str | None:
    """What a report says its document is about: "… về việc tổ chức trực …"."""
    match = language.pattern("AboutPhrase").search(key(text))
    return text[match.start("about") : match.end("about")].strip(" ,") if match else None


def _title(
    label: str,
    lines: list[str],
    of_line: str | None,
    issuer: str | None,
    body: list[Block],
    headline: str | None,
) -> str:
    if not lines:
        about = next((a for p in body[:2] if (a := _about_phrase(p.text))), None)
        if about:
            return f"{label} về việc {about}"
        return f"{label}: {headline}" if headline else label
    parts = [label]
    for line in lines:
        if line == of_line and is_heading(line):
            parts.append(f"của {issuer}" if issuer else line.lower())
        elif line == of_line or line.isupper():
            parts.append(line.lower() if line.isupper() else line[:1].lower() + line[1:])
        else:
            linked = language.pattern("TitleLink").match(key(line))
            parts.append(line[:1].lower() + line[1:] if linked else line)
    return " ".join(parts)
