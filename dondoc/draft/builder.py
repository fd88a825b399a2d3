"""A reviewable directive spec drafted from a document: header, tasks, and what to check.

The draft is a spec in the format of config/README.md. Everything guessed is said in a `review`
list (per task, and for the directive); a note about one field starts with that field's key
("lead: …", "due: …", "issued_on: …"), so the portal can show it beside the field. What the
document does not say stays empty: a missing number is "", a missing issue date and a lead the
registry does not know are null, and the loader refuses the spec until a person fills them in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dondoc.directives.registry import Registry
from dondoc.draft.agencies import AgencyFinder
from dondoc.draft.assignments import Resolved, split_item
from dondoc.draft.blocks import SourceItem
from dondoc.draft.deadlines import DeadlineKind
from dondoc.draft.header import parse_header
from dondoc.draft.paragraphs import blocks
from dondoc.draft.parties import resolve
from dondoc.draft.shapes import Context, Reading, read_shapes
from dondoc.draft.source_files import read_source
from dondoc.draft.webcopy import read_web_copy
from dondoc.draft.words import LOWER, key, keyed
from dondoc.record.text import strip_diacritics
from dondoc.record.workcalendar import WorkCalendar

_STOPWORDS = {
    "cac", "va", "cua", "ve", "cho", "de", "nhung", "mot", "so", "tai", "trong", "voi", "la", "theo",
    "nghi", "yeu", "cau", "tiep", "tuc", "giao", "dong", "chi", "thong", "nhat", "tot", "lai", "duoc",
}  # fmt: skip
_TIMELY = keyed(r"(?<!\w)kịp thời(?!\w)")
# ids are ASCII: every Vietnamese letter to its base letter, once
_ASCII = str.maketrans({letter: strip_diacritics(letter) for letter in LOWER if not letter.isascii()})
_WORDS = re.compile(r"\w+")
# a news report restates its lead in its body: a task whose words all recur in another is that one
_SAME_TASK = 0.8
# a text's sentence this alike (Dice over words) to a table row of the same body is its copy
_TABLE_COPY = 0.7


@dataclass
class DraftTask:
    id: str
    text: str
    lead: str | None  # a registry code; None when the body is not in the registry or nobody is named
    lead_text: str | None  # the words the document uses for it
    support: list[str]  # registry codes
    support_text: list[str]  # every supporting body as written
    due: str  # a due rule (config/README.md), "none" when there is none
    due_text: str | None  # the document's own timing phrase
    due_date: dt.date | None
    fan_out: dict[str, str] | None
    depends_on: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)


@dataclass
class Draft:
    number: str | None
    kind: str
    title: str
    issuer: str | None
    issued_on: dt.date | None
    source: str | None
    tasks: list[DraftTask]
    review: list[str] = field(default_factory=list)

    def as_spec(self) -> dict[str, Any]:
        """The draft as the mapping a directive spec file holds."""
        spec: dict[str, Any] = {
            "number": self.number or "",
            "kind": self.kind,
            "title": self.title,
            "issuer": self.issuer or "",
            "issued_on": self.issued_on,
        }
        if self.source:
            spec["source"] = self.source
        spec["review"] = list(self.review)
        spec["tasks"] = [_task_spec(task) for task in self.tasks]
        return spec

    def to_yaml(self) -> str:
        head = (
            "# Bản nháp do 'dondoc draft' tạo từ văn bản"
            + (f" {self.source}" if self.source else "")
            + ".\n# Đọc các mục 'review', sửa những chỗ chưa đúng, rồi nạp bằng 'dondoc load'.\n"
        )
        body = yaml.safe_dump(self.as_spec(), allow_unicode=True, sort_keys=False, width=100)
        if not self.number:
            body = body.replace("number: ''\n", "number: ''  # ĐIỀN SỐ HIỆU: văn bản không ghi số\n", 1)
        if self.issued_on is None:
            body = body.replace(
                "issued_on: null\n", "issued_on: null  # ĐIỀN NGÀY BAN HÀNH (YYYY-MM-DD)\n", 1
            )
        return head + body

    def as_json(self) -> dict[str, Any]:
        return {
            "directive": {
                "number": self.number,
                "kind": self.kind,
                "title": self.title,
                "issuer": self.issuer,
                "issued_on": self.issued_on.isoformat() if self.issued_on else None,
                "review": list(self.review),
            },
            "tasks": [
                {
                    **_task_spec(task),
                    "due_date": task.due_date.isoformat() if task.due_date else None,
                    "due_phrase": task.due_text,
                }
                for task in self.tasks
            ],
        }


def _task_spec(task: DraftTask) -> dict[str, Any]:
    return {
        "id": task.id,
        "text": task.text,
        "lead": task.lead,
        "lead_text": task.lead_text,
        "support": list(task.support),
        "support_text": list(task.support_text),
        "due": task.due,
        "due_text": task.due_text,
        "fan_out": dict(task.fan_out) if task.fan_out else None,
        "depends_on": list(task.depends_on),
        "review": list(task.review),
    }


def draft_file(
    path: Path, registry: Registry, calendar: WorkCalendar | None = None, source: str | None = None
) -> Draft:
    """Read a .txt, .docx or .pdf directive and draft its spec."""
    return draft_source(read_source(path), registry, calendar, source=source or str(path))


def draft_lines(
    lines: list[str], registry: Registry, calendar: WorkCalendar | None = None, source: str | None = None
) -> Draft:
    """Draft from text as pasted or typed: a web page's copy is read for its structure too."""
    return draft_source(read_web_copy(lines), registry, calendar, source=source)


