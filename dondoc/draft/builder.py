"""A reviewable directive spec drafted from a document: header, tasks, and what to check.

The draft is a spec in the format of config/README.md. Everything guessed is said in a `review`
list (per task, and for the directive), so a coordinator reads the notes, fixes what is wrong,
and loads it. A missing number is left empty: the loader refuses the spec until it is filled.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dondoc.directives.registry import Registry
from dondoc.draft.agencies import AgencyFinder, key, keyed
from dondoc.draft.assignments import Resolved, resolve, split_item
from dondoc.draft.deadlines import Deadline, DeadlineKind, find_deadline
from dondoc.draft.header import parse_header
from dondoc.draft.paragraphs import paragraphs
from dondoc.draft.reading import read_lines
from dondoc.draft.tasking import tasking_part
from dondoc.record import clock
from dondoc.record.text import strip_diacritics
from dondoc.record.workcalendar import WorkCalendar

_STOPWORDS = {
    "cac", "va", "cua", "ve", "cho", "de", "nhung", "mot", "so", "tai", "trong", "voi", "la", "theo",
    "nghi", "yeu", "cau", "tiep", "tuc", "giao", "dong", "chi", "thong", "nhat", "tot", "lai", "duoc",
}  # fmt: skip
_TIMELY = keyed(r"(?<!\w)kịp thời(?!\w)")


@dataclass
class DraftTask:
    id: str
    text: str
    lead: str | None
    support: list[str]
    due: str
    due_text: str | None
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
    issued_on: dt.date
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
        if self.review:
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
        return head + body

    def as_json(self) -> dict[str, Any]:
        return {
            "directive": {
                "number": self.number,
                "kind": self.kind,
                "title": self.title,
                "issuer": self.issuer,
                "issued_on": self.issued_on.isoformat(),
            },
            "tasks": [
                {
                    "text": task.text,
                    "lead": task.lead,
                    "support": task.support,
                    "due_date": task.due_date.isoformat() if task.due_date else None,
                    "due_phrase": task.due_text,
                    "fan_out": task.fan_out,
                    "review": task.review,
                }
                for task in self.tasks
            ],
        }


def _task_spec(task: DraftTask) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": task.id, "text": task.text, "lead": task.lead or ""}
    if task.support:
        entry["support"] = task.support
    entry["due"] = task.due
    if task.due_text:
        entry["due_text"] = task.due_text
    if task.depends_on:
        entry["depends_on"] = task.depends_on
    if task.fan_out:
        entry["fan_out"] = task.fan_out
    entry["review"] = task.review
    return entry


def draft_file(
    path: Path, registry: Registry, calendar: WorkCalendar | None = None, source: str | None = None
) -> Draft:
    """Read a .txt, .docx or .pdf directive and draft its spec."""
    return draft_lines(read_lines(path), registry, calendar, source=source or str(path))


def draft_lines(
    lines: list[str], registry: Registry, calendar: WorkCalendar | None = None, source: str | None = None
) -> Draft:
    calendar = calendar or WorkCalendar()
    finder = AgencyFinder(registry)
    parts = paragraphs(lines)
    header = parse_header(parts, registry)
    review = list(header.review)
    issued_on = header.issued_on or clock.local_today()
    tasking = tasking_part(parts, header.body_start)
    if not tasking.found_intro:
        review.append(
            "không thấy câu mở đầu phần giao nhiệm vụ ('… như sau:'): kiểm tra đủ và đúng các nhiệm vụ"
        )
    common = _common_deadline(tasking.intro, issued_on, calendar)
    resolved: list[Resolved] = [
        resolve(assignment, finder)
        for item in tasking.items
        for assignment in split_item(item, finder, issued_on, calendar)
    ]
    if not resolved:
        review.append("không tìm thấy nhiệm vụ nào: cần nhập tay")
    ids: set[str] = set()
    tasks: list[DraftTask] = []
    for entry in resolved:
        task = _task(entry, common, finder, ids)
        if entry.after_previous and tasks:
            task.depends_on = [tasks[-1].id]
            task.review.append(
                f"làm sau nhiệm vụ '{tasks[-1].id}' (theo thứ tự trong văn bản): kiểm tra 'depends_on'"
            )
        tasks.append(task)
    issuer = header.issuer.code if header.issuer else header.issuer_written
    return Draft(header.number, header.kind.value, header.title, issuer, issued_on, source, tasks, review)


def _common_deadline(intro: str | None, issued_on: dt.date, calendar: WorkCalendar) -> Deadline | None:
    """A deadline the tasking part's opening sets for every item ("… các nhiệm vụ trong tháng 4 năm 2020")."""
    if intro is None:
        return None
    deadline = find_deadline(intro, issued_on, calendar)
    return deadline if deadline is not None and deadline.has_day else None


def _task(item: Resolved, common: Deadline | None, finder: AgencyFinder, ids: set[str]) -> DraftTask:
    review = list(item.review)
    deadline = item.deadline
    timely = bool(_TIMELY.search(key(item.text)))
    if deadline is not None:
        review += deadline.notes
    elif common is not None:
        deadline = common
        review.append(f"văn bản không nêu hạn riêng: lấy hạn chung '{common.phrase}' của phần giao nhiệm vụ")
    elif timely:
        review.append("văn bản yêu cầu 'kịp thời' nhưng không nêu ngày: cần xác định hạn")
    else:
        review.append("văn bản không nêu hạn: cần đặt hạn hoặc để 'none'")
    if timely and deadline is not None and deadline.kind is DeadlineKind.FIXED:
        review.append("văn bản yêu cầu 'kịp thời': theo dõi sát, không chờ đến hạn")
    fan_out = None
    if item.fan_out is not None and finder.root is not None:
        fan_out = {"parent": finder.root.code, "kind": item.fan_out.value}
    return DraftTask(
        id=_unique_id(item.text, ids),
        text=item.text,
        lead=item.lead.value if item.lead else None,
        support=[name.value for name in item.support],
        due=deadline.due if deadline else "none",
        due_text=deadline.phrase if deadline else None,
        due_date=deadline.day if deadline else None,
        fan_out=fan_out,
        review=review,
    )


def _unique_id(text: str, taken: set[str]) -> str:
    """A slug of the task's first meaningful words, without diacritics, unique in the directive."""
    words = re.findall(r"[a-z0-9]+", strip_diacritics(text).lower())
    meaningful = [w for w in words if w not in _STOPWORDS] or words or ["nhiem-vu"]
    base = "-".join(meaningful[:6])[:60].strip("-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate
