"""A body as the text names it, where the names of a written list begin and end, and a list of
names without repeats."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.directives.registry import AgencyInfo
from dondoc.draft.body_words import BODY_WORDS, LEVEL_LIST_END, NAME_END, PLACE_END, PLACE_LAST, SEPARATORS
from dondoc.draft.keys import UPPER
from dondoc.draft.words import find_verb

# "Chánh Hưng, Phú Định và Bình Đông": capitalised names, one after another
_PROPER_NAMES = re.compile(rf"(?:(?:\s*,\s*|\s+và\s+|\s+)[{UPPER}]\w*(?:\s+[{UPPER}]\w*)*)+")


@dataclass
class Named:
    """A body the text names: resolved to the registry, or kept as written."""

    written: str
    agency: AgencyInfo | None = None

    @property
    def value(self) -> str:
        return self.agency.code if self.agency else self.written


def list_pieces(span: str) -> list[tuple[int, int]]:
    """Where the names of a list begin and end, between its commas, semicolons and "và"."""
    found, position = [], 0
    for separator in SEPARATORS.finditer(span):
        if span[position : separator.start()].strip():
            found.append((position, separator.start()))
        position = separator.end()
    if span[position:].strip():
        found.append((position, len(span)))
    return found


def unique(names: list[Named]) -> list[Named]:
    seen: set[str] = set()
    result = []
    for name in names:
        if name.value not in seen:
            seen.add(name.value)
            result.append(name)
    return result


def action_start(
    clause: str, clause_key: str, start: int, verb: re.Match[str], *, opening: bool = True
) -> int:
    """Where the work begins after a body's name that starts at `start`, the first verb found at
    `verb`: past the verbs that are words of the name ("… đầu tư xây dựng tỉnh"), at the end its
    own words give it. After a cue the addressee may be a list with levels inside ("Giao các sở,
    ngành tỉnh; UBND các huyện, …"): its levels do not end it."""
    for _ in range(3):
        if (beyond := past_place(clause, clause_key, start, verb)) is None:
            break
        following = find_verb(clause, clause_key, beyond)
        if following is None:
            return beyond
        verb = following
    return name_end(clause, clause_key, start, verb.start(), levels=opening)


def name_end(clause: str, clause_key: str, start: int, verb_start: int, *, levels: bool = True) -> int:
    """Where a body's name that opens a clause ends, the first verb after it at `verb_start`: at a
    word that ends a name though it is no verb ("Sở Nội vụ | có giải pháp"); after a list of levels
    ("UBND các xã, phường liên quan | triển khai") and the proper names that follow it ("Đảng ủy
    các phường Chánh Hưng, Phú Định | đưa …"); after the body's place ("Đài … tỉnh | tăng …")."""
    end = verb_start
    if (stop := NAME_END.search(clause_key, start, end)) is not None and stop.start() > start:
        end = stop.start()
    if not BODY_WORDS.match(clause_key, start):
        return end
    # one character past the verb's start, so that the lookahead sees the verb follow
    listed = LEVEL_LIST_END.search(clause_key, start, min(len(clause_key), end + 1)) if levels else None
    if listed is not None:
        proper = _PROPER_NAMES.match(clause, listed.end())
        return min(end, proper.end() if proper else listed.end())
    if (place := PLACE_END.search(clause, start, min(len(clause), end + 1))) is not None:
        return min(end, place.end())
    return end


def past_place(clause: str, clause_key: str, start: int, verb: re.Match[str]) -> int | None:
    """ "Ban Quản lý các dự án đầu tư xây dựng tỉnh | làm việc …": a verb right before the body's
    place is a word of its name; where the name ends then, None when the verb is the action."""
    if not BODY_WORDS.match(clause_key, start):
        return None
    place = PLACE_END.match(clause, verb.end() + 1) or PLACE_LAST.match(clause, verb.end() + 1)
    if place is None or not clause[verb.end() : verb.end() + 1].isspace():
        return None
    return place.end()
