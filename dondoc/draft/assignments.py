"""One item of the tasking part → one or more assignments (who does what, by when).

An item is cut into clauses (sentences, "; ", ", chỉ đạo …", ", đồng thời …", a report that
follows the work: "… và báo cáo kết quả về …", ", kịp thời báo cáo …"), and consecutive clauses
stay one assignment until something says a new one begins: a clause that names its own addressee
("…; yêu cầu Đảng ủy các xã …"), a second deadline, a different fan-out, a report after other
work, or — when nobody is named — a different field of work. In running prose each ";" clause is
its own assignment of the last addressee, as news reports chain instructions. "Về sản xuất nông,
lâm nghiệp: …; chủ động … cây trồng, vật nuôi; Tăng cường … bảo vệ rừng …" gives the fields.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from enum import IntEnum

from dondoc.draft import language
from dondoc.draft.agencies import AgencyFinder, Subject
from dondoc.draft.deadlines import Deadline, DeadlineKind, find_deadline
from dondoc.draft.fields import Topic
from dondoc.draft.items import Item
from dondoc.draft.sections import IF_DIFFICULTIES
from dondoc.draft.words import UPPER, capitalise, find_verb, key, keyed
from dondoc.record.enums import AgencyKind
from dondoc.record.workcalendar import WorkCalendar

# a lead-in that only cites the basis ("Thực hiện Chỉ thị số 16/CT-TTg …, đề nghị …")
_BASIS = keyed(
    r"^(?:thực hiện|căn cứ|triển khai|để|nhằm|trước tình hình|theo)\b[^;:]*?,\s*(?=(?:đề nghị|yêu cầu|giao|chỉ đạo)\s)"
)
_SENTENCE_END = re.compile(rf"(?<=[^\s.]{{2}})[.?!]\s+(?=[{UPPER}])")
_SEMICOLON = re.compile(r";\s*")
_NEW_ACTION = keyed(r",\s+(?=(?:chỉ đạo|tập trung)\s)")
# "…, đồng thời thực hiện …", "… nhất là đảm bảo an toàn …": a second instruction, not a qualifier
# ("Bí thư chi bộ đồng thời là Trưởng ban", "nhất là tại các khu dân cư")
_ALSO = keyed(r",\s+(?=đồng thời\s)|,?\s+(?=(?:nhất là|đặc biệt là)\s)")
_CONNECTIVE = keyed(r"(?:đồng thời|nhất là|đặc biệt là)\s+")
_OPENING_ALSO = language.pattern("AlsoOpener")
# "in ấn và phát về từng thôn": the second step hands the work down a level, so it is its own task
_HAND_DOWN = keyed(
    r"\s+và\s+(?=(?:phát|chuyển|gửi|cấp phát|phân phát|phổ biến)\s+(?:về|đến|tới)\s+(?:từng|các|mỗi)\s+(?:thôn|tổ dân phố|hộ)\b)"
)
# reporting is its own deliverable: "… xử lý các tình huống và báo cáo về …", "…, kịp thời báo cáo …"
_REPORT = keyed(
    r"(?:\s+và|,|;)\s+(?=(?:kịp thời\s+|định kỳ\s+|thường xuyên\s+|(?:hằng|hàng)\s+(?:ngày|tuần|tháng|quý|năm),?\s+)?"
    r"báo cáo(?:\s+kết quả)?\s+(?:về|cho|lên|với|kết quả|các|những|tình hình|ngay)\b)"
)
_RESULTS = keyed(r"(?<!\w)báo cáo kết quả(?!\w)")
_REPORTING = keyed(r"(?<!\w)(?:báo cáo|gửi báo cáo)(?!\w)")
_WHEN = keyed(r"^(?:hoàn thành|xong|kết thúc|chậm nhất|trước ngày|thời gian|thời hạn|hạn chót)(?!\w)")
# a clause that only qualifies the previous one
_QUALIFIER = keyed(r"^(?:trừ|nhất là|không để|trong đó|kể cả|bao gồm|riêng|đặc biệt là|với)\b")
_MODAL = language.pattern("ModalWord")
_CHAIN = language.pattern("ChainCut")
_CUTS = (
    (_SENTENCE_END, ". ", "sentence", False),
    (_SEMICOLON, "; ", "semicolon", False),
    (_NEW_ACTION, ", ", "action", True),
    (_ALSO, ", ", "also", True),
    (_HAND_DOWN, " và ", "hand-down", True),
    (_REPORT, ", ", "report", True),
)


class Standing(IntEnum):
    """Where an assignment's addressee comes from: its own words or a lead-in above it, a body
    named or everybody addressed ("các cơ quan, đơn vị"), or nowhere."""

    OWN_NAMED = 1
    OWN_UNSPECIFIED = 2
    INHERITED_NAMED = 3
    INHERITED_UNSPECIFIED = 4
    NONE = 5


_NAMED = (Standing.OWN_NAMED, Standing.INHERITED_NAMED)


@dataclass
class Clause:
    text: str
    separator: str  # what followed it in the item: ". ", "; ", ", " or ""
    cut: str = "start"  # what began it


@dataclass
class Assignment:
    clauses: list[Clause]
    subject: Subject | None
    standing: Standing
    topic: Topic | None = None
    deadline: Deadline | None = None
    fan_out: AgencyKind | None = None
    # the work comes after the previous assignment's: it fans out a level further down
    after_previous: bool = False
    # where the deadline came from when not from its own words: "context" (a heading, the list's
    # opening) or "report" (the report of its results that follows it)
    deadline_from: str | None = None
    # the lead-ins whose addressee it took ("1. Phòng Y tế phối hợp với Trung tâm Y tế huyện:")
    lead_ins: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        joined = "".join(c.text + c.separator for c in self.clauses[:-1]) + self.clauses[-1].text
        joined = joined.strip().rstrip(";,.: ")
        return capitalise(joined) + "."


@dataclass
class Resolved:
    """An assignment with its parties and deadline decided, and what a reviewer should check."""

    text: str
    lead: str | None  # a registry code
    lead_text: str | None  # the words as written
    support: list[str]  # registry codes
    support_text: list[str]
    deadline: Deadline | None
    deadline_from: str | None
    fan_out: AgencyKind | None
    after_previous: bool = False
    review: list[str] = field(default_factory=list)


def clauses(text: str, protect: int = 0, *, chain: bool = False) -> list[Clause]:
    """The item's clauses; nothing is cut before `protect` (an addressee that holds ";" or ":").
    With `chain` (running prose), "… cần A, đẩy nhanh B, tăng cường C" is cut at each action."""
    cuts: list[tuple[int, int, str, str]] = []
    depth_at = _paren_depths(text)
    text_key = key(text)
    if chain and (modal := _MODAL.search(text_key)):
        cuts += [
            (m.start(), m.end(), ", ", "chain")
            for m in _CHAIN.finditer(text_key, modal.end())
            if depth_at[m.start()] == 0 and m.start() >= protect
        ]
    for pattern, separator, name, on_key in _CUTS:
        source = text_key if on_key else text
        cuts += [
            (m.start(), m.end(), separator, name)
            for m in pattern.finditer(source)
            if depth_at[m.start()] == 0
            and m.start() >= protect
            and (name != "also" or _another_action(text, text_key, m.start(), m.end()))
        ]
    # where two cuts begin together ("; báo cáo kết quả …"), the one that says more wins
    cuts.sort(key=lambda cut: (cut[0], cut[3] != "report"))
    result: list[Clause] = []
    position, cut = 0, "start"
    for start, end, separator, name in cuts:
        if start < position:
            continue
        piece = text[position:start].strip()
        if piece:
            result.append(Clause(piece, separator, cut))
        position, cut = end, name
    tail = text[position:].strip()
    if tail:
        result.append(Clause(tail, "", cut))
    return result


def _another_action(text: str, text_key: str, start: int, end: int) -> bool:
    """Does "đồng thời …" / "nhất là …" begin another instruction? It must open on an action, and
    after "nhất là" that action must not be the one before it narrowed ("… giải quyết công việc,
    đặc biệt là quan tâm giải quyết công việc quan trọng" is one instruction)."""
    connective = _CONNECTIVE.match(text_key, end)
    if connective is None:
        return False
    verb = find_verb(text, text_key, connective.end())
    if verb is None or verb.start() != connective.end():
        return False
    if text_key.startswith(key("đồng thời"), end):
        return True
    before_from = max(text_key.rfind(";", 0, start), text_key.rfind(". ", 0, start), 0)
    comma = re.search(r"[,;.]", text_key[connective.end() :])
    after_to = connective.end() + comma.start() if comma else len(text_key)
    return not (
        _verbs(text, text_key, before_from, start) & _verbs(text, text_key, connective.end(), after_to)
    )


def _verbs(text: str, text_key: str, start: int, end: int) -> set[str]:
    found: set[str] = set()
    while (verb := find_verb(text, text_key, start, end)) is not None:
        found.add(re.sub(r"\s+", " ", verb.group(0)))
        start = verb.end()
    return found


def _paren_depths(text: str) -> list[int]:
    if "(" not in text and "“" not in text:
        return [0] * (len(text) + 1)
    depths, depth = [], 0
    for ch in text:
        depth += ch in "(“"
        depth -= ch in ")”" and depth > 0
        depths.append(depth)
    depths.append(depth)
    return depths


def _standing(subject: Subject | None, own: bool) -> Standing:
    if subject is None or (subject.written is None and not subject.names):
        return Standing.NONE
    if subject.unspecified and not subject.names:
        return Standing.OWN_UNSPECIFIED if own else Standing.INHERITED_UNSPECIFIED
    return Standing.OWN_NAMED if own else Standing.INHERITED_NAMED


def split_item(
    item: Item, finder: AgencyFinder, issued_on: dt.date | None, calendar: WorkCalendar
) -> list[Assignment]:
    text = item.text.strip()
    if basis := _BASIS.match(key(text)):
        text = capitalise(text[basis.end() :])
    opening = finder.subject(text, anywhere=item.prose)
    protect = opening.end if opening is not None and opening.written else 0
    inherited = item.inherited
    groups: list[Assignment] = []
    for clause in clauses(text, protect, chain=item.prose):
        if IF_DIFFICULTIES.match(key(clause.text)):
            continue  # "nếu có khó khăn, vướng mắc, …": the text's closing formula
        subject = opening if not groups else finder.subject(clause.text, anywhere=item.prose)
        if subject is not None and (subject.narrative or (subject.written is None and not subject.names)):
            subject = None if not subject.cue else subject
        topic = finder.topic(clause.text)
        deadline = find_deadline(clause.text, issued_on, calendar)
        if deadline is not None and deadline.kind is DeadlineKind.TIMELY:
            deadline = None  # "kịp thời" describes the manner; it is noted on the task, not a split
        fan_out = finder.acting_fan_out(clause.text)
        current = groups[-1] if groups else None
        named = subject is not None and subject.written is not None
        if current is None:
            own = subject if named else None
            standing = _standing(own, True) if own else _standing(inherited, False)
            groups.append(Assignment([clause], own or inherited, standing, topic, deadline, fan_out))
        elif named:
            groups.append(Assignment([clause], subject, _standing(subject, True), topic, deadline, fan_out))
        elif (subject is not None and deadline is not None and current.deadline is not None) or _new_work(
            current, clause
        ):
            # "Yêu cầu … báo cáo UBND tỉnh trước ngày 10/5": a second deadline, a second task
            groups.append(Assignment([clause], *_inherit(current, inherited), topic, deadline, fan_out))
        elif _own_timing(current, clause, deadline):
            # "…; định kỳ hằng năm báo cáo Thủ tướng …": a clause with its own timing is its own task
            groups.append(Assignment([clause], *_inherit(current, inherited), topic, deadline, fan_out))
        elif subject is not None or _QUALIFIER.match(key(clause.text)) or _only_when(clause, deadline):
            # "Yêu cầu gửi báo cáo …", "; hoàn thành trong tháng 4/2021", "; trừ …": the same work
            _extend(current, clause, topic, deadline, fan_out)
        elif (item.prose and clause.cut == "semicolon") or _starts_new(current, topic, deadline, fan_out):
            # in running prose, every ";" is the next instruction of the last addressee
            groups.append(Assignment([clause], *_inherit(current, inherited), topic, deadline, fan_out))
        else:
            _extend(current, clause, topic, deadline, fan_out)
    _report_deadline(groups)
    _context_deadline(groups, item, issued_on, calendar)
    # items under "Chủ tịch UBND các xã, thị trấn:" go to every commune
    context_fan_out, _ = finder.fan_out(" ".join(item.context[-1:]), named=True)
    for group in groups:
        # "UBND các xã, thị trấn thành lập …; kịp thời báo cáo …": each commune reports too
        written = group.subject.written if group.subject is not None else None
        group.fan_out = group.fan_out or (finder.fan_out(written, named=True)[0] if written else None)
        if group.standing not in (Standing.OWN_NAMED, Standing.OWN_UNSPECIFIED):
            group.fan_out = group.fan_out or context_fan_out
            group.lead_ins = item.context
    depth = {None: 0, AgencyKind.XA: 1, AgencyKind.THON: 2}
    for before, after in itertools.pairwise(groups):
        after.after_previous = (
            depth[after.fan_out] > depth[before.fan_out] and after.standing is Standing.INHERITED_NAMED
        )
    return groups


def _own_timing(current: Assignment, clause: Clause, deadline: Deadline | None) -> bool:
    """Between semicolons, work after a clause that set its own deadline ("… trước ngày D; tổ
    chức …"), and work that recurs ("…; định kỳ hằng năm báo cáo …"), are separate tasks; a
    clause that only says by when, or only qualifies, is not."""
    if clause.cut != "semicolon" or _QUALIFIER.match(key(clause.text)) or _only_when(clause, deadline):
        return False
    if deadline is not None and deadline.kind is DeadlineKind.RECURRING:
        return current.deadline is None or current.deadline.kind is not DeadlineKind.RECURRING
    return deadline is None and current.deadline is not None


def _only_when(clause: Clause, deadline: Deadline | None) -> bool:
    """A clause that only says by when ("hoàn thành trong tháng 4/2021", "xong trước ngày …")."""
    return deadline is not None and bool(_WHEN.match(key(clause.text)))


def _new_work(current: Assignment, clause: Clause) -> bool:
    """Cuts that begin new work whatever the subject: "đồng thời …", "nhất là …" with a new action,
    handing the work down, a report after other work."""
    if clause.cut == "report":
        return not _REPORTING.search(key(current.text))
    if clause.cut == "sentence" and _OPENING_ALSO.match(key(clause.text)):
        return True  # "…. Đồng thời, khẩn trương thông báo …": the next instruction
    return clause.cut in ("also", "hand-down", "chain")


def _report_deadline(groups: list[Assignment]) -> None:
    """ "Kiểm tra …, báo cáo kết quả chậm nhất ngày D": the work is due by the day its results are."""
    for before, after in itertools.pairwise(groups):
        first = after.clauses[0]
        if (
            first.cut == "report"
            and before.deadline is None
            and after.deadline is not None
            and after.deadline.has_day
            and _RESULTS.search(key(first.text))
        ):
            before.deadline = after.deadline
            before.deadline_from = "report"


def _context_deadline(
    groups: list[Assignment], item: Item, issued_on: dt.date | None, calendar: WorkCalendar
) -> None:
    """A deadline its lead-ins set ("2. … trong tháng 9 năm 2020:", "… các nhiệm vụ trong tháng 4
    năm 2020 …") is the deadline of every assignment under them that sets none."""
    for lead_in in reversed(item.context):
        deadline = find_deadline(lead_in, issued_on, calendar)
        if deadline is None or deadline.kind is not DeadlineKind.FIXED:
            continue
        if not deadline.has_day and not deadline.notes:
            continue
        for group in groups:
            if group.deadline is None:
                group.deadline = deadline
                group.deadline_from = "context"
        return


def _inherit(current: Assignment, inherited: Subject | None) -> tuple[Subject | None, Standing]:
    """What a split-off assignment keeps of the subject before it: a named body stays the subject
    ("UBND huyện chỉ đạo …, chỉ đạo các xã …"); "các cơ quan, đơn vị" yields to the field."""
    if current.standing in _NAMED:
        return current.subject, Standing.INHERITED_NAMED
    if current.standing in (Standing.OWN_UNSPECIFIED, Standing.INHERITED_UNSPECIFIED):
        return current.subject, Standing.INHERITED_UNSPECIFIED
    return inherited, _standing(inherited, False)


def _starts_new(
    current: Assignment, topic: Topic | None, deadline: Deadline | None, fan_out: AgencyKind | None
) -> bool:
    if deadline is not None and current.deadline is not None:
        return True  # two deadlines: two assignments
    if fan_out is not None and fan_out != current.fan_out:
        return True
    if current.standing in _NAMED:
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
