"""The words that name bodies in directives, compiled from `lang/bodies.yaml`, `lang/cues.yaml` and
`lang/units.yaml`: how a body's name begins, the collective names that stand for the district's
own bodies, who is addressed as everybody, and the phrases that end a name or open one
(cooperation, direction, a fronted purpose or time, a list of levels)."""

from __future__ import annotations

import re

from dondoc.draft import language
from dondoc.draft.keys import LOWER, UPPER, key, keyed
from dondoc.record.enums import AgencyKind

# a name the registry does not know is taken for a subject only when it begins as a body's name does
BODY_WORDS = language.pattern("BodyStart")
# businesses and associations: bodies a document names, but not ones a body of government hands
# its own work to by a cue in lower case ("Sở …: yêu cầu các doanh nghiệp vận tải niêm yết …")
BUSINESS = language.pattern("BusinessStart")
# a document's groups that stand, in the district's own documents, for bodies of the registry
# by their standard names; matched against the whole written name
_STANDS_FOR = language.table("CollectiveStandsFor")
GROUPS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (language.pattern(group), tuple(name.strip() for name in _STANDS_FOR[key(group)].split(";")))
    for group in language.words("CollectiveStandsFor")
]
# every body of a kind ("các đoàn thể" = each đoàn thể of the registry)
KIND_GROUPS = [(language.pattern("MassOrganisations"), AgencyKind.DOAN_THE)]
# addressed to everybody: a task, but nobody in particular leads it
UNSPECIFIED = language.pattern("EverybodyOnly")

COOPERATE = language.pattern("CooperateWith")
COOPERATE_TOLERANT = keyed(r"(?<!\w)ph(?:ố)?i\s*h(?:ợ)?p\s+v(?:ớ)?i\s+")
DIRECTS = language.pattern("Directs")
PLURAL = language.pattern("PluralStart")
COMRADE = re.compile(r"^(?:đồng\s+chí|đ/c)\s+", re.I)
HEAD_OF = re.compile(r"^(?:phó\s+)?(?:chủ tịch|giám đốc|thủ trưởng|trưởng|chánh)\s+(?=\S)", re.I)
SEPARATORS = re.compile(r"\s*(?:,|;|\svà\s|\scùng\s)\s*")
LIST_SEPARATOR = re.compile(r"\s*,\s*|\s+(?:và|cùng)\s+")
# a connective, a place, a purpose, a field or a time before the subject, not part of it
FRONTED = language.pattern("Fronted")
FIELD = language.pattern("FieldHeading")
RESPONSIBILITY = language.pattern("Responsibility")
# "UBND | các xã, thị trấn", "Công an | tỉnh": the registry's name is only the start of this one
NAME_GOES_ON = language.pattern("NameGoesOn")
PURPOSE = language.pattern("Purpose")
# "UBND các xã, phường | đẩy nhanh …": a list of levels ends the name, whatever verb follows
LEVEL_LIST_END = language.pattern("LevelListEnd")
NARRATIVE_WORD = language.pattern("NarrativeWord")
NAME_END = language.pattern("NameEnd")
MAX_WORDS = 40
WORD = re.compile(r"\w+")
GENERIC = {key(w) for w in ("các", "và", "những", "của", "cho", "với")}
SUGGEST = 0.34
LOCAL = language.pattern("LocalUnit")
# the work goes to them: "phát về từng thôn", "tại huyện, xã, thị trấn", "tới từng hộ"
TOWARDS = language.pattern("Towards")
# the addressee's own staff ("Phân công công chức, viên chức … trực …"): not a body asked to act
STAFF = language.pattern("StaffOnly")
# a commune's office-holder, named by the field in capitals: "công chức Địa chính - Xây dựng",
# "cán bộ Văn phòng - Thống kê"; not "công chức, viên chức" of the addressee
ROLE = re.compile(rf"^(?:[Cc]ác\s+)?(?:[Cc]ông chức|[Cc]án bộ|[Vv]iên chức)\s+(?=[{UPPER}])")
# matched in the text as written, where "ủy" and "uỷ" are both found
_COMPOUND = (
    "(?:" + "|".join({form for word in language.words("UnitCompound") for form in (word, key(word))}) + ")"
)
_GOES_ON = "(?:" + "|".join(language.words("PlaceGoesOn")) + ")"
_UNITS = "|".join(language.source(name) for name in ("ProvinceUnit", "DistrictUnit", "CommuneUnit"))
# "Đài Phát thanh và Truyền hình tỉnh | tăng thời lượng …": a name ends with its place (and the
# place's own name), whatever verb follows; not before "và", "cùng" or a list, nor in a range of
# levels ("từ huyện đến cơ sở")
PLACE_END = re.compile(
    rf"(?<!\w)(?<!từ )(?<!đến )(?:{_UNITS})(?!\s+{_COMPOUND}(?!\w))"
    rf"(?:\s+[{UPPER}]\w*)*"
    rf"(?=\s+(?!{_GOES_ON}(?!\w))[{LOWER}])"
)
# "… đầu tư xây dựng tỉnh:": the place that ends a lead-in
PLACE_LAST = re.compile(rf"(?<!\w)(?:{_UNITS})(?:\s+[{UPPER}]\w*)*(?=\s*[:;.]?\s*$)")
