"""The words that name bodies in directives: how a body's name begins, the collective names that
stand for the district's own bodies, who is addressed as everybody, and the phrases that end a
name or open one (cooperation, direction, a fronted purpose or time, a list of levels)."""

from __future__ import annotations

import re

from dondoc.draft.words import LOWER, UPPER, key, keyed
from dondoc.record.enums import AgencyKind

# words that begin the name of a body; an unknown name must start with one to be taken for a subject
BODY_WORDS = keyed(
    r"^(?:(?:các|những|từng|mỗi)\s+)?(?:ubnd|ủy ban|uỷ ban|hđnd|hội đồng|sở|bộ|phòng|ban|văn phòng|trung tâm|công an|hội|huyện|tỉnh|"
    r"thường trực|mặt trận|ubmttq|thanh tra|hạt|đài|chi cục|kho bạc|bệnh viện|trường|viện|cục|tổng cục|"
    r"liên đoàn|đoàn|chi nhánh|trạm|trưởng|hiệu trưởng|công chức|cán bộ|đồng chí|đ/c|tổ công tác|tổ giúp việc|tổ chuyên trách|đảng đoàn|ban cán sự|tổ trưởng|thôn trưởng|chánh văn phòng|ngân hàng|bảo hiểm xã hội|công ty|"
    r"tổng công ty|ban quản lý|đảng ủy|đảng uỷ|huyện ủy|huyện uỷ|tỉnh ủy|tỉnh uỷ|chủ tịch|giám đốc|bí thư|"
    r"btv|bch|cấp ủy|cấp uỷ|thủ tướng|phó thủ tướng|bộ trưởng|lãnh đạo|"
    r"các bộ|các sở|các cơ quan|các đơn vị|các địa phương|các xã|các cấp|các ban|các phòng|các đồng chí|"
    r"các bộ phận|bộ phận|các ngành|các tổ chức|các đảng ủy|các đảng uỷ|các chi bộ|\d+ đồng chí)\b"
)
# a document's groups that stand, in the district's own documents, for bodies of the registry
# by their standard names; matched against the whole written name
GROUPS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (keyed(r"(?:các )?(?:đồng chí )?ủy viên ban thường vụ(?: huyện ủy)?"), ("Huyện ủy",)),
    (keyed(r"(?:các )?(?:đồng chí )?ủy viên ban chấp hành(?: đảng bộ huyện)?"), ("Huyện ủy",)),
    (keyed(r"(?:các )?(?:đồng chí )?huyện ủy viên"), ("Huyện ủy",)),
    (keyed(r"(?:các )?cấp ủy(?: đảng)?(?: các cấp)?"), ("Huyện ủy",)),
    (keyed(r"(?:các )?chính quyền(?: các cấp)?"), ("Ủy ban nhân dân huyện",)),
    (keyed(r"(?:các binh chủng (?:trong|thuộc) )?khối tuyên truyền"), ("Ban Tuyên giáo Huyện ủy", "Phòng Văn hóa và Thông tin", "Trung tâm Văn hóa - Thông tin và Thể thao huyện")),
    (keyed(r"mặt trận(?: tổ quốc)?(?: huyện)?"), ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện",)),
]  # fmt: skip
# every body of a kind ("các đoàn thể" = each đoàn thể of the registry)
KIND_GROUPS = [(keyed(r"(?:các )?(?:tổ chức )?đoàn thể(?: huyện)?"), AgencyKind.DOAN_THE)]
# addressed to everybody: a task, but nobody in particular leads it
UNSPECIFIED = keyed(
    r"^(?:(?:các|những|mọi|toàn thể|tập thể|thủ trưởng|người đứng đầu|lãnh đạo|đồng chí|đ/c|cơ quan|"
    r"đơn vị|ban|ngành|phòng|tổ chức|địa phương|sở|bộ|cấp|bí thư|chủ tịch|phó chủ tịch|liên quan|có liên quan|"
    r"chuyên môn|trong hệ thống chính trị|hệ thống chính trị|từ huyện đến cơ sở|cơ sở|đảng|chi bộ|"
    r"cán bộ|công chức|viên chức|đảng viên|hội viên|binh chủng|huyện|thuộc huyện|trực thuộc|ủy ban nhân dân|"
    r"ubnd|khác|bộ phận|cá nhân|phụ trách|các cấp|các ngành|đoàn thể|trưởng|phó trưởng|tổ trưởng|thôn trưởng)[\s,]*)*$"
)


