"""The items of a list-shaped tasking part, each with the lead-ins it sits under.

Items are articles ("Điều 2."), numbered ("1.", "1.1.", "(1)"), lettered ("a)", "a."), bulleted
("-", "+", "•") or plain paragraphs, nested to any depth in the usual order. An item that ends
with ":" is a lead-in, not a task: "1. Các Bộ, cơ quan ngang Bộ:", "2. Ủy ban nhân dân các tỉnh,
trong tháng 9 năm 2020:", "- Báo cáo trong dịp nghỉ Lễ:". What it names (a body, a deadline)
belongs to every item under it: the deeper ones, or, when the next item is at its own level,
those that follow until a shallower one or another lead-in. A heading that names a body or a
deadline does the same for the items of its section. Recipients ("Kính gửi:", "Điện:" and the
names under them), assessment sections and, in a decision, the articles that approve or issue
("Điều 1. Phê duyệt …") are not tasks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dondoc.draft import language
from dondoc.draft.agencies import AgencyFinder, Subject
from dondoc.draft.blocks import LIST_MARKER, Block, is_heading
from dondoc.draft.body_words import BODY_WORDS
from dondoc.draft.items import Item
from dondoc.draft.sections import (
    ASSESS_HEADING,
    DESCRIBE_HEADING,
    RECIPIENTS,
    TASK_HEADING,
    closing_at,
    is_assessment,
    is_intro,
    list_start,
)
from dondoc.draft.shapes.base import Context, Reading
from dondoc.draft.words import find_verb, key, keyed

# the decision itself, not work for someone: "Phê duyệt Đề án …", "Ban hành kèm theo Quyết định này …"
_DECIDES = keyed(
    r"^(?:phê ?duyệt|ban hành kèm theo|ban hành|công nhận|bãi bỏ|thay thế|quyết định này|thành lập|"
    r"kiện toàn|giải thể|công bố|"
    r"chỉ thị này|điều chỉnh|sửa đổi|bổ sung)(?!\w)"
)
# "1. Mục tiêu: tăng trưởng 8% …", "Chỉ tiêu: …": what the text aims at, not work for a body
_TIME_DETAIL = language.pattern("TimeDetail")
_HOW_DETAIL = language.pattern("HowDetail")
_AIM = keyed(r"^(?:mục tiêu|mục đích|chỉ tiêu|yêu cầu|quan điểm)(?:\s[^:]{0,40})?:")
_FIELD_ONLY = keyed(r"^(?:về|lĩnh vực)\s")
# how deep each kind of marker sits, in the order Vietnamese documents nest them
_DEPTHS = (
    (re.compile(r"^[IVXLC]+\.$"), 0),
    (re.compile(r"^Điều"), 2),
    (re.compile(r"^\d{1,2}[.)]$"), 3),
    (re.compile(r"^\d{1,2}(?:\.\d{1,2})+[.)]?$"), 4),
    (re.compile(r"^\(\d{1,2}\)$"), 5),
    (re.compile(r"^[a-zđ][).]$"), 6),
    (re.compile(r"^[-–—]$"), 7),
    (re.compile(r"^\+$"), 8),
)
_BULLET_DEPTH = 9


def level(marker: str | None) -> int:
    """0 a roman-numbered section, 1 a plain paragraph, then deeper for each kind of marker."""
    if marker is None:
        return 1
    for pattern, depth in _DEPTHS:
        if pattern.match(marker):
            return depth
    return _BULLET_DEPTH


@dataclass
class _LeadIn:
    level: int
    text: str
    subject: Subject | None
    # its items are at its own level (the next item was not deeper)
    flat: bool = False


def structured_items(paragraphs: list[Block], finder: AgencyFinder, *, decision: bool) -> list[Item]:
    items: list[Item] = []
    # the lead-in that opens the list ("… thực hiện các nội dung như sau:") covers all of it
    root: _LeadIn | None = None
    stack: list[_LeadIn] = []
    section: _LeadIn | None = None  # a heading naming a body or a deadline for its section
    skipping = False  # inside an assessment section ("I. ĐÁNH GIÁ KẾT QUẢ")
    in_recipients = False
    # an item that is only a body's name ("2. Phòng Kinh tế"): the paragraphs under it are its work
    owner: _LeadIn | None = None
    decided: int | None = None  # the depth of the article that decides, in a decision
    assessing: int | None = None  # the depth of a numbered assessment heading
    for index, paragraph in enumerate(paragraphs):
        depth = level(paragraph.marker)
        if owner is not None and (depth == 0 or (paragraph.marker is not None and depth <= owner.level)):
            owner = None
        text = LIST_MARKER.sub("", paragraph.text).strip() if paragraph.marker else paragraph.text
        text_key = key(text)
        if decided is not None:
            if depth > decided:
                continue  # the members of the team an article sets up, the items a decision approves
            decided = None
        if assessing is not None:
            if paragraph.marker is None or depth > assessing:
                continue  # under "1. Đánh giá chung": how things went
            assessing = None
        if depth == 0 or is_heading(paragraph.text):
            stack, in_recipients = [], False
            skipping = not_tasking(text_key)
            section = None if skipping else _LeadIn(0, text, _heading_subject(text, finder))
            continue
        if RECIPIENTS.match(text_key):
            in_recipients = True
            continue
        if in_recipients and paragraph.marker is not None:
            continue
        in_recipients = False
        # "(Đính kèm …)", and an article's bare label ("Điều 2.") whose items follow
        if skipping or re.match(r"^\(.*\)\.?$|^Điều\s*\d+\s*[.:]?$", text) or len(text.split()) < 2:
            continue
        while stack and (stack[-1].level > depth or (stack[-1].level == depth and not stack[-1].flat)):
            stack.pop()
        if decision and _DECIDES.match(text_key):
            decided = depth
            continue
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if following is not None and (subject := _name_heading(paragraph, text, following, finder)):
            owner, stack = _LeadIn(depth, text, subject), []
            continue
        if _AIM.match(text_key):
            continue
        assessment = ASSESS_HEADING.search(text_key) and not TASK_HEADING.search(text_key)
        if assessment and following is not None and _bare_heading(paragraph, text, following, below=True):
            assessing = depth
            continue
        if following is not None and (text.endswith(":") or _bare_heading(paragraph, text, following)):
            lead_in = _LeadIn(depth, text.rstrip(":").strip(), _lead_in_subject(text, finder))
            if index == 0 and is_intro(paragraph):
                root = lead_in
                continue
            # a lead-in at this level ends the items of an earlier one at the same level
            while stack and stack[-1].level >= depth:
                stack.pop()
            lead_in.flat = level(following.marker) <= depth
            stack.append(lead_in)
            continue
        if is_assessment(text) or _HOW_DETAIL.match(text_key) or _question(text):
            continue
        if _TIME_DETAIL.match(text_key):
            # "- Hạn nộp báo cáo: Trước ngày …" under an item: that item's deadline
            if items:
                items[-1] = replace(items[-1], context=(*items[-1].context, text))
            continue
        lead_ins = [li for li in (root, section, owner) if li is not None] + stack
        items.append(
            Item(
                text,
                tuple(lead_in.text for lead_in in lead_ins),
                next((li.subject for li in reversed(lead_ins) if li.subject is not None), None),
            )
        )
    return items


def _question(text: str) -> bool:
    """A headline asked as a question ("… ra sao?"), a photo's caption after it: no instruction."""
    return bool(re.search(r"\?\s*(?:\([^()]{0,60}\))?\W*$", text))


