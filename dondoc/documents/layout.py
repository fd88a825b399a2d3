"""Lines of OCR'd words put in the order a person reads the page, with blank lines where the
page leaves a gap, and words cut by a hyphen at a line's end made whole."""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass

# words this far apart on one line stand in different columns (in line heights)
_COLUMN_GAP = 4.0
# a gap between lines taller than this share of a line's height is a blank line, as PDF layout
# extraction gives one for the same gap
_PARAGRAPH_GAP = 0.8
# the letterhead's two columns sit in the top part of a page
_HEADER_SHARE = 0.35
# the space between the letterhead and the title, in line heights
_HEADER_GAP = 1.5
_HYPHENATED = re.compile(r"(\w)-$")


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    left: int
    right: int
    top: int
    height: int


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def confidence(self) -> float:
        return sum(word.confidence for word in self.words) / len(self.words)

    @property
    def left(self) -> int:
        return self.words[0].left

    @property
    def right(self) -> int:
        return self.words[-1].right

    @property
    def top(self) -> int:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> int:
        return max(word.top + word.height for word in self.words)


def columns(words: list[Word]) -> list[tuple[Word, ...]]:
    """A line split where a gutter runs through it (the letterhead's two columns on one row)."""
    height = max(word.height for word in words)
    split: list[list[Word]] = [[words[0]]]
    for before, word in itertools.pairwise(words):
        if word.left - before.right > _COLUMN_GAP * height:
            split.append([])
        split[-1].append(word)
    return [tuple(column) for column in split]


def in_reading_order(lines: list[Line], page_height: int) -> list[Line]:
    """Top to bottom, except the letterhead: its left column (the issuer, the number) is read
    before its right one (the national motto, place and date), as the text version gives them.
    The letterhead starts with a row split by a gutter; it runs down the page while lines keep to
    one side of that gutter, close under each other: a line across it, or the space above the
    title, ends it."""
    ordered = sorted(lines, key=lambda line: (line.top, line.left))
    gutter = _gutter(ordered, page_height)
    if gutter is None:
        return ordered
    header: list[Line] = []
    for line in ordered:
        across = line.left < gutter < line.right
        apart = bool(header) and line.top - header[-1].bottom > _HEADER_GAP * (line.bottom - line.top)
        if line.top > page_height * _HEADER_SHARE or across or apart:
            break
        header.append(line)
    left = [line for line in header if line.right <= gutter]
    right = [line for line in header if line.left >= gutter]
    return left + right + ordered[len(header) :]


def _gutter(ordered: list[Line], page_height: int) -> float | None:
    """Where the letterhead's first row is split in two, if it is."""
    for line, beside in itertools.pairwise(ordered[:4]):
        level = abs(beside.top - line.top) < (line.bottom - line.top)
        if level and beside.left > line.right and line.top < page_height * _HEADER_SHARE:
            return (line.right + beside.left) / 2
    return None


def text_lines(lines: list[Line]) -> list[str]:
    """The lines' texts, a "" where the page leaves a paragraph's gap, hyphenation joined."""
    if not lines:
        return []
    height = statistics.median(line.bottom - line.top for line in lines)
    texts: list[str] = []
    previous: Line | None = None
    for line in lines:
        # a line above the previous one starts the letterhead's second column: a new paragraph
        if previous is not None and (
            line.top - previous.bottom > _PARAGRAPH_GAP * height or line.top < previous.top
        ):
            texts.append("")
        texts.append(line.text)
        previous = line
    return join_hyphenated(texts)


def cell_text(words: list[Word]) -> str:
    """A table cell's words as one line of text: its visual lines top to bottom, each left to
    right (Tesseract may have run a row's cells together into one line of its own)."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.top + w.height / 2):
        middle = word.top + word.height / 2
        if rows and abs(middle - _middle(rows[-1])) < 0.5 * max(w.height for w in rows[-1]):
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = [" ".join(w.text for w in sorted(row, key=lambda w: w.left)) for row in rows]
    return " ".join(join_hyphenated(lines))


def _middle(words: list[Word]) -> float:
    return statistics.mean(w.top + w.height / 2 for w in words)


def join_hyphenated(lines: list[str]) -> list[str]:
    """A word cut at the end of a line with a hyphen ("COVID-" / "19 …") is made whole again.
    Vietnamese words break only between syllables, so this is mostly codes and foreign names."""
    joined: list[str] = []
    for line in lines:
        if joined and _HYPHENATED.search(joined[-1]) and line[:1].isalnum():
            head = joined.pop()
            first, _, rest = line.partition(" ")
            # a code keeps its hyphen ("COVID-19", "KL-HU"); a cut lower-case word does not
            glue = "-" if first[:1].isdigit() or first[:1].isupper() else ""
            joined.append(head[:-1] + glue + first)
            if rest:
                joined.append(rest)
            continue
        joined.append(line)
    return joined
