"""How a body's name is written when a letterhead gives it in capitals, and which body a
letterhead names: Vietnamese writes "Ủy ban nhân dân tỉnh Quảng Trị", "Sở Y tế", "Bộ Giáo dục và
Đào tạo": the head noun in lower case after its first word, each part of a body's own name and
every word of a place's name capitalised, acronyms as they are."""

from __future__ import annotations

import re

from dondoc.draft import language
from dondoc.draft.body_words import BODY_WORDS
from dondoc.draft.words import VOWEL, key

# the words are in lang/header.yaml (a letterhead's names) and lang/units.yaml (the place words)
_PLACE = language.pattern("LetterheadPlace")
_HEAD_NOUN = language.pattern("LetterheadHeadNoun")
_PARTY_UNIT = language.pattern("LetterheadPartyUnit")
_MOTTO = language.pattern("LetterheadMotto")
_NAME_BREAK_WORDS = {key(w) for w in language.words("NameBreak")}
_NAME_JOINS = {key(w) for w in language.words("NameJoin")} | {"-", "–", ","}


def _fixed(rest: str) -> tuple[int, str, bool] | None:
    """A phrase written the same way wherever it stands ("Mặt trận Tổ quốc"): how many words it
    takes, how it is written, and whether it is a Party committee (after which comes its place's
    name, capitalised: "Huyện ủy Sơn Lâm")."""
    if match := language.pattern("LetterheadFixed").match(rest):
        return len(match.group(0).split()), language.table("NameAsWritten")[match.group(0)], False
    if match := language.pattern("LetterheadCommittee").match(rest):
        return len(match.group(0).split()), "", True
    return None


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


# the consonants a Vietnamese syllable may end with: "AN", "ANH", "ẤP" are words, not acronyms
_FINALS = {"c", "ch", "m", "n", "ng", "nh", "p", "t"}


def _acronym(word: str) -> bool:
    """'UBND', 'HĐND', 'MTTQ', 'TW': capitals with no vowel after the first letter."""
    if not word.isupper() or len(word) < 2 or VOWEL.search(word[1:]):
        return False
    return not (VOWEL.match(word) and word[1:].lower() in _FINALS)


def name_case(text: str) -> str:
    """A name from a letterhead in capitals, written as Vietnamese writes a body's name:
    'ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ' -> 'Ủy ban nhân dân tỉnh Quảng Trị', 'SỞ Y TẾ' -> 'Sở Y tế',
    'BỘ GIÁO DỤC VÀ ĐÀO TẠO' -> 'Bộ Giáo dục và Đào tạo'; acronyms ('UBND') stay as they are."""
    words = text.split()
    out: list[str] = []
    i = 0
    proper = False  # inside a place's own name
    in_name = False  # inside a body's own name, where "và" and "-" join capitalised parts
    capital_next = True
    topic = False  # after "về": what the body is about, in lower case
    joined = False
    named = False  # a head noun has begun this body's name
    while i < len(words):
        rest = key(" ".join(words[i:]))
        if (fixed := _fixed(rest)) is not None:
            taken, written, committee = fixed
            written = written or " ".join(w.lower() for w in words[i : i + taken])
            out.append(_capital(written) if (committee or capital_next or not out) else written)
            i += taken
            proper, capital_next, in_name = committee, False, False
            continue
        # "… Thương binh và Xã hội": after a join inside a name, "xã" is a word of it, not a place
        if not joined and (place := _PLACE.match(rest)) is not None:
            taken = len(place.group(0).split())
            written = " ".join(w.lower() for w in words[i : i + taken])
            out.append(_capital(written) if not out else written)
            i += taken
            proper, capital_next, in_name = True, False, False
            continue
        word, lower = words[i], words[i].lower()
        if _acronym(word) and not proper:  # inside a place's name it is OCR's loss ("ĐNH"), not an acronym
            out.append(word)
        else:
            out.append(_capital(lower) if proper or capital_next or not out else lower)
        capital_next = joined = False
        if key(lower) in _NAME_BREAK_WORDS:
            topic, in_name, proper = True, False, False
        elif in_name and (key(lower) in _NAME_JOINS or lower.endswith(",")):
            capital_next = joined = True
        elif lower in ("-", "–"):
            # "BAN CHỈ ĐẠO … - ỦY BAN QUỐC GIA …": a second body's name begins
            capital_next, named, topic, proper = True, False, False, False
        elif not topic and not proper and not named and (head := _HEAD_NOUN.match(rest)) is not None:
            # the first head noun only: "Ban Chỉ đạo phòng chống lụt bão" is about "phòng chống"
            taken = len(head.group(0).split())
            out += [w.lower() for w in words[i + 1 : i + taken]]
            i += taken - 1
            capital_next, in_name, named = True, True, True
        i += 1
    return " ".join(out)


def letterhead_names(letterhead: list[str]) -> list[str]:
    """The names a letterhead's lines give: a line goes on from the one above when it begins with
    a place or a dash ("ỦY BAN NHÂN DÂN / TỈNH QUẢNG TRỊ", "BAN CHỈ ĐẠO … / - ỦY BAN QUỐC GIA …"),
    or with no word a body's name begins with (a narrow cell cut it: "ỦY BAN NHÂN / DÂN",
    "THỦ TƯỚNG CHÍNH / PHỦ"); a line the copy repeats is one line."""
    names: list[str] = []
    previous = None
    for line in letterhead:
        line_key = key(line)
        if _MOTTO.match(line_key):
            break
        if line == previous:
            continue
        previous = line
        if names and (_PLACE.match(line_key) or re.match(r"^[-–]", line) or not _begins_name(line_key)):
            joint = " - " if re.match(r"^[-–]", line) else " "
            names[-1] = f"{names[-1]}{joint}{line.lstrip('-– ')}"
        else:
            names.append(line.strip("-– "))
    return names


def _begins_name(line_key: str) -> bool:
    return any(p.match(line_key) for p in (BODY_WORDS, _HEAD_NOUN, _PARTY_UNIT))


def letterhead_body(letterhead: list[str]) -> str:
    """The body a letterhead names: the lower name is the issuer, a unit of the one above it
    ("UBND TỈNH ĐẮK LẮK / SỞ Y TẾ" is the province's Sở Y tế)."""
    names = letterhead_names(letterhead)
    if len(names) < 2 or not BODY_WORDS.match(key(names[1])):
        return name_case(names[0])
    parent, unit = name_case(names[0]), name_case(names[1])
    # the unit names its own place: "… / SỞ Y TẾ TỈNH X", "ĐẢNG BỘ TỈNH … / HUYỆN ỦY TUY PHONG"
    if any(_PLACE.match(key(" ".join(unit.split()[i:]))) for i in range(len(unit.split()))):
        return unit
    if (committee := language.pattern("LetterheadCommittee").match(key(unit))) and unit[
        committee.end() :
    ].strip():
        return unit
    if key(unit) in (key("Văn phòng"), key("Ban"), key("Thanh tra")):
        return f"{unit} {parent[:1].lower() + parent[1:] if parent[:1].islower() else parent}"
    place = next(
        (
            " ".join(parent.split()[i:])
            for i in range(len(parent.split()))
            if _PLACE.match(key(" ".join(parent.split()[i:])))
        ),
        "",
    )
    return f"{unit} {place}".strip()
