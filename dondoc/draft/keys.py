"""Keys for matching Vietnamese: lower case with one tone placement, offset for offset, and the
letters of the language; the bottom of `draft/`, imported by the language files' loader and by
every stage."""

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
