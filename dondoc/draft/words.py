"""The words of directives: keys for matching, the verbs that end an addressee, the cues that
assign work ("yêu cầu X …", "giao X …", "đề nghị X …", "phân công X …").

Everything here reads the language, never one document: a verb ends the name of the body that
must act ("Sở Y tế | hướng dẫn …") unless it is part of a name ("Ban Chỉ đạo", "Ban Tổ chức",
"các tổ chức chính trị - xã hội", "lãnh đạo UBND"); a cue word is a cue only where it assigns
("yêu cầu Sở Y tế …"), not where it is a noun ("theo yêu cầu", "giao thông", "giao ban").
"""

from __future__ import annotations

import re
import unicodedata

from dondoc.record.text import fold


def _letters() -> tuple[str, str]:
    """Every letter of Vietnamese, with every tone, in lower and in upper case: regex ranges such
    as "À-Ỹ" take in lower-case letters too."""
    toned = []
    for base in "aăâeêioôơuưy":
        for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            toned.append(unicodedata.normalize("NFC", base + tone))
    lower = "".join(dict.fromkeys("bcdđfghjklmnpqrstvwxz" + "".join(toned)))
    return lower, lower.upper()


LOWER, UPPER = _letters()


def key(text: str) -> str:
    """Lower case with one tone placement, character for character: offsets in the key are offsets
    in the text, so a match found in the key cuts the document's own words."""
    lowered = text.lower()
    return _OLD_TONE.sub(_new_tone, lowered) if _OLD_TONE_HINT.search(lowered) else lowered


def _tone_pairs() -> dict[str, str]:
    """ "hòa" and "hoà", "thủy" and "thuỷ" are one word: the key keeps the tone where `fold` puts
    it (on the second vowel of a word-final oa, oe, uy), pair by pair, so lengths never change."""
    pairs = {}
    for base in "ou":
        for tone in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            for vowel in "aeyê":
                old = unicodedata.normalize("NFC", base + tone + vowel)
                pairs[old] = fold(old)
    return {old: new for old, new in pairs.items() if len(new) == len(old) and new != old}


_TONE_PAIRS = _tone_pairs()
_OLD_TONE = re.compile("(" + "|".join(_TONE_PAIRS) + r")(?!\w)")
_OLD_TONE_HINT = re.compile("[" + "".join({old[0] for old in _TONE_PAIRS}) + "]")


def _new_tone(match: re.Match[str]) -> str:
    return _TONE_PAIRS[match.group(1)]


def keyed(pattern: str) -> re.Pattern[str]:
    """Compile a pattern written in plain Vietnamese to match keys: its words get the key's tone
    placement ("của" is "cuả" in a key). Escapes such as \\s and \\b are ASCII and left alone."""
    return re.compile(re.sub(r"\w*[^\x00-\x7f]\w*", lambda m: key(str(m.group(0))), pattern))


def words_pattern(phrase: str) -> str:
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


def phrase(words: str) -> re.Pattern[str]:
    """A phrase as a word-bounded pattern over keys; '…' between words allows a short gap."""
    parts = [words_pattern(part) for part in words.split("…")]
    return re.compile(r"(?<!\w)" + r"\b.{0,40}?\b".join(parts) + r"(?!\w)")