def not_tasking(heading_key: str) -> bool:
    """A section that looks back ("I. ĐÁNH GIÁ KẾT QUẢ") or describes the plan ("I. MỤC ĐÍCH, YÊU
    CẦU", "IV. KINH PHÍ") and does not also assign ("II. MỤC TIÊU, NHIỆM VỤ")."""
    looks_back = ASSESS_HEADING.search(heading_key) or DESCRIBE_HEADING.match(heading_key)
    return bool(looks_back) and not TASK_HEADING.search(heading_key)


def _bare_heading(paragraph: Block, text: str, following: Block, *, below: bool = False) -> bool:
    """A numbered item of a few words with no verb and the items under it: a heading written
    without its colon ("2. Nhiệm vụ, giải pháp" then "- …"); `below`: or a plain paragraph under
    it, and the heading may be a verb ("1. Đánh giá chung" then its text)."""
    if paragraph.marker is None or text.endswith((".", ";", "./.")) or len(text.split()) > 8:
        return False
    under = following.marker is None if below else False
    if not under and (following.marker is None or level(following.marker) <= level(paragraph.marker)):
        return False
    return below or find_verb(text, key(text), 0) is None


def _name_heading(paragraph: Block, text: str, following: Block, finder: AgencyFinder) -> Subject | None:
    """A numbered or lettered item that is a body's name and nothing else, with its work under it
    ("1. Văn phòng HĐND và UBND xã" then "- Xây dựng …"): the body of the items that follow."""
    depth = level(paragraph.marker)
    if paragraph.marker is None or depth < 2 or text.endswith((".", ";", ":", "./.")):
        return None
    if following.marker is not None and level(following.marker) <= depth:
        return None
    text_key = key(text)
    if len(text.split()) > 14 or not BODY_WORDS.match(text_key) or find_verb(text, text_key, 0) is not None:
        return None
    return _heading_subject(text, finder)


def _lead_in_subject(text: str, finder: AgencyFinder) -> Subject | None:
    """Whom a lead-in addresses: "… yêu cầu Ban Chỉ huy …:", "2. Bộ Y tế:", "Giao UBND huyện:"."""
    text = text.rstrip(": ")
    subject = finder.subject(text, anywhere=True)
    if subject is not None and subject.written and not subject.narrative:
        return subject
    if subject is not None and subject.cue:
        return None
    return _heading_subject(text, finder)


def _heading_subject(text: str, finder: AgencyFinder) -> Subject | None:
    """A heading or a lead-in that is a body's name ("Ủy ban nhân dân các tỉnh, trong tháng 9:")."""
    name = re.split(r"\s*,\s*(?=(?:trong|trước|chậm nhất|đến|từ)\s)", text.rstrip(": "), maxsplit=1)[0]
    if _FIELD_ONLY.match(key(name)) or len(name.split()) > 25:
        return None
    names, unspecified = finder.names_in(name)
    if not names and not unspecified:
        return None
    # a heading in capitals is written the way the reviewer reads it back: in sentence case
    written = name[:1] + name[1:].lower() if is_heading(name) else name
    return Subject(names, written, unspecified and not names, len(text))


class Listed:
    """Numbered items and headings under a lead-in that opens the tasking part ("… như sau:", a
    heading "NHIỆM VỤ …", "QUYẾT ĐỊNH:"): claims the body when it finds that opening."""

    name = "list"

    def read(self, blocks: Sequence[Block], open_: Sequence[int], context: Context) -> Reading | None:
        body = [blocks[i] for i in open_]
        body = body[: closing_at(body)]
        start = list_start(body, context.finder)
        if start is None:
            return None
        return Reading(
            self.name,
            set(open_),
            list(structured_items(body[start:], context.finder, decision=context.decision)),
        )
