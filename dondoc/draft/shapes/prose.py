"""Assignments in running prose: a report of a directive ("Theo đó, Ban Thường vụ Huyện ủy đề
nghị …"), a conclusion told as news, a copy whose list was flattened into paragraphs.

Sentences are read in order. One that assigns starts an item: a cue and whom it addresses
("… yêu cầu X …", "Giao X …", "… phân công X …"), "trách nhiệm của X trong việc …", or a body
opening it with what it must do ("Các địa phương phải báo cáo …"). A sentence that opens on an
action continues the item before it in the same paragraph ("Làm rõ …", "Yêu cầu gửi báo cáo về
…"). One that only sets a time ("Thời gian hoàn thành …, chậm nhất ngày D và báo cáo kết quả về
…") gives that time to the item before it, and its own action becomes an item of the same
addressee. A list announced as "… một số nhiệm vụ …, bao gồm: a; b; c" gives an item each, with
the time the announcement sets. Everything else (what happened, who attended, what was found)
is not a task, and neither is a title (a short paragraph that ends without a sentence mark).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dondoc.draft import language
from dondoc.draft.agencies import AgencyFinder, Subject
from dondoc.draft.blocks import Block, is_heading
from dondoc.draft.body_words import BODY_WORDS
from dondoc.draft.dates import OPENING_DATE
from dondoc.draft.items import Item
from dondoc.draft.sections import closing_at
from dondoc.draft.shapes.base import Context, Reading
from dondoc.draft.words import UPPER, capitalise, find_verb, key, keyed

_SENTENCE = re.compile(rf"(?<=[^\s.]{{2}}[.?!])\s+(?=[{UPPER}“\"(])")
_TIME_ONLY = keyed(r"^(?:thời gian|thời hạn)(?:\s+(?:hoàn thành|thực hiện|báo cáo|gửi))?(?!\w)")
_AND_THEN = re.compile(r"\s+và\s+")
_TASK_LIST = language.pattern("TaskList")
_ORDINAL = language.pattern("OrdinalStart")
_PASSIVE = language.pattern("Passive")
_ALSO = language.pattern("AlsoOpener")
_SPEAKER = keyed(r"^(?:đồng chí|đ/c)(?!\w)")
_TERMINAL = (".", "?", "!", "…", ";", ":", '"', "”", ")")
_TITLE_LENGTH = 150


@dataclass
class _Open:
    """An item being read: more sentences may still join it."""

    text: str
    context: list[str]
    inherited: Subject | None
    paragraph: int
    prose: bool = True

    def item(self) -> Item:
        return Item(self.text, tuple(self.context), self.inherited, self.prose)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def _active(sentence: str) -> str:
    """ "Các cơ quan, đơn vị được yêu cầu chủ động …" read as "Yêu cầu các cơ quan, đơn vị chủ
    động …": the passive of a cue, its speaker left out."""
    passive = _PASSIVE.search(key(sentence))
    if passive is None or not BODY_WORDS.match(key(sentence)):
        return sentence
    cue = sentence[passive.start() : passive.end()].split(maxsplit=1)[1].strip()
    name = sentence[: passive.start()].strip()
    return f"{capitalise(cue)} {name[:1].lower()}{name[1:]} {sentence[passive.end() :]}"


def prose_items(paragraphs: list[Block], finder: AgencyFinder) -> list[Item]:
    reader = _Reader(finder)
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text
        if is_heading(text) or (len(text) < _TITLE_LENGTH and not text.endswith(_TERMINAL)):
            reader.last = None
            continue
        for sentence in sentences(text):
            reader.read(sentence, index)
    return [entry.item() for entry in reader.found]


