"""The tasking part of a document and its items.

A formal text assesses, then assigns, then closes: "… thực hiện các nội dung như sau:" (or
"… yêu cầu Ban Chỉ huy …:", "QUYẾT ĐỊNH:", a heading "NHIỆM VỤ …", a heading that names a body)
opens a list of items, and "Nơi nhận:", the signature or "./." closes it. A report of a directive
in running prose has no such list: its assignments are the sentences that assign ("… yêu cầu X
…", "Giao X …", "X có trách nhiệm …"), wherever they stand. The first kind is read by its
structure (`structure`), the second by its cues (`prose`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.draft.agencies import AgencyFinder, Subject
from dondoc.draft.blocks import Block, is_heading
from dondoc.draft.words import key, keyed

# "… như sau:", "Thủ tướng Chính phủ yêu cầu:", "QUYẾT ĐỊNH:", "… có ý kiến như sau:"
ASSIGNING = keyed(
    r"(?<!\w)(?:đề nghị|yêu cầu|giao|chỉ thị|kết luận|chỉ đạo|quyết định|ý kiến|phân công)(?!\w)"
)
ASSESSING = keyed(r"(?<!\w)(?:khó khăn|hạn chế|tồn tại|yếu kém|kết quả đạt được)(?!\w)")
TASK_HEADING = keyed(r"(?<!\w)(?:nhiệm vụ|giải pháp|tổ chức thực hiện|kết luận|phương hướng)(?!\w)")
ASSESS_HEADING = keyed(r"(?<!\w)(?:đánh giá|kết quả|tình hình|khó khăn)(?!\w)")
# a paragraph that looks back: "Thời gian qua, …", "Nhìn chung, …", "Năm 2025, …đã …", "Tuy nhiên, …"
_LOOKING_BACK = keyed(
    r"^(?:(?:trong |thời gian |những năm |năm |tháng |quý |\d+ tháng |tuần )(?:vừa )?qua|nhìn chung|"
    r"tuy nhiên|bên cạnh (?:những )?(?:kết quả|mặt) đạt được|qua (?:\S+ )?(?:năm|tháng|kiểm tra|theo dõi))(?!\w)"
)
# what asks for work; after "đã", "được", "chưa", "còn" it is reported ("đã tăng cường", "chưa chủ động")
_ASKING = keyed(
    r"(?<!\w)(?:cần|phải|yêu cầu|đề nghị|(?<!bàn\s)giao(?!\s+(?:thông|dịch|lưu|nhận|thương|tiếp))|khẩn trương|tập trung|đẩy mạnh|đẩy nhanh|tăng cường|"
    r"chỉ đạo|tiếp tục|chủ trì|hoàn thành|báo cáo|trước ngày|chậm nhất|sớm|kịp thời)(?!\w)"
)
_REPORTED = keyed(r"(?<!\w)(?:đã|được|chưa|còn|đang|vẫn|có|đáp ứng)\s*(?:\S+\s+){0,2}$")
# "Kính gửi:", "Điện:", "Chủ tịch UBND huyện điện:": the names that follow are the recipients
RECIPIENTS = keyed(r"^(?:(?:đồng )?kính gửi|.{0,80}(?<!\w)điện|nơi nhận)\s*:?$")
# "Trân trọng …", "Nơi nhận:", "… chịu trách nhiệm thi hành Quyết định này", "… yêu cầu các cơ quan
# nghiêm túc thực hiện Chỉ thị này./." (but "đôn đốc việc thực hiện Công văn này" is work): the text is over
_CLOSING = re.compile(
    r"^(?:trân trọng|trên đây là|nơi nhận)|chịu\s+trách\s+nhiệm\s+thi\s+hành"
    r"|(?<!việc\s)(?:thực\s+hiện|thi\s+hành)\s+(?:nghiêm\s+)?(?:chỉ\s+thị|quyết\s+định|thông\s+báo|công\s+văn|kết\s+luận|"
    r"kế\s+hoạch|công\s+điện|văn\s+bản)\s+này\s*(?:\./\.|\.)?$",
    re.I,
)
# the formula that hands the text over: "Nhận được công văn này, đề nghị …", "Văn phòng … thông báo
# để các cơ quan, đơn vị biết, thực hiện./.", "Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./."
_HANDOVER = keyed(
    r"^nhận được (?:công văn|văn bản|công điện|thông báo|kế hoạch|chỉ thị|quyết định) này"
    r"|(?<!\w)thông báo (?:để|cho|đến|tới) [^.;]{0,160}?(?<!\w)biết(?:,?\s*(?:thực hiện|phối hợp|chỉ đạo)[^.;]{0,40})?"
    r"\s*(?:\./\.|\.)?$"
    r"|^(?:(?:yêu cầu|đề nghị)\s+)?(?:thủ trưởng\s+)?các (?:cơ quan|đơn vị|địa phương|sở|ngành)[^.;]{0,80}?"
    r"(?:nghiêm túc|khẩn trương)\s+(?:triển khai\s+)?(?:tổ chức\s+)?(?:triển khai\s+)?thực hiện"
    r"(?:\s+(?:tốt\s+)?(?:các\s+)?nội dung (?:trên|nêu trên))?\s*(?:\./\.|\.)?$"
)
# the signature block: "TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", a title alone ("PHÓ CHỦ TỊCH"); not
# "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:", which opens a Công điện
_SIGNATURE = re.compile(
    r"^(?:TM\.|T/M|KT\.|K/T|TL\.|Q\.|TUQ\.)\s"
    r"|^(?:PHÓ\s+)?(?:BÍ THƯ|CHỦ TỊCH|THỦ TƯỚNG|GIÁM ĐỐC|TRƯỞNG BAN|CHÁNH VĂN PHÒNG)(?:\s+THƯỜNG TRỰC)?\.?$"
)


@dataclass(frozen=True)
class Item:
    text: str  # without its list marker
    context: tuple[str, ...]  # the lead-ins it sits under, outermost first: a deadline there is its own
    # the addressee it takes when its own words name nobody (its heading's body, the last "yêu cầu X")
    inherited: Subject | None = None
    # from running prose: every ";" clause is its own assignment
    prose: bool = False


@dataclass(frozen=True)
class TaskingPart:
    items: list[Item]
    found_intro: bool  # a lead-in or a task heading opened the list (else: read by cues)


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
            _CLOSING.search(paragraph.text)
            or _SIGNATURE.match(paragraph.text)
            or _HANDOVER.search(key(paragraph.text))
        ):
            return index
        if paragraph.text.endswith("./."):
            return index + 1
    return len(body)


def tasking_part(
    paragraphs: list[Block], body_start: int, finder: AgencyFinder, *, decision: bool
) -> TaskingPart:
    from dondoc.draft.prose import prose_items
    from dondoc.draft.structure import structured_items

    body = paragraphs[body_start:]
    body = body[: closing_at(body)]
    start = _list_start(body, finder)
    if start is not None:
        return TaskingPart(structured_items(body[start:], finder, decision=decision), True)
    return TaskingPart(prose_items(body, finder), False)


def _list_start(body: list[Block], finder: AgencyFinder) -> int | None:
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
