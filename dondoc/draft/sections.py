"""The sections of a document's body: where its tasking part opens and closes, what assesses,
what hands the text over, who receives it.

A formal text assesses, then assigns, then closes: "… thực hiện các nội dung như sau:" (or
"… yêu cầu Ban Chỉ huy …:", "QUYẾT ĐỊNH:", a heading "NHIỆM VỤ …", a heading that names a body)
opens a list of items, and "Nơi nhận:", the signature or "./." closes it. A report of a directive
in running prose has no such list: its assignments are the sentences that assign ("… yêu cầu X
…", "Giao X …", "X có trách nhiệm …"), wherever they stand. The first kind is read by its
structure (`structure`), the second by its cues (`prose`).
"""

from __future__ import annotations

import re

from dondoc.draft import language
from dondoc.draft.agencies import AgencyFinder
from dondoc.draft.blocks import Block, is_heading
from dondoc.draft.words import key

# the words of each section live in lang/sections.yaml
ASSIGNING = language.pattern("Assigning")
ASSESSING = language.pattern("Assessing")
TASK_HEADING = language.pattern("TaskHeading")
ASSESS_HEADING = language.pattern("AssessHeading")
DESCRIBE_HEADING = language.pattern("DescribeHeading")
RECIPIENTS = language.pattern("Recipients")
_LOOKING_BACK = language.pattern("LookingBack")
_ASKING = language.pattern("Asking")
_REPORTED = language.pattern("Reported")
_CLOSING = language.pattern("Closing")
_HANDOVER = language.pattern("Handover")
IF_DIFFICULTIES = language.pattern("IfDifficulties")
# the signature block: "TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", a title alone ("PHÓ CHỦ TỊCH"); not
# "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:", which opens a Công điện
_SIGNATURE = re.compile(
    r"^(?:TM\.|T/M|KT\.|K/T|TL\.|Q\.|TUQ\.)\s"
    r"|^(?:PHÓ\s+)?(?:BÍ THƯ|CHỦ TỊCH|THỦ TƯỚNG|GIÁM ĐỐC|TRƯỞNG BAN|CHÁNH VĂN PHÒNG)(?:\s+THƯỜNG TRỰC)?\.?$"
)


def is_intro(paragraph: Block) -> bool:
    text = key(paragraph.text)
    return (
        text.endswith(":")
        and bool(ASSIGNING.search(text))
        and not ASSESSING.search(text)
        and not RECIPIENTS.match(text)
    )


def is_assessment(text: str) -> bool:
    """An item that reports how things went, not what to do: it looks back and asks for nothing."""
    text_key = key(text)
    if not _LOOKING_BACK.match(text_key):
        return False
    return all(
        _REPORTED.search(text_key, max(0, m.start() - 20), m.start()) for m in _ASKING.finditer(text_key)
    )


def closing_at(body: list[Block]) -> int:
    """Where the text of the document ends: its closing formula, "Nơi nhận", the signature, "./."."""
    for index, paragraph in enumerate(body):
        if (
            _CLOSING.search(key(paragraph.text))
            or _SIGNATURE.match(paragraph.text)
            or _HANDOVER.search(key(paragraph.text))
            or IF_DIFFICULTIES.match(key(paragraph.text))
        ):
            return index
        if paragraph.text.endswith("./."):
            return index + 1
    return len(body)


def list_start(body: list[Block], finder: AgencyFinder) -> int | None:
    """The paragraph that opens the list of items: a lead-in that assigns, a task heading, or a
    lead-in naming the body its items are for ("Chủ tịch UBND các xã, thị trấn:")."""
    for index, paragraph in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else None
        if following is None:
            break
        text = key(paragraph.text)
        if is_intro(paragraph):
            return index
        if (is_heading(paragraph.text) or re.match(r"^[IVXLC]+\.$", paragraph.marker or "")) and (
            TASK_HEADING.search(text) and not ASSESS_HEADING.search(text)
        ):
            return index
        if (
            text.endswith(":")
            and following.marker is not None
            and not RECIPIENTS.match(text)
            and not ASSESSING.search(text)
            and any(finder.names_in(paragraph.text.rstrip(":")))
        ):
            return index
    numbered = next(
        (
            i
            for i, p in enumerate(body)
            if p.marker and re.match(r"^(?:\d{1,2}[.)]|Điều)", p.marker) and not _after_recipients(body, i)
        ),
        None,
    )
    return numbered


def _after_recipients(body: list[Block], index: int) -> bool:
    """Is this item in the list of recipients that follows "Kính gửi:" or "Điện:"?"""
    for back in range(index - 1, -1, -1):
        if body[back].marker is None:
            return bool(RECIPIENTS.match(key(body[back].text)))
    return False
