"""Who is asked to act: the addressee of an assignment, who supports it, and how far it fans out.

Names are matched through the agency registry (codes, names, aliases, both tone placements).
A name the registry does not know is kept as the document writes it: a document from above
names its own levels ("Ban Chỉ huy PCLB các tỉnh", "các Bộ, ngành"), and no registry body may
stand in for them. Only in the district's own documents (issued by a body of the registry) do
collective words ("các cấp ủy Đảng", "khối tuyên truyền", "các đoàn thể") stand for the
district's bodies, and does the field a sentence is about ("bảo vệ rừng", "hộ nghèo") suggest
who usually leads it; both are guesses the draft flags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.directives.registry import AgencyInfo, Registry
from dondoc.draft.body_words import (
    BODY_WORDS,
    BUSINESS,
    COMRADE,
    COOPERATE,
    COOPERATE_TOLERANT,
    DIRECTS,
    FIELD,
    FRONTED,
    GENERIC,
    GROUPS,
    HEAD_OF,
    KIND_GROUPS,
    LIST_SEPARATOR,
    LOCAL,
    MAX_WORDS,
    NAME_GOES_ON,
    NARRATIVE_WORD,
    PLURAL,
    PURPOSE,
    RESPONSIBILITY,
    ROLE,
    STAFF,
    SUGGEST,
    TOWARDS,
    UNSPECIFIED,
    WORD,
)
from dondoc.draft.fields import GENERAL, Topic, level_of, names_a_level, topic_of, without_levels
from dondoc.draft.name_lists import Named, action_start, list_pieces, unique
from dondoc.draft.words import find_cue, find_verb, key

__all__ = ["AgencyFinder", "Named", "Subject"]
from dondoc.record.enums import AgencyKind


@dataclass
class Subject:
    """Whoever a clause asks to act, and where in the clause the asking and the action begin."""

    names: list[Named]
    written: str | None  # the addressee as the document writes it; None when a cue names nobody
    unspecified: bool  # "các cơ quan, đơn vị": addressed to all
    end: int  # where the action begins
    start: int = 0  # where the cue or the subject begins: the task's text starts here
    cue: bool = False  # after "yêu cầu", "giao", "đề nghị" …
    narrative: bool = False  # "UBND phường đã nghe …": reported, not assigned

    @property
    def resolved(self) -> bool:
        return bool(self.names) and all(n.agency is not None for n in self.names)


def _norm(text_key: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s*[-–—‐]\s*", " - ", text_key.replace("&", " & "))).strip(" .,;:")


class AgencyFinder:
    def __init__(self, registry: Registry, *, own: bool = True):
        self.registry = registry
        # the district's own document: its collective words and its fields may name registry bodies
        self.own = own
        self._index: dict[str, AgencyInfo] = {}
        # a document names the same few bodies again and again
        self._looked_up: dict[str, AgencyInfo | None] = {}
        self._spans: dict[tuple[str, str], list[tuple[str, list[Named]]]] = {}
        for agency in registry:
            for name in (agency.name, *agency.aliases):
                self._index.setdefault(_norm(key(name)), agency)
        roots = [a for a in registry if a.kind is AgencyKind.HUYEN] or [
            a for a in registry if a.parent_code is None
        ]
        self.root = roots[0] if roots else None
        self._name_words = [
            (agency, set(WORD.findall(key(name))) - GENERIC)
            for agency in registry
            for name in (agency.name, *agency.aliases)
        ]
        self.executive = self.lookup("Ủy ban nhân dân huyện") or next(
            (a for a in registry if a.kind is AgencyKind.CHINH_QUYEN and key(a.name).startswith("uỷ ban")),
            None,
        )

    def lookup(self, name: str) -> AgencyInfo | None:
        """The one body a code, a name or an alias stands for."""
        name = name.strip(" .,;:-–")
        if name not in self._looked_up:
            self._looked_up[name] = self.registry.get(name) or self._index.get(_norm(key(name)))
        return self._looked_up[name]

    # ---- names ----
    def resolve(self, written: str) -> list[Named]:
        """The bodies one written name stands for: one, several (a group), or none (unknown)."""
        text = written.strip(" .,;:-–")
        # "đồng chí Phó Chủ tịch UBND huyện phụ trách khối kinh tế": the office holder acts for the body
        office = HEAD_OF.sub("", re.sub(r"\s+phụ trách\s.*$", "", COMRADE.sub("", text), flags=re.I))
        for candidate in (
            text,
            re.sub(r"^(?:các|những)\s+", "", text, flags=re.I),
            HEAD_OF.sub("", text),
            office,
        ):
            if found := self.lookup(candidate):
                return [Named(written=text, agency=found)]
        if not self.own:
            return []
        text_key = _norm(key(text))
        for pattern, names in GROUPS:
            if pattern.fullmatch(text_key):
                return [Named(written=text, agency=a) for name in names if (a := self.lookup(name))]
        for pattern, kind in KIND_GROUPS:
            if pattern.fullmatch(text_key) and self.root:
                return [
                    Named(written=text, agency=a) for a in self.registry.descendants(self.root.code, kind)
                ]
        return []

    def names_in(self, span: str) -> tuple[list[Named], bool]:
        """The bodies a list of names stands for ("A, B và các C"), and whether it addressed everybody."""
        without = without_levels(span)
        if not self.own and without != span.strip(" ,") and not self._known_list(without):
            # a document from above: "UBND các xã, phường" are the communes of its own level, which
            # the registry's bodies do not stand for; kept as written
            return [Named(span.strip(" ,.:"))], False
        # what is left of "Chủ tịch UBND các xã, thị trấn" names no body: the units do the work
        unspecified = without != span.strip(" ,") and bool(UNSPECIFIED.match(key(HEAD_OF.sub("", without))))
        span = without if not unspecified else ""
        pieces = list_pieces(span)
        result: list[Named] = []
        i = 0
        while i < len(pieces):
            # a name may itself hold a comma or "và" ("Phòng Lao động, Thương binh và Xã hội")
            for j in range(min(len(pieces), i + 4), i + 1, -1):
                joined = span[pieces[i][0] : pieces[j - 1][1]]
                if found := self.lookup(joined):
                    result.append(Named(joined, found))
                    i = j
                    break
            else:
                piece = span[pieces[i][0] : pieces[i][1]].strip(" .:")
                found_names = self.resolve(piece)
                if found_names:
                    result.extend(found_names)
                elif UNSPECIFIED.match(key(piece)):
                    unspecified = True
                elif BODY_WORDS.match(key(piece)):
                    result.append(Named(piece))
                i += 1
        return unique(result), unspecified

    def _known_list(self, span: str) -> bool:
        """Every piece of a list is a body the registry knows by that very name."""
        pieces = [span[a:b].strip(" .:") for a, b in list_pieces(span)]
        return bool(pieces) and all(self.lookup(piece) for piece in pieces)

    # ---- the parts of a clause ----
    def subject(self, clause: str, *, anywhere: bool = False) -> Subject | None:
        """Whoever a clause asks to act: after a cue ("Giao Sở Y tế chủ trì …", "… yêu cầu các xã
        rà soát …"), or opening it ("UBND huyện chỉ đạo …"). `anywhere`: in running prose the cue
        may follow its speaker and a purpose ("Để …, Bộ GD&ĐT đề nghị các sở …")."""
        clause_key = key(clause)
        start = 0
        if field_heading := FIELD.match(clause_key):
            start = field_heading.end()
        if fronted := FRONTED.match(clause_key, start):
            start = fronted.end()
        cue = find_cue(clause_key, start, text=clause)
        if cue is not None:
            first_verb = find_verb(clause, clause_key, start, cue.start())
            if anywhere or (first_verb is None and cue.start() - start < 60):
                return self._addressee(clause, clause_key, cue.start(), cue.end())
        if anywhere and (duty := RESPONSIBILITY.search(clause_key)):
            span = clause[duty.start(1) : duty.end(1)]
            names, unspecified = self.names_in(span)
            return Subject(names, span, unspecified and not names, duty.end(), duty.start(), cue=True)
        return self._opening(clause, clause_key, start)

    def _addressee(self, clause: str, clause_key: str, cue_start: int, cue_end: int) -> Subject:
        begin = len(clause_key) - len(clause_key[cue_end:].lstrip(" ,"))
        # "… yêu cầu, trong những tháng cuối năm, phường cần …": the time is not the addressee
        if fronted := FRONTED.match(clause_key, begin):
            begin = fronted.end()
        names_end = self._past_names(clause, begin)
        verb = find_verb(clause, clause_key, max(names_end, begin))
        if verb is not None and verb.start() - begin < 2:
            return Subject([], None, False, verb.start(), cue_start, cue=True)
        colon = clause.find(":", begin)
        end = (
            action_start(clause, clause_key, begin, verb, opening=False) if verb is not None else len(clause)
        )
        if colon != -1 and colon < end and verb is None:
            end = colon
        span = clause[begin:end].strip(" ,:;")
        if len(span.split()) > MAX_WORDS or (STAFF.match(key(span)) and not ROLE.match(span)):
            return Subject([], None, False, begin, cue_start, cue=True)
        names, unspecified = self.names_in(span)
        lower = bool(span) and not span[:1].isupper()
        # "b) Yêu cầu các doanh nghiệp vận tải niêm yết …", the cue opening an item: whoever the item
        # sits under does the asking; "Sở Nội vụ đề nghị các doanh nghiệp …": they are asked
        asked_by_item = lower and not clause[:cue_start].strip() and bool(BUSINESS.match(key(span)))
        if asked_by_item or (lower and not names and not unspecified and not BODY_WORDS.match(key(span))):
            # not a body at all: whoever the item sits under does the asking
            return Subject([], None, False, begin, cue_start, cue=True)
        return Subject(names, span or None, unspecified and not names, end, cue_start, cue=True)

    def _opening(self, clause: str, clause_key: str, start: int) -> Subject | None:
        names_end = self._past_names(clause, start)
        if (
            names_end > start
            and not LIST_SEPARATOR.match(clause, names_end)
            and not NAME_GOES_ON.match(clause_key, names_end)
        ):
            # a body the registry knows, then its action, whatever verb that is ("… chỉnh trang …")
            span = clause[start:names_end]
            return Subject(self.names_in(span)[0], span, False, names_end, start)
        verb = find_verb(clause, clause_key, max(names_end, start))
        if verb is None or verb.start() - start < 2:
            if names_end > start:
                if NAME_GOES_ON.match(clause_key, names_end) and verb is None:
                    # "Công an tỉnh:", "UBND các xã, phường, đặc khu:": the whole name, not its start
                    names_end = len(clause.rstrip(" .:;"))
                span = clause[start:names_end]
                return Subject(self.names_in(span)[0], span, False, names_end, start)
            return None
        end = action_start(clause, clause_key, start, verb)
        # "Trạm Y tế phường: chủ trì …": the body, then a colon, then its work
        span = clause[start:end].strip(" ,:")
        if len(span.split()) > 30:
            return None
        names, unspecified = self.names_in(span)
        if not names and not unspecified:
            return None
        if not BODY_WORDS.match(key(span)) and not all(n.agency for n in names):
            return None
        narrative = bool(NARRATIVE_WORD.search(key(span)))
        return Subject(names, span, unspecified and not names, end, start, narrative=narrative)

    def _past_names(self, clause: str, start: int) -> int:
        """Where a leading run of registry names ("A, B và C") ends; `start` when there is none."""
        position = start
        while (end := self._name_at(clause, position)) is not None:
            position = end
            separator = LIST_SEPARATOR.match(clause, position)
            if separator is None or self._name_at(clause, separator.end()) is None:
                break
            position = separator.end()
        return position

    def _name_at(self, clause: str, position: int) -> int | None:
        """The end of the longest registry name that starts at `position`."""
        words = list(re.finditer(r"\S+", clause[position : position + 160]))[:12]
        for count in range(len(words), 0, -1):
            candidate = clause[position : position + words[count - 1].end()].rstrip(",;:.")
            if self.lookup(candidate):
                return position + len(candidate)
        return None

    def _after(self, pattern: re.Pattern[str], clause: str) -> list[tuple[str, list[Named]]]:
        """The bodies named after a cue up to the next verb, with the words as written."""
        # the lead-ins of a list are read again for every item under them
        if (pattern.pattern, clause) not in self._spans:
            self._spans[pattern.pattern, clause] = self._spans_after(pattern, clause)
        return self._spans[pattern.pattern, clause]

    def _spans_after(self, pattern: re.Pattern[str], clause: str) -> list[tuple[str, list[Named]]]:
        found: list[tuple[str, list[Named]]] = []
        clause_key = key(clause)
        for match in pattern.finditer(clause_key):
            names_end = self._past_names(clause, match.end())
            verb = find_verb(clause, clause_key, max(names_end, match.end()))
            end = verb.start() if verb else (names_end if names_end > match.end() else len(clause))
            # "chỉ đạo Phòng Văn hóa và Thông tin | in tài liệu tuyên truyền": a known name, then the work
            if (
                match.end() < names_end < end
                and not LIST_SEPARATOR.match(clause, names_end)
                and not NAME_GOES_ON.match(clause_key, names_end)
            ):
                end = names_end
            # "phối hợp với cấp có thẩm quyền để giải quyết": the purpose is not a body
            if purpose := PURPOSE.search(clause_key, match.end(), end):
                end = purpose.start()
            span = clause[match.end() : end].strip(" ,;.")
            if span:
                found.append((span, self.names_in(span)[0]))
        return found

    def directed(self, clause: str) -> list[tuple[str, list[Named]]]:
        """Those a clause tells someone to direct ("chỉ đạo các xã, thị trấn, Mặt trận … rà soát");
        not what it is about ("Ban Chỉ đạo phòng cháy": a name, "chỉ đạo phòng, chống dịch": work)."""
        return [
            (span, names)
            for span, names in self._after(DIRECTS, clause)
            if span[:1].isupper() or PLURAL.match(key(span))
        ]

    def cooperating(self, clause: str) -> list[tuple[str, list[Named]]]:
        """The bodies named after "phối hợp với …"."""
        found = self._after(COOPERATE, clause) or self._after(COOPERATE_TOLERANT, clause)
        # "phối hợp tuyên truyền, vận động …": the work done together, not a partner
        return [
            (span, names)
            for span, names in found
            if names or span[:1].isupper() or PLURAL.match(key(span)) or BODY_WORDS.match(key(span))
        ]

    def topic(self, clause: str) -> Topic | None:
        """The one field a clause is about; GENERAL when about several, None when about none."""
        return topic_of(clause)

    def topic_lead(self, topic: Topic) -> AgencyInfo | None:
        if topic is GENERAL:
            return self.executive
        return self.lookup(topic.lead_name)

    def fan_out(self, text: str, *, named: bool = False) -> tuple[AgencyKind | None, bool]:
        """The level a task fans out to (xã, or thôn) and whether the text names the finer level too."""
        return level_of(text, named=named)

    def suggest(self, written: str, limit: int = 3) -> list[str]:
        """The registry's bodies whose names share most words with `written` ("Bộ Y tế" → "Phòng Y
        tế"); spelling-alike names when none does."""
        words = set(WORD.findall(key(written))) - GENERIC
        # a body of a province or a ministry is closest to the district's, not to a commune's
        local = bool(LOCAL.search(key(written)))
        best: dict[str, tuple[float, AgencyInfo]] = {}
        for agency, name_words in self._name_words:
            if not words or not name_words:
                continue
            score = 2 * len(words & name_words) / (len(words) + len(name_words))
            if agency.kind in (AgencyKind.XA, AgencyKind.THON) and not local:
                score -= 0.25
            if score >= SUGGEST and score > best.get(agency.code, (0.0, agency))[0]:
                best[agency.code] = (score, agency)
        ranked = sorted(best.values(), key=lambda pair: (-pair[0], pair[1].position))
        return [f"{a.name} ({a.code})" for _, a in ranked[:limit]]

    def acting_fan_out(self, clause: str) -> AgencyKind | None:
        """The level a clause hands its work to: the units that open it ("UBND các xã, thị trấn …"),
        that it directs ("chỉ đạo các xã …"), that it goes to ("… phát về từng thôn") or works on
        ("vận động mỗi hộ gia đình"). A level that only qualifies a thing ("Đại hội MTTQ cấp xã")
        hands nothing down."""
        clause_key = key(clause)
        if not names_a_level(clause_key):
            return None
        places = [clause_key[:50]] + [key(span) for span, _ in self.directed(clause)]
        places += [clause_key[m.end() : m.end() + 40] for m in TOWARDS.finditer(clause_key)]
        # the object of the first action: "… vận động mỗi hộ gia đình …"
        if (verb := find_verb(clause, clause_key, 0)) is not None:
            places.append(clause_key[verb.end() : verb.end() + 40])
        # who opens the clause comes first: "UBND các xã … tại từng thôn" is the communes' work
        return next((kind for place in places if (kind := self.fan_out(place)[0]) is not None), None)