def draft_source(
    items: list[SourceItem],
    registry: Registry,
    calendar: WorkCalendar | None = None,
    source: str | None = None,
) -> Draft:
    calendar = calendar or WorkCalendar()
    finder = AgencyFinder(registry)
    parts = blocks(items)
    header = parse_header(parts, finder)
    # only the district's own documents speak of its bodies by collective names and fields
    finder.own = header.issuer is not None
    review = list(header.review)
    issued_on = header.issued_on
    context = Context(finder, issued_on, calendar, header.decision, header.year)
    readings = read_shapes(parts[header.body_start :], context)
    if not any(reading.found_intro for reading in readings):
        review.append(
            "tasks: không thấy câu mở đầu phần giao nhiệm vụ ('… như sau:'): các nhiệm vụ được tìm theo "
            "các câu giao việc; kiểm tra đủ và đúng"
        )
    tasks = _tasks(readings, context)
    if not tasks:
        review.append("tasks: không tìm thấy nhiệm vụ nào: cần nhập tay")
    issuer = header.issuer.code if header.issuer else header.issuer_written
    return Draft(header.number, header.kind.value, header.title, issuer, issued_on, source, tasks, review)


def _tasks(readings: list[Reading], context: Context) -> list[DraftTask]:
    """The draft's tasks from every shape's reading, in the document's order."""
    ids: set[str] = set()
    tasks: list[DraftTask] = []
    prose: list[bool] = []
    from_table: list[bool] = []
    tabled = any(reading.table for reading in readings)
    for reading in readings:
        for entry, from_prose in _resolved(reading, context):
            if tabled and not reading.table and entry.lead is None and not entry.lead_text:
                # a plan that assigns its work in a table describes it in its text: what the
                # text asks of nobody is the table's business
                continue
            task = _task(entry, context.finder, ids)
            if entry.after_previous and tasks:
                task.depends_on = [tasks[-1].id]
                task.review.append(
                    f"depends_on: làm sau nhiệm vụ '{tasks[-1].id}' (theo thứ tự trong văn bản): kiểm tra"
                )
            tasks.append(task)
            prose.append(from_prose)
            from_table.append(reading.table)
    kept = _without_table_copies(tasks, from_table)
    return _without_restatements([tasks[i] for i in kept], [prose[i] for i in kept])


def _without_table_copies(tasks: list[DraftTask], from_table: list[bool]) -> list[int]:
    """A plan restates rows of its task table in its text, for the same body: the row, which
    carries its deadline in its own cell, is the task; the text's copy is left out."""
    words = [_words(task.text) for task in tasks]
    rows = [j for j, tabled in enumerate(from_table) if tabled]
    kept = []
    for i, task in enumerate(tasks):
        copy = not from_table[i] and any(
            _same_body(task, tasks[j]) and _covered(words[i], words[j]) >= _TABLE_COPY for j in rows
        )
        if not copy:
            kept.append(i)
    return kept