# verbs that end the name of whoever must act ("UBND huyện | chỉ đạo …"); "tuyên truyền" is one
# except in a group's name ("các binh chủng trong khối tuyên truyền": see _NAME_HEAD)
VERBS = [
    "chỉ đạo", "tăng cường", "đẩy mạnh", "phối hợp", "chủ trì", "xây dựng", "thực hiện", "tổ chức",
    "triển khai", "rà soát", "phát huy", "tập trung", "nghiên cứu", "tham mưu", "khẩn trương",
    "tiếp tục", "chủ động", "hướng dẫn", "kiểm tra", "theo dõi", "báo cáo", "bảo đảm", "đảm bảo",
    "quán triệt", "lãnh đạo", "quan tâm", "nâng cao", "đôn đốc", "giám sát", "tuân thủ", "chấp hành",
    "cung cấp", "bố trí", "sắp xếp", "hoàn thành", "hoàn thiện", "có trách nhiệm", "chịu trách nhiệm",
    "nghiêm túc", "trên cơ sở", "ban hành", "xử lý", "giải quyết", "tạm dừng", "tạm hoãn", "thành lập",
    "cập nhật", "thống kê", "biên soạn", "in ấn", "vận động", "huy động", "giữ vững", "duy trì",
    "phòng chống", "phòng, chống", "lập", "gửi", "nộp", "cử", "chuẩn bị", "điều chỉnh", "tiến hành",
    "đề xuất", "tổng hợp", "thẩm định", "phê duyệt", "cấp phát", "hỗ trợ", "ưu tiên", "làm tốt",
    "thường xuyên", "kịp thời", "quyết liệt", "phải", "cần", "được giao", "căn cứ", "theo chức năng",
    "giúp", "bám", "bám sát", "làm rõ", "đi sâu", "phân công", "giới thiệu", "kiện toàn", "tiếp thu",
    "thông báo", "phát động", "chăm lo", "trực tiếp", "phân tích", "sớm", "khắc phục",
    "tuần tra", "vận hành", "tiếp nhận", "rút kinh nghiệm", "chủ động", "phổ biến", "quản lý",
    "sẵn sàng", "bảo vệ", "ngăn chặn", "tham gia", "sơ tán", "di dời", "chấn chỉnh", "đánh giá",
    "tổng kết", "sơ kết", "kiểm điểm", "tập huấn", "bồi dưỡng", "mua sắm", "sửa chữa", "đưa",
    "chỉnh trang", "giữ gìn", "đẩy nhanh", "phát hiện", "nắm bắt", "nắm chắc", "xác minh", "củng cố",
    "giải ngân", "thu hồi", "mở rộng", "điều tra", "phân bổ", "hoàn tất", "điều phối", "chi trả",
    "thẩm tra", "kiểm soát", "ra quân", "khảo sát", "truy vết", "khử khuẩn", "tiêu độc", "có nhiệm vụ", "tuyên truyền",
]  # fmt: skip
# narrative: the subject did it, or will ("UBND phường đã nghe …", "BTV Huyện ủy vừa có Công văn …")
NARRATIVE = re.compile(r"(?:^|\s)(?:đã|vừa|đang|sẽ|mới|được|đã được|cũng đã|cũng|vẫn|luôn|chưa)\s*$")
_TONED = set("àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def _tolerant(verb_key: str) -> str | None:
    """A verb as OCR leaves it when it drops the letters that carry a tone ("phi hp vi" for
    "phối hợp với", "ch trì" for "chủ trì"); None when too little would be left to be sure."""
    kept = sum(1 for ch in verb_key if ch.isalpha() and ch not in _TONED)
    if kept < 3:
        return None
    return "".join(f"(?:{re.escape(ch)})?" if ch in _TONED else re.escape(ch) for ch in verb_key)


def _verb_pattern(tolerant: bool) -> re.Pattern[str]:
    parts = []
    for verb in sorted(set(VERBS), key=len, reverse=True):
        pattern = words_pattern(verb)
        loose = _tolerant(key(verb)) if tolerant else None
        if loose is not None:
            pattern = "(?:" + pattern + "|" + loose.replace(" ", r"\s*") + ")"
        parts.append(pattern)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


_VERB = _verb_pattern(tolerant=False)
_VERB_TOLERANT = _verb_pattern(tolerant=True)
# a verb right after these is part of a name written in lower case: "ban chỉ đạo", "ban tổ chức",
# "ban chấp hành", "tổ kiểm tra", "Đội quản lý thị trường", "các tổ chức", "cơ quan chủ trì"
# (capitalised names are known by their capitals)
_NAME_HEAD = keyed(
    r"(?<!\w)(?:ban|tổ|đội|hội đồng|ủy ban|uỷ ban|trung tâm|bộ phận|cơ quan|các|những|mọi|của|khối)\s*$"
)
# "tổ chức đảng", "tổ chức chính trị - xã hội", "lãnh đạo UBND": the noun, not the verb
_NOUN_AFTER = {
    key("tổ chức"): keyed(
        r"\s*(?:đảng|cơ sở|chính trị|đoàn thể|xã hội|hội|kinh tế|tôn giáo|thành viên|quốc tế|tín dụng)(?!\w)"
    ),
    key("lãnh đạo"): keyed(
        r"\s*(?:ubnd|ủy ban|uỷ ban|hđnd|ubmttq|sở|phòng|ban|cơ quan|đơn vị|địa phương|đảng ủy|đảng uỷ|"
        r"chủ chốt|chính quyền|huyện|tỉnh|xã|thôn)(?!\w)"
    ),
}


VOWEL = re.compile(r"[aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)
_LOWER_WORD = re.compile(r"(?<!\w)[a-zđ]{2,}(?!\w)")


def garbled(text: str) -> bool:
    """OCR that dropped the letters carrying tones leaves words without a vowel ("chc", "hp")."""
    return sum(1 for w in _LOWER_WORD.findall(text) if not VOWEL.search(w)) >= 2


_NAME_DASH = re.compile(r"\w\s+[-–]$")


def find_verb(text: str, text_key: str, start: int, end: int | None = None) -> re.Match[str] | None:
    """The first verb at or after `start` that is a verb here, not part of a name."""
    pattern = _VERB_TOLERANT if garbled(text) else _VERB
    shouting = text.isupper()
    stop = len(text_key) if end is None else end
    for match in pattern.finditer(text_key, start, stop):
        at = match.start()
        # a capitalised word inside a phrase belongs to a proper name ("Ban Chỉ đạo Phòng chống lụt
        # bão"); after a stop or a colon it begins a sentence
        before = text[:at].rstrip()
        # "… Văn hóa - Xã hội", "công chức Địa chính - Xây dựng": a dash between capitalised words joins a name
        in_name = before[-1:].isalnum() or bool(_NAME_DASH.search(before))
        if at > start and text[at].isupper() and not shouting and in_name:
            continue
        if _NAME_HEAD.search(text_key, max(0, at - 16), at):
            continue
        noun = _NOUN_AFTER.get(re.sub(r"\s+", " ", match.group(0)))
        if noun is not None and noun.match(text_key, match.end()):
            continue
        return match
    return None


# ---- cues that assign work ----
_CUE = keyed(r"(?<!\w)(?:yêu cầu|đề nghị|phân công|giao(?:\s+(?:nhiệm vụ|trách nhiệm))?(?:\s+cho)?)(?!\w)")
# "theo yêu cầu", "khi có yêu cầu", "xét đề nghị của", "nhiệm vụ được giao", "bàn giao", "Bộ Ngoại giao"
_NOT_CUE_BEFORE = keyed(
    r"(?<!\w)(?:theo|xét|có|đúng|với|các|những|đáp ứng|được|bàn|chuyển|ngoại|phù hợp|nhiệm vụ|trên|tại|mọi)\s*$"
)
# "yêu cầu của", "yêu cầu đặt ra", "đề nghị này"
_NOT_CUE_AFTER = keyed(r"\s*(?:của|tại|đặt ra|nêu|đề ra|trên|này|đó|về|là|ngày)(?!\w)")
# "giao thông", "giao ban", "giao dịch", "giao việc cho cán bộ", "giao đất"
_NOT_GIVING = keyed(r"\s*(?:thông|ban|dịch|lưu|nhận|đất|khoán|việc|kết|thương|tiếp|ca|hữu|hàng|nộp)(?!\w)")
_GIAO = key("giao")


def find_cue(
    text_key: str, start: int = 0, end: int | None = None, *, text: str | None = None
) -> re.Match[str] | None:
    """The first word that assigns work to whoever follows it. With the text as written, a
    capitalised name after "giao" is its addressee ("Giao Ban Tổ chức …"), not a "giao ban"."""
    stop = len(text_key) if end is None else end
    for match in _CUE.finditer(text_key, start, stop):
        if _NOT_CUE_BEFORE.search(text_key, max(0, match.start() - 14), match.start()):
            continue
        if _NOT_CUE_AFTER.match(text_key, match.end()):
            continue
        if match.group(0) == _GIAO and (following := _NOT_GIVING.match(text_key, match.end())):
            named = (
                text is not None and text[following.end() - len(following.group(0).lstrip()) :][:1].isupper()
            )
            if not named:
                continue
        return match
    return None


def capitalise(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]
