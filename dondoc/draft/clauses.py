"""The clause stage's first step: an item's text cut into the clauses that may each be a task.

Cuts fall at sentence ends and semicolons; at ", chỉ đạo …" (new work after a comma); at
"đồng thời", "nhất là" opening another instruction; at "và phát về từng thôn" (handing the work
down a level); before a report that is a deliverable of its own; and, in running prose, at each
action of a chain after "cần"/"phải". Nothing is cut inside parentheses. The words are in
lang/clauses.yaml and lang/prose.yaml; `assignments` groups the clauses into assignments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.draft import language
from dondoc.draft.words import UPPER, find_verb, key

SENTENCE_END = re.compile(rf"(?<=[^\s.]{{2}})[.?!]\s+(?=[{UPPER}])")
_SEMICOLON = re.compile(r";\s*")
_NEW_ACTION = language.pattern("NewAction")
_ALSO = language.pattern("AlsoCut")
_CONNECTIVE = language.pattern("ClauseConnective")
OPENING_ALSO = language.pattern("AlsoOpener")
_HAND_DOWN = language.pattern("HandDown")
_REPORT = language.pattern("ReportCut")
MODAL = language.pattern("ModalWord")
_CHAIN = language.pattern("ChainCut")
_CUTS = (
    (SENTENCE_END, ". ", "sentence", False),
    (_SEMICOLON, "; ", "semicolon", False),
    (_NEW_ACTION, ", ", "action", True),
    (_ALSO, ", ", "also", True),
    (_HAND_DOWN, " và ", "hand-down", True),
    (_REPORT, ", ", "report", True),
)


@dataclass
class Clause:
    text: str
    separator: str  # what followed it in the item: ". ", "; ", ", " or ""
    cut: str = "start"  # what began it


def clauses(text: str, protect: int = 0, *, chain: bool = False) -> list[Clause]:
    """The item's clauses; nothing is cut before `protect` (an addressee that holds ";" or ":").
    With `chain` (running prose), "… cần A, đẩy nhanh B, tăng cường C" is cut at each action."""
    cuts: list[tuple[int, int, str, str]] = []
    depth_at = _paren_depths(text)
    text_key = key(text)
    if chain and (modal := MODAL.search(text_key)):
        cuts += [
            (m.start(), m.end(), ", ", "chain")
            for m in _CHAIN.finditer(text_key, modal.end())
            if depth_at[m.start()] == 0
            and m.start() >= protect
            and _in_chain(text, text_key, modal, m.start())
        ]
    for pattern, separator, name, on_key in _CUTS:
        source = text_key if on_key else text
        cuts += [
            (m.start(), m.end(), separator, name)
            for m in pattern.finditer(source)
            if depth_at[m.start()] == 0
            and m.start() >= protect
            and (name != "also" or _another_action(text, text_key, m.start(), m.end()))
        ]
    # where two cuts begin together ("; báo cáo kết quả …"), the one that says more wins
    cuts.sort(key=lambda cut: (cut[0], cut[3] != "report"))
    result: list[Clause] = []
    position, cut = 0, "start"
    for start, end, separator, name in cuts:
        if start < position:
            continue
        piece = text[position:start].strip()
        if piece:
            result.append(Clause(piece, separator, cut))
        position, cut = end, name
    tail = text[position:].strip()
    if tail:
        result.append(Clause(tail, "", cut))
    return result


def _in_chain(text: str, text_key: str, modal: re.Match[str], at: int) -> bool:
    """A chain runs to the end of its modal's sentence, and on through sentences that open on
    "Đồng thời, …"; the comma right after that opening is no cut."""
    begun = max([0, *(m.end() for m in SENTENCE_END.finditer(text, 0, at))])
    opening = OPENING_ALSO.match(text_key[begun:])
    if opening is not None and not text_key[begun + opening.end() : at].strip():
        return False
    return begun <= modal.start() or opening is not None


def _another_action(text: str, text_key: str, start: int, end: int) -> bool:
    """Does "đồng thời …" / "nhất là …" begin another instruction? It must open on an action, and
    after "nhất là" that action must not be the one before it narrowed ("… giải quyết công việc,
    đặc biệt là quan tâm giải quyết công việc quan trọng" is one instruction)."""
    connective = _CONNECTIVE.match(text_key, end)
    if connective is None:
        return False
    verb = find_verb(text, text_key, connective.end())
    if verb is None or verb.start() != connective.end():
        return False
    if text_key.startswith(key("đồng thời"), end):
        return True
    before_from = max(text_key.rfind(";", 0, start), text_key.rfind(". ", 0, start), 0)
    comma = re.search(r"[,;.]", text_key[connective.end() :])
    after_to = connective.end() + comma.start() if comma else len(text_key)
    return not (
        _verbs(text, text_key, before_from, start) & _verbs(text, text_key, connective.end(), after_to)
    )


def _verbs(text: str, text_key: str, start: int, end: int) -> set[str]:
    found: set[str] = set()
    while (verb := find_verb(text, text_key, start, end)) is not None:
        found.add(re.sub(r"\s+", " ", verb.group(0)))
        start = verb.end()
    return found


def _paren_depths(text: str) -> list[int]:
    if "(" not in text and "“" not in text:
        return [0] * (len(text) + 1)
    depths, depth = [], 0
    for ch in text:
        depth += ch in "(“"
        depth -= ch in ")”" and depth > 0
        depths.append(depth)
    depths.append(depth)
    return depths
