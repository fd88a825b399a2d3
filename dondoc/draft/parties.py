"""Who leads an assignment and who supports it, and what the reviewer must check about it.

The lead is a registry code only when the registry knows the body the text names (or, in the
district's own documents, the body a collective word or the field stands for). Otherwise the
draft keeps the words as written (`lead_text`), leaves `lead` empty and names the closest bodies
of the registry: the reviewer picks one, or adds the body to config/agencies.yaml. Every note
that concerns one field starts with that field's key ("lead: …", "support: …", "fan_out: …").
"""

from __future__ import annotations

import re

from dondoc.draft.agencies import AgencyFinder
from dondoc.draft.assignments import Assignment, Resolved, Standing
from dondoc.draft.body_words import BODY_WORDS
from dondoc.draft.fields import GENERAL
from dondoc.draft.name_lists import Named
from dondoc.draft.words import UPPER, key
from dondoc.record.enums import AgencyKind
from dondoc.record.text import clean

_NAMED = (Standing.OWN_NAMED, Standing.INHERITED_NAMED)
# a written list of several bodies: cut where the next name starts ("Công an tỉnh, Cục Thuế tỉnh")
_NAME_BREAK = re.compile(rf"\s*;\s*|\s*(?:,|\s(?:và|cùng))\s+(?=[{UPPER}]|(?:các|những)\s)")


def resolve(assignment: Assignment, finder: AgencyFinder) -> Resolved:
    """Decide lead, support and fan-out, and say what was guessed."""
    text = assignment.text
    review: list[str] = []
    subject = assignment.subject
    names = subject.names if subject is not None else []
    lead: Named | None = None
    lead_text: str | None = None
    others: list[Named] = []
    if assignment.standing in _NAMED and subject is not None:
        if subject.resolved:
            lead = _government_first(names)
            others = [n for n in names if n is not lead]
            # "Các huyện ủy, thị ủy, thành ủy": the district's Huyện ủy is one of them, in those words
            lead_text = subject.written if len(names) == 1 and subject.written else lead.written
        else:
            lead_text = clean(subject.written or " ".join(n.written for n in names))
            review.append(_unknown("lead", lead_text, finder))
    elif assignment.standing in (Standing.OWN_UNSPECIFIED, Standing.INHERITED_UNSPECIFIED) and subject:
        written = clean(subject.written) if subject.written else None
        # "Chủ tịch UBND các xã, thị trấn:" names the communes, not everybody: no field to guess from
        communes = bool(written and finder.fan_out(written, named=True)[0])
        if finder.own and assignment.standing is Standing.INHERITED_UNSPECIFIED and not communes:
            # addressed to all under a lead-in ("… đề nghị các cơ quan, đơn vị … như sau:"): the field's
            # body leads, and "các cơ quan, đơn vị" are not its name
            lead = _by_field(assignment, finder, review, topic_only=True)
        if lead is None:
            lead_text = written
            lead = _executive(finder) if finder.own else None
            if lead is not None:
                review.append(
                    f"lead: văn bản giao chung, không nêu cơ quan chủ trì: tạm giao {_label(lead)} chủ trì"
                )
        if lead is None and written:
            review.append(
                f"lead: '{written}' là cách gọi chung, không phải một cơ quan trong danh mục: "
                "cần chọn cơ quan chủ trì"
            )
    if lead is None and lead_text is None:
        lead = _by_field(assignment, finder, review)
    if lead is None and lead_text is None:
        review.append("lead: văn bản không nêu ai thực hiện: cần điền cơ quan chủ trì")
    support, support_text = _support((*assignment.lead_ins, text), others, lead, finder, review)
    # a fan-out reaches the district's communes: only for its own documents, or a lead it knows
    fan_out = _fan_out(assignment, text, finder, review) if finder.own or lead is not None else None
    return Resolved(
        text,
        lead.agency.code if lead is not None and lead.agency is not None else None,
        lead_text,
        support,
        support_text,
        assignment.deadline,
        assignment.deadline_from,
        fan_out,
        assignment.after_previous,
        review,
    )


def _by_field(
    assignment: Assignment, finder: AgencyFinder, review: list[str], *, topic_only: bool = False
) -> Named | None:
    """Nobody named: in the district's own document, the body that leads the field, or the
    executive; in a document from elsewhere, nobody (its bodies are not the district's)."""
    if not finder.own:
        return None
    if topic_only and assignment.topic is None:
        return None
    if assignment.topic is not None and (agency := finder.topic_lead(assignment.topic)) is not None:
        lead = Named(agency.name, agency)
        if assignment.topic is GENERAL:
            review.append(
                f"lead: nội dung gồm nhiều lĩnh vực, không nêu cơ quan chủ trì: tạm giao {_label(lead)} chủ trì"
            )
        else:
            review.append(f"lead: chủ trì suy ra theo lĩnh vực của nội dung: {_label(lead)}; cần xác nhận")
        return lead
    executive = _executive(finder)
    if executive is not None:
        review.append(f"lead: văn bản không nêu cơ quan chủ trì: tạm giao {_label(executive)} chủ trì")
    return executive


