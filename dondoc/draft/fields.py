"""What a clause is about and how far down it goes: the field of work ("bảo vệ rừng", "hộ nghèo"),
which suggests, in the district's own documents, the body that usually leads it; and the level
the work is handed down to ("các xã, thị trấn", "từng thôn, tổ dân phố"), a fan-out over the
registry's communes or villages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.draft import language
from dondoc.draft.keys import key, phrase
from dondoc.record.enums import AgencyKind

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Topic:
    key: str
    lead_name: str
    keywords: tuple[str, ...]
    # outranks the others when a sentence touches several fields ("phòng chống các hành vi … buôn lậu")
    dominant: bool = False


TOPICS = (
    Topic("vi-pham", "Công an huyện", ("hành vi lợi dụng", "buôn lậu", "tội phạm", "gian lận thương mại", "hàng giả", "tệ nạn xã hội"), dominant=True),
    Topic("an-ninh", "Công an huyện", ("quốc phòng, an ninh", "quốc phòng - an ninh", "an ninh chính trị", "trật tự an toàn xã hội", "an ninh, trật tự", "an toàn giao thông")),
    Topic("nong-nghiep", "Phòng Nông nghiệp và Phát triển nông thôn", ("nông nghiệp", "nông, lâm nghiệp", "nông lâm nghiệp", "cây trồng", "vật nuôi", "chăn nuôi", "trồng trọt", "thủy lợi", "điều tiết nước", "chống hạn", "khô hạn", "thiên tai", "nông thôn mới")),
    Topic("rung", "Hạt Kiểm lâm huyện", ("bảo vệ rừng", "cháy rừng", "tài nguyên rừng", "lâm sản", "phát triển rừng")),
    Topic("y-te", "Phòng Y tế", ("y tế", "cách ly", "khám chữa bệnh", "tiêm chủng", "xét nghiệm")),
    Topic("lao-dong-xa-hoi", "Phòng Lao động - Thương binh và Xã hội", ("hộ nghèo", "cận nghèo", "giảm nghèo", "an sinh xã hội", "người có công", "bảo trợ xã hội", "trợ cấp", "giải quyết việc làm")),
    Topic("tai-chinh", "Phòng Tài chính - Kế hoạch", ("chế độ chính sách", "chế độ, chính sách", "kinh phí", "thu ngân sách", "dự toán", "đầu tư công")),
    Topic("noi-vu", "Phòng Nội vụ", ("cải cách hành chính", "tổ chức bộ máy", "biên chế", "thi đua, khen thưởng")),
    Topic("khieu-nai", "Thanh tra huyện", ("khiếu nại", "tố cáo", "đơn thư")),
    Topic("tuyen-truyen", "Ban Tuyên giáo Huyện ủy", ("tuyên truyền", "tuyên giáo")),
    Topic("kinh-te-ha-tang", "Phòng Kinh tế và Hạ tầng", ("xây dựng cơ bản", "thương mại", "tiểu thủ công nghiệp", "giao thông", "xây dựng trái phép", "trật tự xây dựng")),
    Topic("giao-duc", "Phòng Giáo dục và Đào tạo", ("giáo dục", "trường học", "học sinh")),
    Topic("van-hoa", "Phòng Văn hóa và Thông tin", ("văn hóa", "thể dục thể thao", "du lịch", "lễ hội")),
    Topic("tai-nguyen", "Phòng Tài nguyên và Môi trường", ("đất đai", "môi trường", "khoáng sản")),
    # the Huyện ủy's own calendar is run by its office
    Topic("van-phong-cap-uy", "Văn phòng Huyện ủy", ("chương trình công tác … của huyện ủy", "hội nghị của huyện ủy")),
)  # fmt: skip


def _by_first_word() -> dict[str, list[tuple[int, re.Pattern[str]]]]:
    """The topics' keywords by their first word: a clause is scanned once, word by word, and only
    the keywords that could start at a word are tried there."""
    index: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
    for number, topic in enumerate(TOPICS):
        for keyword in topic.keywords:
            first = re.findall(r"\w+", key(keyword))[0]
            index.setdefault(first, []).append((number, phrase(keyword)))
    return index


_TOPIC_KEYWORDS = _by_first_word()
# a clause about several fields at once ("thương mại, dịch vụ, xây dựng cơ bản, an sinh xã hội")
# is general management: the executive leads it
GENERAL = Topic("chung", "Ủy ban nhân dân huyện", ())


# the levels a task is handed down to, from `lang/units.yaml`: "các xã, phường", "xã, thị trấn",
# "từng thôn, tổ dân phố", "mỗi hộ gia đình"
_FAN_OUT_THON = language.pattern("VillageLevel")
_FAN_OUT_XA = language.pattern("CommuneFanOut")
# "UBND cấp xã" names the communes; "Đại hội … cấp xã", "Ban Chỉ huy cấp huyện, cấp xã" only a level
_FAN_OUT_XA_NAMED = language.pattern("CommuneLevel")


def topic_of(clause: str) -> Topic | None:
    """The one field a clause is about; GENERAL when about several, None when about none."""
    clause_key = key(re.sub(r"\([^()]*\)", "", clause))
    found = {
        number
        for word in _WORD.finditer(clause_key)
        for number, keyword in _TOPIC_KEYWORDS.get(word.group(0), ())
        if keyword.match(clause_key, word.start())
    }
    hits = [topic for number, topic in enumerate(TOPICS) if number in found]
    dominant = [t for t in hits if t.dominant]
    if dominant:
        return dominant[0]
    if len({t.lead_name for t in hits}) == 1:
        return hits[0]
    return GENERAL if hits else None


def level_of(text: str, *, named: bool = False) -> tuple[AgencyKind | None, bool]:
    """The level a task fans out to (xã, or thôn) and whether the text names the finer level too;
    `named`: the text is a name of bodies ("UBND cấp xã"), where a level names them."""
    text_key = key(text)
    xa = (_FAN_OUT_XA_NAMED if named else _FAN_OUT_XA).search(text_key) is not None
    thon = _FAN_OUT_THON.search(text_key) is not None
    if xa:
        return AgencyKind.XA, thon
    if thon:
        return AgencyKind.THON, False
    return None, False


def names_a_level(text_key: str) -> bool:
    return _FAN_OUT_XA.search(text_key) is not None or _FAN_OUT_THON.search(text_key) is not None


def without_levels(span: str) -> str:
    """The span without "các xã, thị trấn", "từng thôn, tổ dân phố": those are a fan-out, not a body."""
    span_key = key(span)
    cuts = sorted(m.span() for p in (_FAN_OUT_XA_NAMED, _FAN_OUT_THON) for m in p.finditer(span_key))
    kept, position = [], 0
    for begin, end in cuts:
        if begin >= position:
            kept.append(span[position:begin])
        position = max(position, end)
    kept.append(span[position:])
    return re.sub(r"(?:\s*,\s*){2,}", ", ", "".join(kept)).strip(" ,")