def _same_body(a: DraftTask, b: DraftTask) -> bool:
    if a.lead is not None and a.lead == b.lead:
        return True
    return bool(a.lead_text and b.lead_text and key(a.lead_text).strip() == key(b.lead_text).strip())


def _covered(copy: set[str], row: set[str]) -> float:
    """How alike the text's sentence and the row are (Dice over their words)."""
    return 2 * len(copy & row) / (len(copy) + len(row)) if copy and row else 0.0


def _resolved(reading: Reading, context: Context) -> Iterator[tuple[Resolved, bool]]:
    """Each assignment a reading gives, resolved, and whether it came from running prose (where
    a restatement of an earlier sentence is dropped)."""
    for entry in reading.entries:
        if isinstance(entry, Resolved):
            yield entry, False
            continue
        for assignment in split_item(
            entry, context.finder, context.issued_on, context.calendar, context.year
        ):
            yield resolve(assignment, context.finder), entry.prose or not reading.found_intro


def _task(entry: Resolved, finder: AgencyFinder, ids: set[str]) -> DraftTask:
    review = list(entry.review)
    deadline = entry.deadline
    timely = bool(_TIMELY.search(key(entry.text)))
    if deadline is not None:
        review += deadline.notes
        if entry.deadline_from == "context":
            review.append(
                f"due: văn bản không nêu hạn riêng: lấy hạn chung '{deadline.phrase}' nêu ở phần trên"
            )
        elif entry.deadline_from == "report":
            review.append(f"due: lấy theo hạn báo cáo kết quả '{deadline.phrase}' của nhiệm vụ sau")
    elif timely:
        review.append("due: văn bản yêu cầu 'kịp thời' nhưng không nêu ngày: cần xác định hạn")
    else:
        review.append("due: văn bản không nêu hạn: đặt hạn, hoặc chọn 'Không thời hạn' nếu việc không có hạn")
    if timely and deadline is not None and deadline.kind is DeadlineKind.FIXED and deadline.has_day:
        review.append("due: văn bản yêu cầu 'kịp thời': theo dõi sát, không chờ đến hạn")
    fan_out = None
    if entry.fan_out is not None and finder.root is not None:
        fan_out = {"parent": finder.root.code, "kind": entry.fan_out.value}
    return DraftTask(
        id=_unique_id(entry.text, ids),
        text=entry.text,
        lead=entry.lead,
        lead_text=entry.lead_text,
        support=entry.support,
        support_text=entry.support_text,
        due=deadline.due if deadline else "none",
        due_text=deadline.phrase if deadline else None,
        due_date=deadline.day if deadline else None,
        fan_out=fan_out,
        review=review,
    )


def _words(text: str) -> set[str]:
    return set(_WORDS.findall(key(text)))


def _without_restatements(tasks: list[DraftTask], prose: list[bool]) -> list[DraftTask]:
    """A report states its lead, then the instruction in full: keep the fuller one. Lists are the
    document's own items and are kept as they are, repeats and all."""
    words = [_words(task.text) for task in tasks]
    dropped: set[int] = set()
    for i, task in enumerate(tasks):
        if not prose[i]:
            continue
        for j in range(len(tasks)):
            if i == j or j in dropped or not prose[j] or not words[i]:
                continue
            shared = len(words[i] & words[j]) / len(words[i])
            fuller = len(words[j]) > len(words[i]) or (len(words[j]) == len(words[i]) and j < i)
            if shared >= _SAME_TASK and fuller and (tasks[j].lead_text or not task.lead_text):
                dropped.add(i)
                break
    return [task for i, task in enumerate(tasks) if i not in dropped]


def _unique_id(text: str, taken: set[str]) -> str:
    """A slug of the task's first meaningful words, without diacritics, unique in the directive."""
    words = re.findall(r"[a-z0-9]+", text.lower().translate(_ASCII))
    meaningful = [w for w in words if w not in _STOPWORDS] or words or ["nhiem-vu"]
    base = "-".join(meaningful[:6])[:60].strip("-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate
