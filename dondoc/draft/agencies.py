"""Who is asked to act: the subject of an assignment, who supports it, and how far it fans out.

Names are matched through the agency registry (codes, names, aliases, both tone placements).
What a document says collectively ("các cấp ủy Đảng", "khối tuyên truyền", "các đoàn thể") is
mapped to the bodies a district has under standard names; when a sentence names nobody, the
field it is about ("bảo vệ rừng", "hộ nghèo") suggests the body that usually leads it. Both are
guesses a reviewer must confirm, and the draft says so.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from enum import StrEnum

from dondoc.directives.registry import AgencyInfo, Registry
from dondoc.record.enums import AgencyKind
from dondoc.record.text import fold


def key(text: str) -> str:
    """Lower case with one tone placement, character for character: offsets in the key are offsets
    in the text, so a match found in the key cuts the document's own words."""
    return _WORD.sub(lambda m: _fold_word(m.group(0)), text.lower())


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=8192)
def _fold_word(word: str) -> str:
    # a document repeats a few thousand words: folding each once keeps a 20-page draft well under a second
    return fold(word)


def keyed(pattern: str) -> re.Pattern[str]:
    """Compile a pattern written in plain Vietnamese to match keys: its words get the key's tone
    placement ("của" is "cuả" in a key). Escapes such as \\s and \\b are ASCII and left alone."""
    return re.compile(re.sub(r"\w*[^\x00-\x7f]\w*", lambda m: key(str(m.group(0))), pattern))


def _words(phrase: str) -> str:
    """A phrase as a pattern over keys: any spacing, any dash."""
    tokens = re.split(r"\s*([-–—,])\s*|\s+", key(phrase.strip()))
    pattern = ""
    for token in tokens:
        if token is None or token == "":
            continue
        if token in "-–—":
            pattern += r"\s*[-–—]\s*"
        elif token == ",":
            pattern += r"\s*,\s*"
        else:
            pattern += (r"\s+" if pattern and not pattern.endswith("*") else "") + re.escape(token)
    return pattern


def _phrase(words: str) -> re.Pattern[str]:
    """A phrase as a word-bounded pattern over keys; '…' between words allows a short gap."""
    parts = [_words(part) for part in words.split("…")]
    return re.compile(r"(?<!\w)" + r"\b.{0,40}?\b".join(parts) + r"(?!\w)")


