"""The tasking part of a document and its items.

A conclusion first assesses ("Trong tháng 3 năm 2020 … đạt được nhiều kết quả", "vẫn còn một số
khó khăn, hạn chế … như sau:"), then assigns ("… đề nghị các cơ quan … thực hiện các nội dung
như sau:"), then closes ("Trân trọng thông báo …", "Nơi nhận:"). Only the middle holds tasks.
Items are numbered ("1.", "1.1."), lettered ("a)"), bulleted ("-", "+") or plain paragraphs; an
item that ends with ":" and has items under it ("2. Bộ Y tế:") is their context, not a task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.draft.agencies import key, keyed
from dondoc.draft.paragraphs import LIST_MARKER, Paragraph, is_heading

# "… như sau:", "Thủ tướng Chính phủ yêu cầu:", "Chủ tịch UBND huyện điện:" (a Công điện)
_ASSIGNING = keyed(r"(?<!\w)(?:đề nghị|yêu cầu|giao|chỉ thị|kết luận|chỉ đạo)(?!\w)|(?<!\w)điện:$")
_ASSESSING = keyed(r"(?<!\w)(?:khó khăn|hạn chế|tồn tại|yếu kém|kết quả đạt được)(?!\w)")
_TASK_HEADING = keyed(r"(?<!\w)(?:nhiệm vụ|giải pháp|tổ chức thực hiện|kết luận|phương hướng)(?!\w)")
_ASSESS_HEADING = keyed(r"(?<!\w)(?:đánh giá|kết quả|tình hình|khó khăn)(?!\w)")
_CLOSING = re.compile(r"^(?:trân trọng|trên đây là|nhận được (?:công văn|văn bản)|nơi nhận)", re.I)
_SIGNATURE = re.compile(
    r"^(?:TM\.|T/M|KT\.|K/T|TL\.|Q\.|TUQ\.)\s|^(?:BÍ THƯ|PHÓ BÍ THƯ|CHỦ TỊCH|PHÓ CHỦ TỊCH|THỦ TƯỚNG)\b"
)


@dataclass(frozen=True)
class Item:
    text: str  # without its list marker
    level: int  # 0 section heading, 1 numbered or plain paragraph, 2 "1.1."/"a)", 3 bullet
    context: tuple[str, ...]  # the lead-ins of the items it sits under, outermost first


@dataclass(frozen=True)
class TaskingPart:
    intro: str | None  # "… thực hiện các nội dung như sau:" (it may set a deadline for all)
    items: list[Item]
    found_intro: bool


def _level(marker: str | None) -> int:
    if marker is None:
        return 1
    if re.match(r"^[IVXLC]+\.$", marker):
        return 0
    if re.match(r"^\d+\.\d+", marker) or re.match(r"^[a-zđ]\)$", marker):
        return 2
    if re.match(r"^\d", marker):
        return 1
    return 3


def _is_intro(paragraph: Paragraph) -> bool:
    text = key(paragraph.text)
    return (
        paragraph.marker is None
        and text.endswith(":")
        and bool(_ASSIGNING.search(text))
        and not _ASSESSING.search(text)
    )


def tasking_part(paragraphs: list[Paragraph], body_start: int) -> TaskingPart:
    body = paragraphs[body_start:]
    end = next(
        (i for i, p in enumerate(body) if _CLOSING.match(p.text) or _SIGNATURE.match(p.text)), len(body)
    )
    body = body[:end]
    for i, paragraph in enumerate(body):
        if paragraph.text.endswith("./."):
            body = body[: i + 1]  # "./." closes a Vietnamese administrative text
            break
    intro_at = next((i for i, p in enumerate(body) if _is_intro(p)), None)
    if intro_at is not None:
        return TaskingPart(body[intro_at].text, _items(body[intro_at + 1 :]), True)
    heading_at = next(
        (
            i
            for i, p in enumerate(body)
            if (is_heading(p.text) or _level(p.marker) == 0) and _TASK_HEADING.search(key(p.text))
        ),
        None,
    )
    if heading_at is not None:
        return TaskingPart(body[heading_at].text, _items(body[heading_at + 1 :]), True)
    numbered = next((i for i, p in enumerate(body) if p.marker and _level(p.marker) <= 1), None)
    start = numbered if numbered is not None else 0
    return TaskingPart(None, _items(body[start:]), False)


def _items(paragraphs: list[Paragraph]) -> list[Item]:
    items: list[Item] = []
    stack: list[tuple[int, str]] = []  # open contexts: (level, lead-in)
    skipping = False  # inside an assessment section ("I. ĐÁNH GIÁ KẾT QUẢ")
    for index, paragraph in enumerate(paragraphs):
        level = _level(paragraph.marker)
        text = paragraph.text[len(paragraph.marker) :].strip() if paragraph.marker else paragraph.text
        text = LIST_MARKER.sub("", text) if paragraph.marker else text
        if level == 0 or is_heading(paragraph.text):
            stack = []
            skipping = bool(_ASSESS_HEADING.search(key(text))) and not _TASK_HEADING.search(key(text))
            continue
        if skipping or re.match(r"^\(.*\)\.?$", text):
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if text.endswith(":") and following is not None and _level(following.marker) > level:
            stack.append((level, text.rstrip(":").strip()))
            continue
        items.append(Item(text, level, tuple(lead for _, lead in stack)))
    return items
