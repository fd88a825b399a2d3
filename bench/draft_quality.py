"""Score `dondoc draft` against a hand-made directive spec, and time it on a long document.

    .venv/bin/python bench/draft_quality.py [DOCUMENT] [SPEC] [--details] [--pages N]

Defaults: the seed document and config/directives/kl-giao-ban-thang-4-2020.yaml.
Tasks are matched one to one by text similarity (Dice over words, best pairs first, at least
0.5); recall and precision count matched tasks; lead-agency and deadline accuracy are over the
matched pairs, comparing registry codes and the resolved due day.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from dondoc.directives.duerules import parse_due_rule
from dondoc.directives.registry import Registry, load_agencies
from dondoc.directives.spec import DirectiveSpec, read_spec
from dondoc.draft import Draft, draft_file, draft_lines
from dondoc.draft.reading import read_lines
from dondoc.record.text import fold
from dondoc.record.workcalendar import WorkCalendar, load_calendar

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "config" / "documents" / "ket-luan-giao-ban-thang-4-2020.txt"
SEED_SPEC = ROOT / "config" / "directives" / "kl-giao-ban-thang-4-2020.yaml"
THRESHOLD = 0.5


@dataclass
class Pair:
    hand: int
    drafted: int
    similarity: float


@dataclass
class Scores:
    hand_tasks: int
    drafted_tasks: int
    pairs: list[Pair]
    lead_right: int
    due_right: int
    explicit_due: int
    explicit_due_right: int

    @property
    def recall(self) -> float:
        return len(self.pairs) / self.hand_tasks if self.hand_tasks else 0.0

    @property
    def precision(self) -> float:
        return len(self.pairs) / self.drafted_tasks if self.drafted_tasks else 0.0

    @property
    def lead_accuracy(self) -> float:
        return self.lead_right / len(self.pairs) if self.pairs else 0.0

    @property
    def due_accuracy(self) -> float:
        return self.due_right / len(self.pairs) if self.pairs else 0.0


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", fold(text)))


def similarity(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    total = sum(wa.values()) + sum(wb.values())
    return 2 * sum((wa & wb).values()) / total if total else 0.0


def match(hand: list[str], drafted: list[str]) -> list[Pair]:
    candidates = sorted(
        (Pair(i, j, similarity(h, d)) for i, h in enumerate(hand) for j, d in enumerate(drafted)),
        key=lambda p: -p.similarity,
    )
    used_hand: set[int] = set()
    used_drafted: set[int] = set()
    pairs = []
    for pair in candidates:
        if pair.similarity < THRESHOLD:
            break
        if pair.hand in used_hand or pair.drafted in used_drafted:
            continue
        used_hand.add(pair.hand)
        used_drafted.add(pair.drafted)
        pairs.append(pair)
    return sorted(pairs, key=lambda p: p.hand)


def _code(registry: Registry, name: str | None) -> str | None:
    found = registry.resolve(name) if name else None
    return found.code if found else name


def _due_day(due: object, issued_on: dt.date, calendar: WorkCalendar) -> dt.date | None:
    try:
        return parse_due_rule(due).resolve(issued_on, calendar)
    except ValueError:
        return None


def score(draft: Draft, spec: DirectiveSpec, registry: Registry, calendar: WorkCalendar) -> Scores:
    pairs = match([t.text for t in spec.tasks], [t.text for t in draft.tasks])
    lead_right = due_right = explicit = explicit_right = 0
    for pair in pairs:
        hand, drafted = spec.tasks[pair.hand], draft.tasks[pair.drafted]
        lead_right += _code(registry, hand.lead) == _code(registry, drafted.lead)
        same_day = _due_day(hand.due, spec.issued_on, calendar) == _due_day(
            drafted.due, draft.issued_on, calendar
        )
        due_right += same_day
        if hand.due_text:
            explicit += 1
            explicit_right += same_day
    return Scores(len(spec.tasks), len(draft.tasks), pairs, lead_right, due_right, explicit, explicit_right)


def report(scores: Scores, draft: Draft, spec: DirectiveSpec, registry: Registry, details: bool) -> None:
    print(
        f"hand-made tasks: {scores.hand_tasks}, drafted tasks: {scores.drafted_tasks}, matched: {len(scores.pairs)}"
    )
    print(f"task recall:       {scores.recall:.3f}")
    print(f"task precision:    {scores.precision:.3f}")
    print(f"lead accuracy:     {scores.lead_accuracy:.3f} ({scores.lead_right}/{len(scores.pairs)} matched)")
    print(f"deadline accuracy: {scores.due_accuracy:.3f} ({scores.due_right}/{len(scores.pairs)} matched)")
    print(f"explicit deadlines right: {scores.explicit_due_right}/{scores.explicit_due}")
    header = [
        ("kind", spec.kind.value, draft.kind),
        ("issuer", _code(registry, spec.issuer), _code(registry, draft.issuer)),
        ("issued_on", spec.issued_on.isoformat(), draft.issued_on.isoformat()),
        ("number", spec.number, draft.number or "(trống)"),
    ]
    print("header: " + ", ".join(f"{name} {'ok' if a == b else f'{b!r}≠{a!r}'}" for name, a, b in header))
    if not details:
        return
    matched_drafted = {p.drafted for p in scores.pairs}
    by_hand = {p.hand: p for p in scores.pairs}
    for i, task in enumerate(spec.tasks):
        pair = by_hand.get(i)
        if pair is None:
            print(f"  MISSED  {task.id}")
            continue
        drafted = draft.tasks[pair.drafted]
        lead = (
            ""
            if _code(registry, task.lead) == _code(registry, drafted.lead)
            else f" lead {drafted.lead}≠{task.lead}"
        )
        print(f"  {pair.similarity:.2f}  {task.id} ← {drafted.id}{lead}")
    for j, drafted in enumerate(draft.tasks):
        if j not in matched_drafted:
            print(f"  EXTRA   {drafted.id}")


def long_document(lines: list[str], pages: int) -> list[str]:
    """The seed grown to about `pages` pages (≈3,000 characters each) by repeating its tasking
    items with their dates and numbers varied, so every rule still has work to do."""
    intro = next(i for i, line in enumerate(lines) if line.rstrip().endswith("như sau:"))
    closing = next(i for i, line in enumerate(lines) if line.startswith("Trân trọng"))
    head, items, tail = lines[: intro + 1], lines[intro + 1 : closing], lines[closing:]
    grown = list(head)
    round_ = 0
    while sum(len(line) for line in grown) < pages * 3000:
        round_ += 1
        for line in items:
            varied = re.sub(r"\b16 tháng 4\b", f"{16 + round_ % 10} tháng 4", line)
            varied = re.sub(r"\b15 ngày\b", f"{15 + round_} ngày", varied)
            grown.append(varied.replace("tiểu khu 338", f"tiểu khu {338 + round_}"))
    return grown + tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", nargs="?", type=Path, default=SEED)
    parser.add_argument("spec", nargs="?", type=Path, default=SEED_SPEC)
    parser.add_argument("--config", type=Path, default=ROOT / "config")
    parser.add_argument("--details", action="store_true", help="list every hand-made task and its match")
    parser.add_argument("--pages", type=int, default=20, help="time a document of about this many pages")
    args = parser.parse_args(argv)
    registry = load_agencies(args.config)
    calendar = load_calendar(args.config)
    spec, _ = read_spec(args.spec)
    draft = draft_file(args.document, registry, calendar)
    report(score(draft, spec, registry, calendar), draft, spec, registry, args.details)
    if args.pages:
        lines = long_document(read_lines(args.document), args.pages)
        characters = sum(len(line) for line in lines)
        started = time.perf_counter()
        long_draft = draft_lines(lines, registry, calendar)
        elapsed = time.perf_counter() - started
        print(
            f"timing: {characters} characters (~{characters / 3000:.0f} pages), "
            f"{len(long_draft.tasks)} tasks drafted in {elapsed:.3f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