# verbs that end the subject of an assignment ("UBND huyện | chỉ đạo …"); "tuyên truyền" is not
# one of them: it is also a group's name ("các binh chủng trong khối tuyên truyền")
_VERBS = [
    "chỉ đạo", "tăng cường", "đẩy mạnh", "phối hợp", "chủ trì", "xây dựng", "thực hiện", "tổ chức",
    "triển khai", "rà soát", "phát huy", "tập trung", "nghiên cứu", "tham mưu", "khẩn trương",
    "tiếp tục", "chủ động", "hướng dẫn", "kiểm tra", "theo dõi", "báo cáo", "bảo đảm", "đảm bảo",
    "quán triệt", "lãnh đạo", "quan tâm", "nâng cao", "đôn đốc", "giám sát",
    "cung cấp", "bố trí", "sắp xếp", "hoàn thành", "hoàn thiện", "có trách nhiệm", "nghiêm túc",
    "trên cơ sở", "ban hành", "xử lý", "giải quyết", "tạm dừng", "tạm hoãn", "thành lập", "cập nhật",
    "thống kê", "biên soạn", "in ấn", "vận động", "huy động", "giữ vững", "duy trì", "phòng chống",
    "phòng, chống", "lập", "gửi", "nộp", "cử", "chuẩn bị", "điều chỉnh", "tiến hành",
    "đề xuất", "tổng hợp", "thẩm định", "phê duyệt", "cấp phát", "hỗ trợ", "ưu tiên", "làm tốt",
    "thường xuyên", "kịp thời", "quyết liệt", "phải", "cần", "được giao", "căn cứ", "theo chức năng",
]  # fmt: skip
_VERB = re.compile(
    r"(?<!\w)(?:" + "|".join(_words(v) for v in sorted(_VERBS, key=len, reverse=True)) + r")(?!\w)"
)
# words that begin the name of a body; an unknown name must start with one to be taken for a subject
_BODY_WORDS = keyed(
    r"^(?:ubnd|ủy ban|uỷ ban|hđnd|hội đồng|sở|bộ|phòng|ban|văn phòng|trung tâm|công an|hội|huyện|tỉnh|"
    r"thường trực|mặt trận|ubmttq|thanh tra|hạt|đài|chi cục|kho bạc|bệnh viện|trường|viện|cục|tổng cục|"
    r"liên đoàn|đoàn|chi nhánh|đảng ủy|đảng uỷ|huyện ủy|huyện uỷ|tỉnh ủy|tỉnh uỷ|chủ tịch|giám đốc|bí thư|"
    r"các bộ|các sở|các cơ quan|các đơn vị|các địa phương|các xã|các cấp|các ban|các phòng|các đồng chí)\b"
)
# a document's people and groups that stand for one body of the registry, by its standard name
_GROUPS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (_phrase("ủy viên ban thường vụ"), ("Huyện ủy",)),
    (_phrase("ủy viên ban chấp hành"), ("Huyện ủy",)),
    (_phrase("huyện ủy viên"), ("Huyện ủy",)),
    (_phrase("cấp ủy"), ("Huyện ủy",)),
    (_phrase("chính quyền"), ("Ủy ban nhân dân huyện",)),
    (_phrase("khối tuyên truyền"), ("Ban Tuyên giáo Huyện ủy", "Phòng Văn hóa và Thông tin", "Trung tâm Văn hóa - Thông tin và Thể thao huyện")),
    (_phrase("mặt trận"), ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện",)),
]  # fmt: skip
# every body of a kind ("các đoàn thể" = each đoàn thể of the registry)
_KIND_GROUPS = [(_phrase("đoàn thể"), AgencyKind.DOAN_THE)]
# addressed to everybody: a task, but nobody in particular leads it
_UNSPECIFIED = keyed(
    r"^(?:(?:các|những|mọi|toàn thể|tập thể|thủ trưởng|người đứng đầu|lãnh đạo|đồng chí|đ/c|cơ quan|"
    r"đơn vị|ban|ngành|phòng|tổ chức|địa phương|sở|bộ|cấp|bí thư|chủ tịch|phó chủ tịch|liên quan|có liên quan|"
    r"chuyên môn|trong hệ thống chính trị|hệ thống chính trị|từ huyện đến cơ sở|cơ sở|đảng|chi bộ|"
    r"cán bộ|công chức|viên chức|đảng viên|hội viên|binh chủng|huyện|thuộc huyện|trực thuộc|ủy ban nhân dân|"
    r"ubnd)[\s,]*)*$"
)
_FAN_OUT_THON = _phrase("thôn, tổ dân phố"), _phrase("từng thôn"), _phrase("các thôn"), _phrase("mỗi thôn"), _phrase("tổ dân phố"), _phrase("mỗi hộ gia đình"), _phrase("từng hộ gia đình"), _phrase("hộ gia đình")  # fmt: skip
_FAN_OUT_XA = _phrase("xã, thị trấn"), _phrase("mỗi xã"), _phrase("từng xã"), _phrase("các xã"), _phrase("cấp xã"), _phrase("xã, phường")  # fmt: skip
_COOPERATE = keyed(r"(?<!\w)(?:phối hợp(?: chặt chẽ)? với|với sự phối hợp của|cùng với)\s+")
_DIRECTS = keyed(
    r"(?<!\w)chỉ đạo\s+(?=(?:các|ubnd|ủy ban|uỷ ban|phòng|ban|mặt trận|trung tâm|công an|hội)\b)"
)
_HEADING = keyed(r"về [^:]{1,80}:\s*")  # "Về sản xuất nông, lâm nghiệp: …" names a field, not a body
_HEAD_OF = re.compile(r"^(?:phó\s+)?(?:chủ tịch|giám đốc|thủ trưởng|trưởng|chánh)\s+(?=\S)", re.I)
_LIST_SEPARATOR = re.compile(r"\s*,\s*|\s+(?:và|cùng)\s+")
_SEPARATORS = re.compile(r"\s*(?:,|;|\svà\s|\scùng\s)\s*")
_LEADING = keyed(
    r"(?:đề nghị|yêu cầu|đồng thời|trong đó|giao(?:\s+cho)?(?=\s+(?:các|ubnd|ủy ban|uỷ ban|sở|bộ|phòng|ban|văn phòng|"
    r"trung tâm|công an|hội|mặt trận|thanh tra|huyện|hạt|đài|chi cục)\b))\s+"
)


class LeadSource(StrEnum):
    NAMED = "named"  # the text names the body (or a group that stands for it)
    UNSPECIFIED = "unspecified"  # "các cơ quan, đơn vị": everybody, so the executive leads
    TOPIC = "topic"  # nobody named: the body that leads the field the text is about
    DEFAULT = "default"  # nothing to go on


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
_TOPIC_PATTERNS = [(topic, [_phrase(k) for k in topic.keywords]) for topic in TOPICS]


