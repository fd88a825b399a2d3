"""Vietnamese text: NFC everywhere, and a folded key for matching names.

Documents write "Ủy" and "Uỷ", "hóa" and "hoá": the old and new tone placements
are the same word, so matching compares them with the tone moved to one place.
"""

from __future__ import annotations

import re
import unicodedata

# old-style placement (tone on the first vowel of oa/oe/uy) -> new-style, as decomposed sequences
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_SHIFT = re.compile(rf"(?i)([ou])([{_TONES}])([aeyê]|e\u0302)(?![a-zđ])")
_SPACES = re.compile(r"[\s\u00a0]+")
_DASHES = re.compile(r"\s*[-–—‐]\s*")
# marks and overrides that change the direction text is shown in: "bien-ban\u202efdp.bat" shows
# as "bien-bantab.pdf". Vietnamese never needs them
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def without_bidi(text: str) -> str:
    return _BIDI.sub("", text)


def clean(text: str) -> str:
    """NFC with runs of white space folded to one space."""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold(text: str) -> str:
    """A key for comparing names: lower case, one tone placement, one dash, one space."""
    decomposed = unicodedata.normalize("NFD", clean(text).lower())
    decomposed = _TONE_SHIFT.sub(r"\1\3\2", decomposed)
    folded = unicodedata.normalize("NFC", decomposed)
    return _DASHES.sub(" - ", folded).replace("&", " & ").replace("  ", " ").strip()


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
