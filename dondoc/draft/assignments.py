"""One item of the tasking part → one or more assignments (who does what, by when).

An item is cut into clauses (sentences, "; ", and ", chỉ đạo …" / ", tập trung …"), and
consecutive clauses stay one assignment until something says a new one begins: a clause that
names its own subject, a second deadline, a different fan-out, or — when nobody is named — a
different field of work. "Về sản xuất nông, lâm nghiệp: …; chủ động … cây trồng, vật nuôi;
Tăng cường … bảo vệ rừng …; xây dựng phương án … chống hạn …" gives three: agriculture, forest
protection, drought, each with the body that leads that field.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from enum import IntEnum

from dondoc.draft.agencies import GENERAL, AgencyFinder, Named, Subject, Topic, key, keyed
from dondoc.draft.deadlines import Deadline, DeadlineKind, find_deadline
from dondoc.draft.tasking import Item
from dondoc.record.enums import AgencyKind
from dondoc.record.workcalendar import WorkCalendar

# a lead-in that only cites the basis ("Thực hiện Chỉ thị số 16/CT-TTg …, đề nghị …")
_BASIS = keyed(
    r"^(?:thực hiện|căn cứ|triển khai|để|nhằm|trước tình hình|theo)\b[^;:]*?,\s*(?=(?:đề nghị|yêu cầu|giao|chỉ đạo)\s)"
)
_SENTENCE_END = re.compile(r"(?<=[^\s.]{2})\.\s+(?=[A-ZĐÀ-Ỹ])")
_SEMICOLON = re.compile(r";\s*")
_NEW_ACTION = keyed(r",\s+(?=(?:chỉ đạo|tập trung|đồng thời)\s)")
# "in ấn và phát về từng thôn": the second step hands the work down a level, so it is its own task
_HAND_DOWN = keyed(
    r"\s+và\s+(?=(?:phát|chuyển|gửi|cấp phát|phân phát|phổ biến)\s+(?:về|đến|tới)\s+(?:từng|các|mỗi)\s+(?:thôn|tổ dân phố|hộ)\b)"
)
# a clause that only qualifies the previous one
_QUALIFIER = keyed(r"^(?:trừ|nhất là|không để|trong đó|kể cả|bao gồm|riêng|đặc biệt là|với)\b")


class Standing(IntEnum):
    """How sure the lead is, strongest first: it picks the lead when clauses disagree."""

    OWN_NAMED = 1
    OWN_UNSPECIFIED = 2
    INHERITED_NAMED = 3
    TOPIC = 4
    INHERITED_UNSPECIFIED = 5
    NONE = 6


@dataclass
class Clause:
    text: str
    separator: str  # what followed it in the item: ". ", "; ", ", " or ""


@dataclass
class Assignment:
    clauses: list[Clause]
    subject: list[Named]
    standing: Standing
    topic: Topic | None = None
    deadline: Deadline | None = None
    fan_out: AgencyKind | None = None
    # the work comes after the previous assignment's: it fans out a level further down
    after_previous: bool = False

    @property
    def text(self) -> str:
        joined = "".join(c.text + c.separator for c in self.clauses[:-1]) + self.clauses[-1].text
        joined = joined.strip().rstrip(";,.: ")
        return joined[:1].upper() + joined[1:] + "."


@dataclass
class Resolved:
    """An assignment with its parties and deadline decided, and what a reviewer should check."""

    text: str
    lead: Named | None
    support: list[Named]
    deadline: Deadline | None
    fan_out: AgencyKind | None
    after_previous: bool = False
    review: list[str] = field(default_factory=list)


def clauses(text: str) -> list[Clause]:
    text = text.strip()
    match = _BASIS.match(key(text))
    if match:
        text = text[match.end() :]
    cuts: list[tuple[int, int, str]] = []
    depth_at = _paren_depths(text)
    for pattern, separator in (
        (_SENTENCE_END, ". "),
        (_SEMICOLON, "; "),
        (_NEW_ACTION, ", "),
        (_HAND_DOWN, " và "),
    ):
        source = text if pattern in (_SENTENCE_END, _SEMICOLON) else key(text)
        cuts += [
            (m.start(), m.end(), separator) for m in pattern.finditer(source) if depth_at[m.start()] == 0
        ]
    cuts.sort()
    result: list[Clause] = []
    position = 0
    for start, end, separator in cuts:
        if start < position:
            continue
        piece = text[position:start].strip()
        if piece:
            result.append(Clause(piece, separator))
        position = end
    tail = text[position:].strip()
    if tail:
        result.append(Clause(tail, ""))
    return result


def _paren_depths(text: str) -> list[int]:
    depths, depth = [], 0
    for ch in text:
        depth += ch in "(“"
        depth -= ch in ")”" and depth > 0
        depths.append(depth)
    depths.append(depth)
    return depths


def split_item(
    item: Item, finder: AgencyFinder, issued_on: dt.date, calendar: WorkCalendar
) -> list[Assignment]:
    inherited = _context_subject(item.context, finder)
    groups: list[Assignment] = []
    for clause in clauses(item.text):
        subject = finder.subject(clause.text)
        topic = finder.topic(clause.text)
        deadline = find_deadline(clause.text, issued_on, calendar)
        if deadline is not None and deadline.kind is DeadlineKind.TIMELY:
            deadline = None  # "kịp thời" describes the manner; it is noted on the task, not a split
        fan_out, _ = finder.fan_out(clause.text)
        current = groups[-1] if groups else None
        if current is None or subject is not None:
            groups.append(_start(clause, subject, inherited, topic, deadline, fan_out))
            continue
        if _QUALIFIER.match(key(clause.text)):
            _extend(current, clause, topic, deadline, fan_out)
        elif _starts_new(current, topic, deadline, fan_out):
            subject_names, standing = _inherit(current, inherited)
            groups.append(Assignment([clause], subject_names, standing, topic, deadline, fan_out))
        else:
            _extend(current, clause, topic, deadline, fan_out)
    # items under "Chủ tịch UBND các xã, thị trấn:" go to every commune
    context_fan_out, _ = finder.fan_out(" ".join(item.context))
    for group in groups:
        group.fan_out = group.fan_out or context_fan_out
    depth = {None: 0, AgencyKind.XA: 1, AgencyKind.THON: 2}
    for before, after in itertools.pairwise(groups):
        after.after_previous = (
            depth[after.fan_out] > depth[before.fan_out] and after.standing is Standing.INHERITED_NAMED
        )
    return groups


def _start(
    clause: Clause,
    subject: Subject | None,
    inherited: tuple[list[Named], Standing],
    topic: Topic | None,
    deadline: Deadline | None,
    fan_out: AgencyKind | None,
) -> Assignment:
    if subject is not None:
        standing = Standing.OWN_UNSPECIFIED if subject.unspecified else Standing.OWN_NAMED
        return Assignment([clause], subject.names, standing, topic, deadline, fan_out)
    names, standing = inherited
    return Assignment([clause], names, standing, topic, deadline, fan_out)


def _inherit(current: Assignment, inherited: tuple[list[Named], Standing]) -> tuple[list[Named], Standing]:
    """What a split-off assignment keeps of the subject before it: a named body stays the subject
    ("UBND huyện chỉ đạo …, chỉ đạo các xã …"); "các cơ quan, đơn vị" yields to the field."""
    if current.standing in (Standing.OWN_NAMED, Standing.INHERITED_NAMED):
        return current.subject, Standing.INHERITED_NAMED
    if current.standing in (Standing.OWN_UNSPECIFIED, Standing.INHERITED_UNSPECIFIED):
        return [], Standing.INHERITED_UNSPECIFIED
    return inherited


def _starts_new(
    current: Assignment, topic: Topic | None, deadline: Deadline | None, fan_out: AgencyKind | None
) -> bool:
    if deadline is not None and current.deadline is not None:
        return True  # two deadlines: two assignments
    if fan_out is not None and fan_out != current.fan_out:
        return True
    if current.standing in (Standing.OWN_NAMED, Standing.INHERITED_NAMED):
        return False
    return topic is not None and current.topic is not None and topic.key != current.topic.key


def _extend(
    current: Assignment,
    clause: Clause,
    topic: Topic | None,
    deadline: Deadline | None,
    fan_out: AgencyKind | None,
) -> None:
    current.clauses.append(clause)
    current.topic = current.topic or topic
    current.deadline = current.deadline or deadline
    current.fan_out = current.fan_out or fan_out


def _context_subject(context: tuple[str, ...], finder: AgencyFinder) -> tuple[list[Named], Standing]:
    """The subject an item inherits from the lead-ins above it ("2. Giao UBND huyện:")."""
    for lead_in in reversed(context):
        subject = finder.subject(lead_in)
        if subject is not None:
            if subject.unspecified:
                return [], Standing.INHERITED_UNSPECIFIED
            # "1. Phòng Y tế phối hợp với Trung tâm Y tế huyện:": both carry the items below
            return subject.names + finder.cooperating(lead_in), Standing.INHERITED_NAMED
        bare = re.sub(r"^(?:đề nghị|yêu cầu|giao cho|giao)\s+", "", lead_in, flags=re.I)
        if re.match(r"^về\s", key(bare)):
            continue
        names, unspecified = finder.names_in(bare)
        if names:
            return names, Standing.INHERITED_NAMED
        if unspecified:
            return [], Standing.INHERITED_UNSPECIFIED
    return [], Standing.NONE


def resolve(assignment: Assignment, finder: AgencyFinder) -> Resolved:
    """Decide lead, support and fan-out, and say what was guessed."""
    text = assignment.text
    review: list[str] = []
    lead: Named | None = None
    named = assignment.subject
    if assignment.standing in (Standing.OWN_NAMED, Standing.INHERITED_NAMED) and named:
        lead = _government_first(named)
    elif assignment.standing is Standing.OWN_UNSPECIFIED:
        lead = _executive(finder)
        if lead:
            review.append(f"văn bản giao chung, không nêu cơ quan chủ trì: tạm giao {_label(lead)} chủ trì")
    if lead is None and assignment.topic is not None:
        agency = finder.topic_lead(assignment.topic)
        if agency is not None:
            lead = Named(agency.name, agency)
            if assignment.topic is GENERAL:
                review.append(
                    f"nội dung gồm nhiều lĩnh vực, không nêu cơ quan chủ trì: tạm giao {_label(lead)} chủ trì"
                )
            else:
                review.append(f"chủ trì suy ra theo lĩnh vực của nội dung: {_label(lead)}; cần xác nhận")
    if lead is None:
        lead = _executive(finder)
        if lead:
            review.append(f"văn bản không nêu cơ quan chủ trì: tạm giao {_label(lead)} chủ trì")
        else:
            review.append("không xác định được cơ quan chủ trì: cần điền 'lead'")
    support = [n for n in named if lead is None or n.value != lead.value]
    support += finder.cooperating(text) + finder.directed(text) + finder.listed_forces(text)
    seen = {lead.value} if lead else set()
    unique: list[Named] = []
    for name in support:
        if name.value not in seen:
            seen.add(name.value)
            unique.append(name)
    for name in ([lead] if lead else []) + unique:
        if name.agency is None:
            near = finder.suggest(name.written)
            hint = f"; gần nhất: {', '.join(near)}" if near else ""
            review.append(f"không có cơ quan '{name.written}' trong danh mục{hint}")
    fan_out = assignment.fan_out
    finer_too = finder.fan_out(text)[1] and fan_out is AgencyKind.XA
    if fan_out is not None and finder.root is not None:
        level = "xã, thị trấn" if fan_out is AgencyKind.XA else "thôn, tổ dân phố"
        review.append(f"giao tới từng {level} (fan_out): kiểm tra phạm vi")
        if finer_too:
            review.append(
                "văn bản nhắc cả thôn, tổ dân phố: có thể cần tách thành một nhiệm vụ riêng cho thôn"
            )
    elif fan_out is not None:
        fan_out = None
    return Resolved(text, lead, unique, assignment.deadline, fan_out, assignment.after_previous, review)


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