@dataclass
class Named:
    """A body the text names: resolved to the registry, or kept as written."""

    written: str
    agency: AgencyInfo | None = None

    @property
    def value(self) -> str:
        return self.agency.code if self.agency else self.written


@dataclass
class Subject:
    names: list[Named]
    unspecified: bool  # "các cơ quan, đơn vị": addressed to all
    end: int  # where the subject ends in the (folded) clause


@dataclass
class Parties:
    lead: Named | None = None
    source: LeadSource = LeadSource.DEFAULT
    topic: Topic | None = None
    support: list[Named] = field(default_factory=list)


class AgencyFinder:
    def __init__(self, registry: Registry):
        self.registry = registry
        roots = [a for a in registry if a.kind is AgencyKind.HUYEN] or [
            a for a in registry if a.parent_code is None
        ]
        self.root = roots[0] if roots else None
        self.executive = registry.resolve("Ủy ban nhân dân huyện") or next(
            (a for a in registry if a.kind is AgencyKind.CHINH_QUYEN and key(a.name).startswith("uỷ ban")),
            None,
        )

    # ---- names ----
    def resolve(self, written: str) -> list[Named]:
        """The bodies one written name stands for: one, several (a group), or none (unknown)."""
        text = written.strip(" .,;:-–")
        # "Chủ tịch Ủy ban nhân dân huyện" acts for the body they head
        bare = _HEAD_OF.sub("", text)
        for candidate in (text, re.sub(r"^(?:các|những)\s+", "", text, flags=re.I), bare):
            if found := self.registry.resolve(candidate):
                return [Named(written=text, agency=found)]
        text_key = key(text)
        for pattern, names in _GROUPS:
            if pattern.search(text_key):
                return [Named(written=text, agency=a) for name in names if (a := self.registry.resolve(name))]
        for pattern, kind in _KIND_GROUPS:
            if pattern.search(text_key) and self.root:
                return [
                    Named(written=text, agency=a) for a in self.registry.descendants(self.root.code, kind)
                ]
        return []

    def names_in(self, span: str) -> tuple[list[Named], bool]:
        """The bodies a list of names stands for ("A, B và các C"), and whether it addressed everybody."""
        without = _without_fan_out(span)
        # what is left of "Chủ tịch UBND các xã, thị trấn" names no body: the units do the work
        unspecified = without != span.strip(" ,") and bool(_UNSPECIFIED.match(key(_HEAD_OF.sub("", without))))
        span = without if not unspecified else ""
        pieces = [p for p in _SEPARATORS.split(span) if p.strip()]
        result: list[Named] = []
        i = 0
        while i < len(pieces):
            # a name may itself hold a comma or "và" ("Phòng Lao động, Thương binh và Xã hội")
            for j in range(min(len(pieces), i + 4), i + 1, -1):
                joined = _rejoin(span, pieces[i:j])
                if joined and (found := self.registry.resolve(joined)):
                    result.append(Named(joined, found))
                    i = j
                    break
            else:
                piece = pieces[i].strip(" .")
                found_names = self.resolve(piece)
                if found_names:
                    result.extend(found_names)
                elif _UNSPECIFIED.match(key(piece)):
                    unspecified = True
                elif _BODY_WORDS.match(key(piece)):
                    result.append(Named(piece))
                i += 1
        return _unique(result), unspecified

    # ---- the parts of a clause ----
    def subject(self, clause: str) -> Subject | None:
        """The bodies a clause addresses, when it opens with them ("UBND huyện chỉ đạo …",
        "Đề nghị các cơ quan, đơn vị …", "Giao Sở Y tế chủ trì …")."""
        clause_key = key(clause)
        heading = _HEADING.match(clause_key)
        start = heading.end() if heading else 0
        cue = _LEADING.match(clause_key, start)
        if cue:
            start = cue.end()
        # "Ban Tổ chức Huyện ủy hướng dẫn …": a verb inside a body's name does not end the subject
        names_end = self._past_names(clause, start)
        verb = _VERB.search(clause_key, names_end)
        if verb is None or verb.start() - start < 2:
            if names_end > start:
                return Subject(self.names_in(clause[start:names_end])[0], False, names_end)
            return None
        span = clause[start : verb.start()].strip(" ,")
        if len(span.split()) > 30:
            return None
        names, unspecified = self.names_in(span)
        if not names and not unspecified:
            return None
        if not cue and not _BODY_WORDS.match(key(span)) and not all(n.agency for n in names):
            return None
        return Subject(names, unspecified and not names, verb.start())

    def _past_names(self, clause: str, start: int) -> int:
        """Where a leading run of registry names ("A, B và C") ends; `start` when there is none."""
        position = start
        while (end := self._name_at(clause, position)) is not None:
            position = end
            separator = _LIST_SEPARATOR.match(clause, position)
            if separator is None or self._name_at(clause, separator.end()) is None:
                break
            position = separator.end()
        return position

    def _name_at(self, clause: str, position: int) -> int | None:
        """The end of the longest registry name that starts at `position`."""
        words = list(re.finditer(r"\S+", clause[position : position + 160]))[:12]
        for count in range(len(words), 0, -1):
            candidate = clause[position : position + words[count - 1].end()].rstrip(",;:.")
            if self.registry.resolve(candidate):
                return position + len(candidate)
        return None

    def _after(self, pattern: re.Pattern[str], clause: str) -> list[Named]:
        """The bodies named after a cue up to the next verb."""
        found: list[Named] = []
        clause_key = key(clause)
        for match in pattern.finditer(clause_key):
            names_end = self._past_names(clause, match.end())
            verb = _VERB.search(clause_key, match.end())
            end = names_end if names_end > match.end() else (verb.start() if verb else len(clause))
            found += self.names_in(clause[match.end() : end])[0]
        return found

    def directed(self, clause: str) -> list[Named]:
        """Those a clause tells someone to direct ("chỉ đạo các xã, thị trấn, Mặt trận … rà soát")."""
        return self._after(_DIRECTS, clause)

    def cooperating(self, clause: str) -> list[Named]:
        """The bodies named after "phối hợp với …"."""
        return self._after(_COOPERATE, clause)

    def listed_forces(self, clause: str) -> list[Named]:
        """Bodies listed in parentheses, e.g. "(Y tế, Công an, Quân sự...)"."""
        found: list[Named] = []
        for inner in re.findall(r"\(([^()]{2,120})\)", clause):
            names, _ = self.names_in(inner.replace("...", ""))
            found += [n for n in names if n.agency]
        return found

    def topic(self, clause: str) -> Topic | None:
        """The one field a clause is about; GENERAL when about several, None when about none."""
        clause_key = key(re.sub(r"\([^()]*\)", "", clause))
        hits = [topic for topic, patterns in _TOPIC_PATTERNS if any(p.search(clause_key) for p in patterns)]
        dominant = [t for t in hits if t.dominant]
        if dominant:
            return dominant[0]
        if len({t.lead_name for t in hits}) == 1:
            return hits[0]
        return GENERAL if hits else None

    def topic_lead(self, topic: Topic) -> AgencyInfo | None:
        if topic is GENERAL:
            return self.executive
        return self.registry.resolve(topic.lead_name)

    def fan_out(self, text: str) -> tuple[AgencyKind | None, bool]:
        """The level a task fans out to (xã, or thôn) and whether the text names the finer level too."""
        text_key = key(text)
        xa = any(p.search(text_key) for p in _FAN_OUT_XA)
        thon = any(p.search(text_key) for p in _FAN_OUT_THON)
        if xa:
            return AgencyKind.XA, thon
        if thon:
            return AgencyKind.THON, False
        return None, False

    def suggest(self, written: str) -> list[str]:
        return self.registry.suggest(written)


def _rejoin(span: str, pieces: list[str]) -> str | None:
    pattern = r"\s*(?:,|;|\svà\s|\scùng\s)\s*".join(re.escape(p) for p in pieces)
    match = re.search(pattern, span)
    return match.group(0) if match else None


def _without_fan_out(span: str) -> str:
    """The span without "các xã, thị trấn", "từng thôn, tổ dân phố": those are a fan-out, not a body."""
    span_key = key(span)
    cuts = sorted(m.span() for p in (*_FAN_OUT_XA, *_FAN_OUT_THON) for m in p.finditer(span_key))
    kept, position = [], 0
    for begin, end in cuts:
        if begin >= position:
            kept.append(span[position:begin])
        position = max(position, end)
    kept.append(span[position:])
    return re.sub(r"(?:\s*,\s*){2,}", ", ", "".join(kept)).strip(" ,")


# a clause about several fields at once ("thương mại, dịch vụ, xây dựng cơ bản, an sinh xã hội")
# is general management: the executive leads it
GENERAL = Topic("chung", "Ủy ban nhân dân huyện", ())


def _unique(names: list[Named]) -> list[Named]:
    seen: set[str] = set()
    result = []
    for name in names:
        if name.value not in seen:
            seen.add(name.value)
            result.append(name)
    return result
