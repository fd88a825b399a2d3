"""The words of directives: the verbs that end an addressee and the cues that assign work ("yêu
cầu X …", "giao X …", "đề nghị X …", "phân công X …"), kept as data in `lang/cues.yaml`; and the
keys for matching (`keys.py`), which the stages import from here.

Everything here reads the language, never one document: a verb ends the name of the body that
must act ("Sở Y tế | hướng dẫn …") unless it is part of a name ("Ban Chỉ đạo", "Ban Tổ chức",
"các tổ chức chính trị - xã hội", "lãnh đạo UBND"); a cue word is a cue only where it assigns
("yêu cầu Sở Y tế …"), not where it is a noun ("theo yêu cầu", "giao thông", "giao ban").
"""

from __future__ import annotations

import re
from functools import cache
from types import ModuleType

from dondoc.draft.keys import LOWER, UPPER, key, keyed, phrase, words_pattern

__all__ = [
    "LOWER",
    "UPPER",
    "VOWEL",
    "capitalise",
    "find_cue",
    "find_verb",
    "garbled",
    "key",
    "keyed",
    "phrase",
    "words_pattern",
]


def _language() -> ModuleType:
    """The language files' loader, imported at first use: `language.py` takes its keys from this
    module and would find it half-built if this module imported it at the top."""
    from dondoc.draft import language

    return language


@cache
def _pattern(name: str) -> re.Pattern[str]:
    return _language().pattern(name)  # type: ignore[no-any-return]


_TONED = set("àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def _tolerant(verb_key: str) -> str | None:
    """A verb as OCR leaves it when it drops the letters that carry a tone ("phi hp vi" for
    "phối hợp với", "ch trì" for "chủ trì"); None when too little would be left to be sure."""
    kept = sum(1 for ch in verb_key if ch.isalpha() and ch not in _TONED)
    if kept < 3:
        return None
    return "".join(f"(?:{re.escape(ch)})?" if ch in _TONED else re.escape(ch) for ch in verb_key)


@cache
def _verb_pattern(tolerant: bool) -> re.Pattern[str]:
    parts = []
    verbs: tuple[str, ...] = _language().words("ActionVerb")
    for verb in sorted(set(verbs), key=len, reverse=True):
        pattern = words_pattern(verb)
        loose = _tolerant(key(verb)) if tolerant else None
        if loose is not None:
            pattern = "(?:" + pattern + "|" + loose.replace(" ", r"\s*") + ")"
        parts.append(pattern)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


# the noun, not the verb: "tổ chức đảng", "tổ chức chính trị - xã hội"; "lãnh đạo UBND"
_NOUN_AFTER = {key("tổ chức"): "OrganisationKindStart", key("lãnh đạo"): "LedBodyStart"}


VOWEL = re.compile(r"[aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)
_LOWER_WORD = re.compile(r"(?<!\w)[a-zđ]{2,}(?!\w)")


def garbled(text: str) -> bool:
    """OCR that dropped the letters carrying tones leaves words without a vowel ("chc", "hp")."""
    return sum(1 for w in _LOWER_WORD.findall(text) if not VOWEL.search(w)) >= 2


_NAME_DASH = re.compile(r"\w\s+[-–]$")
_NEXT_WORD = re.compile(r"(?<!\w)\w")


def find_verb(text: str, text_key: str, start: int, end: int | None = None) -> re.Match[str] | None:
    """The first verb at or after `start` that is a verb here, not part of a name."""
    pattern = _verb_pattern(tolerant=garbled(text))
    shouting = text.isupper()
    stop = len(text_key) if end is None else end
    position = start
    while (match := pattern.search(text_key, position, stop)) is not None:
        at = match.start()
        # a match skipped below may hide a verb that begins inside it ("viễn thông | báo cáo")
        following = _NEXT_WORD.search(text_key, at + 1, stop)
        position = following.start() if following else stop
        # a capitalised word inside a phrase belongs to a proper name ("Ban Chỉ đạo Phòng chống lụt
        # bão"); after a stop or a colon it begins a sentence
        before = text[:at].rstrip()
        # "… Văn hóa - Xã hội", "công chức Địa chính - Xây dựng": a dash between capitalised words joins a name
        in_name = before[-1:].isalnum() or bool(_NAME_DASH.search(before))
        if at > start and text[at].isupper() and not shouting and in_name:
            continue
        # "ban chỉ đạo", "tổ kiểm tra", "các tổ chức": a verb after a name's head noun is its name
        if _pattern("NameHeadEnd").search(text_key, max(0, at - 16), at):
            continue
        noun = _NOUN_AFTER.get(re.sub(r"\s+", " ", match.group(0)))
        if noun is not None and _pattern(noun).match(text_key, match.end()):
            continue
        return match
    return None


# ---- cues that assign work ----
_GIAO = key("giao")


def find_cue(
    text_key: str, start: int = 0, end: int | None = None, *, text: str | None = None
) -> re.Match[str] | None:
    """The first word that assigns work to whoever follows it. With the text as written, a
    capitalised name after "giao" is its addressee ("Giao Ban Tổ chức …"), not a "giao ban"."""
    stop = len(text_key) if end is None else end
    for match in _pattern("Cue").finditer(text_key, start, stop):
        if _pattern("NotCueBeforeEnd").search(text_key, max(0, match.start() - 14), match.start()):
            continue
        if _pattern("NotCueAfterStart").match(text_key, match.end()):
            continue
        if match.group(0) == _GIAO and (following := _pattern("NotGivingStart").match(text_key, match.end())):
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