COOPERATE = keyed(r"(?<!\w)(?:phối hợp(?: chặt chẽ)?(?: với)?|với sự phối hợp của|cùng với)\s+")
COOPERATE_TOLERANT = keyed(r"(?<!\w)ph(?:ố)?i\s*h(?:ợ)?p\s+v(?:ớ)?i\s+")
DIRECTS = keyed(
    r"(?<!\w)(?<!ban\s)chỉ đạo\s+(?=(?:các|ubnd|ủy ban|uỷ ban|phòng|ban|mặt trận|trung tâm|công an|hội)\b)"
)
PLURAL = keyed(r"(?:các|những|mọi|từng|toàn bộ)\s")
COMRADE = re.compile(r"^(?:đồng\s+chí|đ/c)\s+", re.I)
HEAD_OF = re.compile(r"^(?:phó\s+)?(?:chủ tịch|giám đốc|thủ trưởng|trưởng|chánh)\s+(?=\S)", re.I)
SEPARATORS = re.compile(r"\s*(?:,|;|\svà\s|\scùng\s)\s*")
LIST_SEPARATOR = re.compile(r"\s*,\s*|\s+(?:và|cùng)\s+")
# what may stand before the addressee or the subject and is not part of it
FRONTED = keyed(
    r"(?:(?:trong đó|theo đó|cụ thể|đồng thời|bên cạnh đó|ngoài ra|mặt khác|tiếp đó|sau đó|"
    r"tại [^,;:]{1,60}|(?:để|nhằm|sau khi) [^,;:]{1,150}|đối với [^,;:]{1,80}|thời gian [^,;:]{1,60}|"
    r"(?:trước|chậm nhất|trong|từ|đến) (?:\d+ giờ |\d+h\d* )?(?:ngày|tháng|quý|năm|\d)[^,;:]{0,30}),\s*)+"
)
FIELD = keyed(
    r"(?:về|lĩnh vực) [^:]{1,80}:\s*"
)  # "Về sản xuất nông, lâm nghiệp: …" names a field, not a body
RESPONSIBILITY = keyed(r"(?<!\w)trách nhiệm của\s+(.{3,120}?)\s+(?:trong việc|trong|đối với|về việc)\s+")
# "UBND | các xã, thị trấn", "Công an | tỉnh": the registry's name is only the start of this one
NAME_GOES_ON = keyed(
    r"\s*(?:(?:các|những|từng|mỗi|cấp|xã|thị|huyện|tỉnh|thôn|tổ|phường|thành phố|trung ương)(?!\w)|[(:])"
)
PURPOSE = keyed(r"\s(?:để|nhằm|trong|tại|theo|về|khi|nếu)\s")
# "UBND các xã, phường | đẩy nhanh …": a list of levels ends the name, whatever verb follows
LEVEL_LIST_END = keyed(
    r"(?<!\w)(?:các|từng|mỗi)\s+(?:xã|phường|thị trấn|đặc khu|thôn|buôn|bản|ấp|tổ dân phố|khu phố|huyện|"
    r"thị xã|thành phố|quận|tỉnh|sở|ngành|địa phương|đơn vị)(?:\s*(?:,|và)\s*(?:xã|phường|thị trấn|đặc khu|"
    r"thôn|buôn|bản|ấp|tổ dân phố|khu phố|huyện|thị xã|thành phố|quận|tỉnh|ngành|địa phương|đơn vị))*"
    r"(?:\s+(?:liên quan|có liên quan|trên địa bàn(?: \w+)?))?(?=\s+[a-zđà-ỹ])"
)
NARRATIVE_WORD = keyed(r"(?<!\w)(?:đã|vừa|đang|sẽ|được|có văn bản)(?!\w)")
MAX_WORDS = 40
WORD = re.compile(r"\w+")
GENERIC = {key(w) for w in ("các", "và", "những", "của", "cho", "với")}
SUGGEST = 0.34
LOCAL = keyed(r"(?<!\w)(?:xã|thôn|tổ dân phố|thị trấn|phường|bản|ấp)(?!\w)")
# the work goes to them: "phát về từng thôn", "tại huyện, xã, thị trấn", "tới từng hộ"
TOWARDS = keyed(r"(?<!\w)(?:tới|đến|về|tại|cho|ở)\s+")
# the addressee's own staff ("Phân công công chức, viên chức … trực …"): not a body asked to act
STAFF = keyed(
    r"(?:(?:các|những|toàn thể|toàn bộ)\s+)?(?:(?:cán bộ|công chức|viên chức|người lao động|đảng viên|"
    r"hội viên|đoàn viên|nhân viên|chiến sĩ)(?:\s*,\s*|\s+và\s+|\s*$))+"
)
# a commune's office-holder, named by the field in capitals: "công chức Địa chính - Xây dựng",
# "cán bộ Văn phòng - Thống kê"; not "công chức, viên chức" of the addressee
ROLE = re.compile(rf"^(?:[Cc]ác\s+)?(?:[Cc]ông chức|[Cc]án bộ|[Vv]iên chức)\s+(?=[{UPPER}])")
# "Đài Phát thanh và Truyền hình tỉnh | tăng thời lượng …": a name ends with its place (and the
# place's own name), whatever verb follows; not before "và", "cùng" or a list
PLACE_END = re.compile(
    rf"(?<!\w)(?:tỉnh|huyện|thị xã|thành phố|quận|xã|phường|thị trấn)(?!\s+(?:hội|ủy|uỷ|đoàn|đội)\b)"
    rf"(?:\s+[{UPPER}]\w*)*"
    rf"(?=\s+(?!và\b|cùng\b|các\b|những\b|ven\b|trên\b|miền\b|vùng\b)[{LOWER}])"
)