class _Reader:
    def __init__(self, finder: AgencyFinder):
        self.finder = finder
        self.found: list[_Open] = []
        self.last: _Open | None = None
        # a list announced without its items ("… một số nhiệm vụ trọng tâm: Thứ nhất, …")
        self.announced: _Open | None = None

    def _add(self, entry: _Open) -> None:
        self.found.append(entry)
        self.last = entry

    def read(self, sentence: str, paragraph: int) -> None:
        sentence = _active(sentence)
        sentence_key = key(sentence)
        if _TIME_ONLY.match(sentence_key):
            self._time(sentence, sentence_key, paragraph)
            return
        if self._enumerated(sentence, sentence_key, paragraph):
            return
        subject = self.finder.subject(sentence, anywhere=True)
        if self._task_list(sentence, sentence_key, subject, paragraph):
            return
        # "Sáng ngày 28/9/2023, UBND huyện tổ chức họp …": a dated sentence tells what happened
        if OPENING_DATE.match(sentence) and (subject is None or not subject.cue):
            self.last = None
            return
        if subject is not None and subject.cue:
            if subject.written is None and self._continues(paragraph):
                assert self.last is not None
                self.last.text = f"{self.last.text} {sentence}"
                return
            self._start(sentence, subject, paragraph)
            return
        if subject is not None and self._assigns(sentence, sentence_key, subject):
            self._start(sentence, subject, paragraph, whole=True)
            return
        if self._continues(paragraph) and self._opens_on_action(sentence, sentence_key):
            assert self.last is not None
            self.last.text = f"{self.last.text} {sentence}"
            return
        self.last = None

    def _start(self, sentence: str, subject: Subject, paragraph: int, *, whole: bool = False) -> None:
        """An item from where the asking begins; what comes before it (a speaker, a purpose, a
        time: "Trước ngày 18/10, …") stays beside it, so a time said there is still its time."""
        begin = 0 if whole else subject.start
        before = sentence[:begin].strip(" ,;")
        inherited = subject if subject.written else None
        self._add(_Open(capitalise(sentence[begin:]), [before] if before else [], inherited, paragraph))

    def _assigns(self, sentence: str, sentence_key: str, subject: Subject) -> bool:
        """A body opening the sentence with an action it must take, not one it took."""
        if subject.narrative or not (subject.names or subject.unspecified) or subject.written is None:
            return False
        if _SPEAKER.match(key(subject.written)):
            return False
        verb = find_verb(sentence, sentence_key, subject.end)
        return verb is not None and verb.start() - subject.end <= 1

    def _continues(self, paragraph: int) -> bool:
        return self.last is not None and self.last.paragraph == paragraph

    def _opens_on_action(self, sentence: str, sentence_key: str) -> bool:
        """ "Làm rõ …", or "Đồng thời, khẩn trương …" (the next instruction, same addressee)."""
        also = _ALSO.match(sentence_key)
        start = also.end() if also else 0
        verb = find_verb(sentence, sentence_key, start)
        return verb is not None and verb.start() == start

    def _time(self, sentence: str, sentence_key: str, paragraph: int) -> None:
        """ "Thời gian hoàn thành việc X, chậm nhất ngày D và báo cáo kết quả về Y.": D is the time of
        the item before; "báo cáo kết quả về Y" is the same addressee's next task, by D too."""
        if self.last is None:
            return
        self.last.context.append(sentence)
        for joint in _AND_THEN.finditer(sentence):
            verb = find_verb(sentence, sentence_key, joint.end())
            if verb is not None and verb.start() == joint.end():
                own = capitalise(sentence[joint.end() :])
                self._add(_Open(own, [sentence[: joint.start()]], self.last.inherited, paragraph))
                return

    def _enumerated(self, sentence: str, sentence_key: str, paragraph: int) -> bool:
        """ "Thứ nhất, tập trung …. Thứ hai, triển khai …": each an item of the list announced."""
        ordinal = _ORDINAL.match(sentence_key)
        if ordinal is None or self.announced is None or self.announced.paragraph != paragraph:
            return False
        announced = self.announced
        self._add(
            _Open(capitalise(sentence[ordinal.end() :]), announced.context, announced.inherited, paragraph)
        )
        return True

    def _task_list(self, sentence: str, sentence_key: str, subject: Subject | None, paragraph: int) -> bool:
        """ "… kết luận một số nhiệm vụ trọng tâm … trong tháng 4/2022, bao gồm: a; b; c." """
        announced = _TASK_LIST.search(sentence_key)
        if announced is None:
            return False
        pieces = [p.strip(" .") for p in re.split(r"\s*;\s*", sentence[announced.end() :]) if p.strip(" .")]
        lead_in = sentence[: announced.end()].rstrip(": ")
        inherited = subject if subject is not None and subject.written and not subject.narrative else None
        if inherited is not None and _SPEAKER.match(key(inherited.written or "")):
            inherited = None
        if len(pieces) < 2:
            first = key(pieces[0]) if pieces else ""
            if sentence_key[: announced.end()].rstrip().endswith(":") and (
                not pieces or _ORDINAL.match(first)
            ):
                # the items follow as sentences of their own ("Thứ nhất, …. Thứ hai, …")
                self.announced = _Open("", [lead_in], inherited, paragraph, prose=False)
                self.last = None
                if pieces:
                    self._enumerated(pieces[0], first, paragraph)
                return True
            return False
        for piece in pieces:
            self._add(_Open(capitalise(piece) + ".", [lead_in], inherited, paragraph, prose=False))
        return True


class Prose:
    """Running prose, read by the sentences that assign ("… yêu cầu X …", "Giao X …")."""

    name = "prose"

    def read(self, blocks: Sequence[Block], open_: Sequence[int], context: Context) -> Reading | None:
        body = [blocks[i] for i in open_]
        body = body[: closing_at(body)]
        return Reading(self.name, set(open_), list(prose_items(body, context.finder)), found_intro=False)
