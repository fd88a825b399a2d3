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

# the decision itself, not work for someone ("Phê duyệt Đề án …"); what the text aims at
# ("Mục tiêu: tăng trưởng 8% …"); an item's fields ("Hạn nộp báo cáo: …")
_DECIDES = language.pattern("Deciding")
_AIM = language.pattern("Aim")
_TIME_DETAIL = language.pattern("TimeDetail")
_HOW_DETAIL = language.pattern("HowDetail")
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
    reader = _ListReader(finder, decision=decision)
    for index, block in enumerate(paragraphs):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        reader.read(block, following, first=index == 0)
    return reader.items


class _ListReader:
    """Reads the items in order, keeping what each sits under: the lead-in that opens the list, a
    heading's section, a bare body name, the lead-ins above it; and what is passed over: a
    section that only looks back or describes, the recipients, a decision's deciding article."""

    def __init__(self, finder: AgencyFinder, *, decision: bool):
        self.finder = finder
        self.decision = decision
        self.items: list[Item] = []
        self.root: _LeadIn | None = None
        self.stack: list[_LeadIn] = []
        self.section: _LeadIn | None = None  # a heading naming a body or a deadline for its section
        self.owner: _LeadIn | None = None  # "2. Phòng Kinh tế": the items under it are its work
        self.skipping = False  # inside "I. ĐÁNH GIÁ KẾT QUẢ", "I. MỤC ĐÍCH, YÊU CẦU"
        self.in_recipients = False
        self.decided: int | None = None  # the depth of the article that decides, in a decision
        self.assessing: int | None = None  # the depth of a numbered assessment heading

    def read(self, block: Block, following: Block | None, *, first: bool) -> None:
        depth = level(block.marker)
        text = LIST_MARKER.sub("", block.text).strip() if block.marker else block.text
        text_key = key(text)
        if self._passed_over(block, depth):
            return
        if depth == 0 or is_heading(block.text):
            self._heading(text, text_key)
            return
        if self._recipients(block, text_key):
            return
        # "(Đính kèm …)", and an article's bare label ("Điều 2.") whose items follow
        if self.skipping or re.match(r"^\(.*\)\.?$|^Điều\s*\d+\s*[.:]?$", text) or len(text.split()) < 2:
            return
        while self.stack and (
            self.stack[-1].level > depth or (self.stack[-1].level == depth and not self.stack[-1].flat)
        ):
            self.stack.pop()
        if self.decision and _DECIDES.match(text_key):
            self.decided = depth
            return
        if following is not None and self._opens_something(block, text, text_key, depth, following, first):
            return
        if _AIM.match(text_key) or is_assessment(text) or _HOW_DETAIL.match(text_key) or _question(text):
            return
        if _TIME_DETAIL.match(text_key):
            # "- Hạn nộp báo cáo: Trước ngày …" under an item: that item's deadline
            if self.items:
                self.items[-1] = replace(self.items[-1], context=(*self.items[-1].context, text))
            return
        self._item(text)

    def _passed_over(self, block: Block, depth: int) -> bool:
        if self.owner is not None and (
            depth == 0 or (block.marker is not None and depth <= self.owner.level)
        ):
            self.owner = None
        if self.decided is not None:
            if depth > self.decided:
                return True  # the members of the team an article sets up, the items a decision approves
            self.decided = None
        if self.assessing is not None:
            if block.marker is None or depth > self.assessing:
                return True  # under "1. Đánh giá chung": how things went
            self.assessing = None
        return False

    def _heading(self, text: str, text_key: str) -> None:
        self.stack, self.in_recipients = [], False
        self.skipping = not_tasking(text_key)
        self.section = None if self.skipping else _LeadIn(0, text, _heading_subject(text, self.finder))

    def _recipients(self, block: Block, text_key: str) -> bool:
        """ "Kính gửi:" and the names under it."""
        if RECIPIENTS.match(text_key):
            self.in_recipients = True
            return True
        if self.in_recipients and block.marker is not None:
            return True
        self.in_recipients = False
        return False

    def _opens_something(
        self, block: Block, text: str, text_key: str, depth: int, following: Block, first: bool
    ) -> bool:
        """A bare body name, a numbered assessment heading, or a lead-in: what the items under it
        sit under."""
        if subject := _name_heading(block, text, following, self.finder):
            self.owner, self.stack = _LeadIn(depth, text, subject), []
            return True
        if _AIM.match(text_key):
            return False  # "Mục tiêu: …" is passed over, not a lead-in
        assessment = ASSESS_HEADING.search(text_key) and not TASK_HEADING.search(text_key)
        if assessment and _bare_heading(block, text, following, below=True):
            self.assessing = depth
            return True
        if not (text.endswith(":") or _bare_heading(block, text, following)):
            return False
        lead_in = _LeadIn(depth, text.rstrip(":").strip(), _lead_in_subject(text, self.finder))
        if first and is_intro(block):
            self.root = lead_in
            return True
        # a lead-in at this level ends the items of an earlier one at the same level
        while self.stack and self.stack[-1].level >= depth:
            self.stack.pop()
        lead_in.flat = level(following.marker) <= depth
        self.stack.append(lead_in)
        return True

    def _item(self, text: str) -> None:
        lead_ins = [li for li in (self.root, self.section, self.owner) if li is not None] + self.stack
        inherited = next((li.subject for li in reversed(lead_ins) if li.subject is not None), None)
        self.items.append(Item(text, tuple(lead_in.text for lead_in in lead_ins), inherited))


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
