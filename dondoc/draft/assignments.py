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
from dataclasses import dataclass, field
from enum import IntEnum

from dondoc.draft import language
from dondoc.draft.agencies import AgencyFinder, Subject
from dondoc.draft.clauses import MODAL, OPENING_ALSO, SENTENCE_END, Clause, clauses
from dondoc.draft.deadlines import Deadline, DeadlineKind, find_deadline
from dondoc.draft.fields import Topic
from dondoc.draft.items import Item
from dondoc.draft.sections import IF_DIFFICULTIES
from dondoc.draft.words import capitalise, key
from dondoc.record.enums import AgencyKind
from dondoc.record.workcalendar import WorkCalendar

# the clause stage's words live in lang/clauses.yaml
_BASIS = language.pattern("Basis")
_RESULTS = language.pattern("Results")
_REPORTING = language.pattern("ReportingWork")
_WHEN = language.pattern("OnlyWhen")
_QUALIFIER = language.pattern("Qualifier")


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


def _standing(subject: Subject | None, own: bool) -> Standing:
    if subject is None or (subject.written is None and not subject.names):
        return Standing.NONE
    if subject.unspecified and not subject.names:
        return Standing.OWN_UNSPECIFIED if own else Standing.INHERITED_UNSPECIFIED
    return Standing.OWN_NAMED if own else Standing.INHERITED_NAMED


def split_item(
    item: Item,
    finder: AgencyFinder,
    issued_on: dt.date | None,
    calendar: WorkCalendar,
    year: int | None = None,
) -> list[Assignment]:
    """An item's assignments; `year` dates a day written without one when the issue date is not
    known (a news page's year)."""
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
        deadline = find_deadline(clause.text, issued_on, calendar, year=year)
        if deadline is not None and deadline.kind is DeadlineKind.TIMELY:
            deadline = None  # "kịp thời" describes the manner; it is noted on the task, not a split
        fan_out = finder.acting_fan_out(clause.text)
        current = groups[-1] if groups else None
        if deadline is None and clause.cut == "chain" and current is not None:
            deadline = _fronted_time(current)
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
    _context_deadline(groups, item, issued_on, calendar, year)
    _fan_outs(groups, item, finder)
    _mark_after_previous(groups)
    return groups


def _fan_outs(groups: list[Assignment], item: Item, finder: AgencyFinder) -> None:
    """Who each assignment fans out to: its own subject's bodies, else its context's."""
    # items under "Chủ tịch UBND các xã, thị trấn:" go to every commune
    context_fan_out, _ = finder.fan_out(" ".join(item.context[-1:]), named=True)
    for group in groups:
        # "UBND các xã, thị trấn thành lập …; kịp thời báo cáo …": each commune reports too
        written = group.subject.written if group.subject is not None else None
        group.fan_out = group.fan_out or (finder.fan_out(written, named=True)[0] if written else None)
        if group.standing not in (Standing.OWN_NAMED, Standing.OWN_UNSPECIFIED):
            group.fan_out = group.fan_out or context_fan_out
            group.lead_ins = item.context


def _mark_after_previous(groups: list[Assignment]) -> None:
    """An inherited assignment that fans out deeper than the one before waits for it."""
    depth = {None: 0, AgencyKind.XA: 1, AgencyKind.THON: 2}
    for before, after in itertools.pairwise(groups):
        after.after_previous = (
            depth[after.fan_out] > depth[before.fan_out] and after.standing is Standing.INHERITED_NAMED
        )


def _fronted_time(current: Assignment) -> Deadline | None:
    """ "Trong những tháng cuối năm, phường cần A, B, C": a time said before the chain's modal is
    the time of every action in the chain; one said after an action is that action's alone."""
    deadline = current.deadline
    if current.clauses[0].cut == "chain":
        return deadline  # the chain's time, passed along
    first = current.clauses[0].text
    modal = MODAL.search(key(first))
    if modal is None or deadline is None or not deadline.phrase:
        return None
    said_at = first.find(deadline.phrase)
    return deadline if 0 <= said_at < modal.start() else None


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
    if clause.cut == "sentence" and OPENING_ALSO.match(key(clause.text)):
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
    groups: list[Assignment],
    item: Item,
    issued_on: dt.date | None,
    calendar: WorkCalendar,
    year: int | None,
) -> None:
    """A deadline its lead-ins set ("2. … trong tháng 9 năm 2020:", "… các nhiệm vụ trong tháng 4
    năm 2020 …") is the deadline of every assignment under them that sets none."""
    for lead_in in reversed(item.context):
        # the sentence that opens the list, not what the paragraph said before it ("… hoàn thành
        # dự án trong năm 2029. Trong đó, có một số nội dung sau:")
        opening = SENTENCE_END.split(lead_in)[-1]
        deadline = find_deadline(opening, issued_on, calendar, year=year)
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
