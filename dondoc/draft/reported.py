"""What a report of a document says of it, when there is no header: its kind and number, and who
issued it.

A report names the document it reports with a verb of issuing before it ("Ngày 07/12/2023, Ban
Thường vụ Tỉnh ủy đã ban hành Chỉ thị số 35-CT/TU …"), or in its first sentence with no citing
word before it; a document it cites has one ("thực hiện Công điện số 170/CĐ-TTg", "theo Kế hoạch
số …") and is not the one reported. The issuer is the subject of the opening sentence, the body
on whose behalf it was signed, or the speaker of the first instruction.
"""

from __future__ import annotations

import re

from dondoc.directives.registry import AgencyInfo
from dondoc.draft import language
from dondoc.draft.agencies import AgencyFinder
from dondoc.draft.words import find_cue, key

_HOSTS_WORDS = 16


def reported(texts: list[str]) -> tuple[str, str | None] | None:
    """The kind (as written, lower case) and number of the document a report is about."""
    if texts and (opening := language.pattern("ReportedOf").match(key(texts[0]))):
        cited = texts[0][opening.start("number") : opening.end("number")]
        return re.sub(r"\s+", " ", opening.group("kind")), re.sub(r"\s+", "", cited)
    for index, text in enumerate(texts[:3]):
        text_key = key(text)
        for match in language.pattern("ReportedDocument").finditer(text_key):
            before = text_key[: match.start()]
            has_number = match.group("number") is not None
            if language.pattern("Issuing").search(before) or (
                index == 0 and has_number and not language.pattern("Citing").search(before)
            ):
                kind = re.sub(r"\s+", " ", match.group("kind"))
                number = text[match.start("number") : match.end("number")] if has_number else None
                return kind, re.sub(r"\s+", "", number) if number else None
    return None


def reported_issuer(texts: list[str]) -> str | None:
    """Who a report says issued the document: after its opening date, on whose behalf it was
    signed, or the speaker of its first instruction ("Theo đó, Ban Thường vụ Huyện ủy đề nghị …")."""
    texts = texts[:6]
    for text in texts:
        if opening := language.pattern("ReportedOf").match(key(text)):
            return text[opening.start("body") : opening.end("body")].strip()
    for text in texts:
        if (written := _after_opening_date(text)) is not None:
            return written
    for text in texts:
        if match := language.pattern("IssuedBy").search(key(text)):
            return text[match.start("body") : match.end("body")].strip()
    for text in texts:
        if (cue := find_cue(key(text))) is None:
            continue
        # the subject is the clause just before the verb: "Theo đó, Ban Thường vụ Huyện ủy đề nghị",
        # "Tại …, để ứng phó với …, Thường trực Thành ủy giao …"
        speaker = text[: cue.start()].rsplit(",", 1)[-1].strip(" ,")
        # "Công điện yêu cầu …": the document speaks, not a body; "(1) Đề nghị …" is a list's item
        if key(speaker) in language.table("KindByTitle") or not speaker[:1].isalpha():
            return None
        return speaker if 0 < len(speaker.split()) <= 10 else None
    return None


def _after_opening_date(text: str) -> str | None:
    text_key = key(text)
    start = lead.end() if (lead := language.pattern("PlaceLead").match(text_key)) else 0
    if (opening := language.pattern("ReportOpening").match(text_key[start:])) is None:
        return None
    rest = text[start + opening.end() :].lstrip(" ,")
    if behalf := language.pattern("OnBehalf").search(key(rest[:120])):
        return rest[behalf.start("body") : behalf.end("body")].strip()
    if place := language.pattern("PlaceLead").match(key(rest)):
        rest = rest[place.end() :]
    if (stop := language.pattern("IssuerEnd").search(key(rest))) is None:
        return None
    span = rest[: stop.start()].strip(" ,")
    # "đồng chí Chủ tịch UBND tỉnh": the office, not the courtesy
    if courtesy := language.pattern("CourtesyLead").match(key(span)):
        span = span[courtesy.end() :]
    # a meeting's hosts may be several bodies of one place ("Đảng ủy - HĐND - UBND - UB MTTQ … xã …")
    if 0 < len(span.split()) <= _HOSTS_WORDS:
        return span[:1].upper() + span[1:]
    return None


def body_of(written: str, finder: AgencyFinder) -> AgencyInfo | None:
    """The body a speaker stands for: "đồng chí Bí thư Huyện ủy" speaks for the Huyện ủy."""
    if found := finder.lookup(written):
        return found
    office = language.pattern("SpeakerOffice").match(key(written))
    return finder.lookup(written[office.end() :]) if office else None