def named_parties(
    clause: str, finder: AgencyFinder, *, anywhere: bool = False
) -> tuple[str | None, list[str]]:
    """The parties one clause names, as written: who it asks to act, a body or everybody ("các cơ
    quan, đơn vị"), None when nobody or when it reports what was done; and who supports, one entry
    a body."""
    subject = finder.subject(clause, anywhere=anywhere)
    named = subject is not None and (bool(subject.names) or subject.unspecified) and not subject.narrative
    lead = clean(subject.written) if named and subject is not None and subject.written else None
    return lead, _written_support(clause, finder)


def _written_support(clause: str, finder: AgencyFinder) -> list[str]:
    """The supporting bodies a clause names, as written: after "phối hợp với", "chỉ đạo"."""
    written = [
        name
        for span, _ in finder.cooperating(clause) + finder.directed(clause)
        for name in written_names(span)
    ]
    return list(dict.fromkeys(clean(w) for w in written if w.strip()))


def _support(
    texts: tuple[str, ...], others: list[Named], lead: Named | None, finder: AgencyFinder, review: list[str]
) -> tuple[list[str], list[str]]:
    """The supporting bodies, from the task and the lead-ins it sits under ("1. Phòng Y tế phối hợp
    với Trung tâm Y tế huyện:"): codes for those the registry knows, and every one as written."""
    named = list(others)
    written: list[str] = [n.written for n in others]
    for text in texts:
        for span, found in finder.cooperating(text) + finder.directed(text):
            named += found
            written += written_names(span)
        if finder.own:
            named += _listed_forces(text, finder)
    seen = {lead.agency.code} if lead is not None and lead.agency is not None else set()
    codes: list[str] = []
    for name in named:
        if name.agency is not None and name.agency.code not in seen:
            seen.add(name.agency.code)
            codes.append(name.agency.code)
    unique_written = list(dict.fromkeys(clean(w) for w in written if w.strip()))
    for body in unique_written:
        if finder.lookup(body) is None and body[:1].isupper() and not finder.resolve(body):
            review.append(_unknown("support", body, finder))
    return codes, unique_written


def _fan_out(assignment: Assignment, text: str, finder: AgencyFinder, review: list[str]) -> AgencyKind | None:
    fan_out = assignment.fan_out
    if fan_out is None or finder.root is None:
        return None
    level = "xã, thị trấn" if fan_out is AgencyKind.XA else "thôn, tổ dân phố"
    review.append(f"fan_out: giao tới từng {level} của {finder.root.name}: kiểm tra phạm vi")
    if finder.fan_out(text)[1] and fan_out is AgencyKind.XA:
        review.append(
            "fan_out: văn bản nhắc cả thôn, tổ dân phố: có thể cần tách thành một nhiệm vụ riêng cho thôn"
        )
    return fan_out


def _unknown(field: str, written: str, finder: AgencyFinder) -> str:
    near = finder.suggest(written)
    hint = f"gần nhất: {', '.join(near)}" if near else "không có tên nào gần giống"
    return f"{field}: '{written}' không có trong danh mục cơ quan; {hint}"


def _government_first(names: list[Named]) -> Named:
    """'Các cấp ủy Đảng, Chính quyền …': the Party leads politically, the government carries it out."""
    government = [n for n in names if n.agency and n.agency.kind is AgencyKind.CHINH_QUYEN]
    party_first = names[0].agency is not None and names[0].agency.kind is AgencyKind.DANG
    return government[0] if government and party_first else names[0]


def _executive(finder: AgencyFinder) -> Named | None:
    agency = finder.executive
    return Named(agency.name, agency) if agency else None


def _label(name: Named) -> str:
    return f"{name.agency.name} ({name.agency.code})" if name.agency else name.written


def _listed_forces(clause: str, finder: AgencyFinder) -> list[Named]:
    """Bodies listed in parentheses, e.g. "(Y tế, Công an, Quân sự...)"."""
    found: list[Named] = []
    for inner in re.findall(r"\(([^()]{2,120})\)", clause):
        names, _ = finder.names_in(inner.replace("...", ""))
        found += [n for n in names if n.agency]
    return found


def written_names(span: str) -> list[str]:
    """A written list of bodies, one entry a body: cut where the next name begins ("các sở, ban,
    ngành tỉnh và UBND huyện, thị xã"), not inside one ("Phòng Kinh tế và Hạ tầng")."""
    names: list[str] = []
    position = 0
    for cut in _NAME_BREAK.finditer(span):
        following = span[cut.end() :]
        if cut.group(0).strip() != ";" and not BODY_WORDS.match(key(following)):
            continue
        names.append(span[position : cut.start()])
        position = cut.end()
    names.append(span[position:])
    return [name.strip(" ,;.") for name in names if name.strip(" ,;.")]
