"""Ruled tables on a scanned page, found by their lines: a plan's task table printed with its
borders. Tesseract reads a page as lines of text and knows nothing of cells, so a table's row
would come back as its cells' lines one after another; here the ruling says which words share a
cell, and is taken off the page before OCR (a border read as "|" or "l" helps nobody).

The page is already straightened (`cleanup`). A horizontal rule is a long run of ink along a
pixel row; between two rules, a vertical border is a column of pixels inked over nearly all of
the band's height, which no letter is. Bands whose outer borders line up form a table; a cell
whose top border is missing is merged with the cell above (its text stands for both rows, as
the Word and PDF readers give it)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from PIL import Image

# darker than this is ink (the page is grey, coloured ink already taken out)
_INK = 150
# a rule is at least this share of the page's width in one unbroken run
_RULE_SHARE = 0.12
# a vertical border inks at least this share of its band's height
_BORDER_SHARE = 0.85
# a band lower than this share of the page's width is the double line of a thick rule
_LEAST_BAND_SHARE = 0.012
# positions within this share of the page's width are the same border
_SAME_BORDER_SHARE = 0.01
# a cell's top border counts when it inks this share of the cell's width
_TOP_BORDER_SHARE = 0.5
# the blur of a scan widens a line by a pixel or two on each side
_SPREAD = 2


@dataclass(frozen=True)
class Cell:
    left: int
    top: int
    right: int
    bottom: int

    def holds(self, x: float, y: float) -> bool:
        return self.left <= x < self.right and self.top <= y < self.bottom


@dataclass(frozen=True)
class Grid:
    """A table: its rows of cells (a cell merged down is the same Cell in each row it spans) and
    the boxes its ruling occupies."""

    rows: tuple[tuple[Cell, ...], ...]
    ruling: tuple[tuple[int, int, int, int], ...]  # (left, top, right, bottom) boxes of ink

    @property
    def top(self) -> int:
        return min(cell.top for cell in self.rows[0])

    @property
    def bottom(self) -> int:
        return max(cell.bottom for cell in self.rows[-1])

    def cell_at(self, x: float, y: float) -> Cell | None:
        for row in self.rows:
            for cell in row:
                if cell.holds(x, y):
                    return cell
        return None


@dataclass(frozen=True)
class _Rule:
    top: int
    bottom: int
    left: int
    right: int
    inked: np.ndarray  # along the page's width: where this rule has ink


def find_grids(grey: Image.Image) -> list[Grid]:
    """The ruled tables on the page, top to bottom."""
    ink = np.asarray(grey.convert("L")) < _INK
    width = ink.shape[1]
    rules = _rules(ink, max(20, int(width * _RULE_SHARE)))
    grids: list[Grid] = []
    table: list[tuple[_Rule, _Rule, list[int]]] = []
    for upper, lower in itertools.pairwise(rules):
        borders = _borders(ink, upper, lower, width)
        if borders is not None:
            if table and table[-1][1] is not upper:
                grids += _grid(table, width)
                table = []
            table.append((upper, lower, borders))
    grids += _grid(table, width)
    return grids


def without_ruling(grey: Image.Image, grids: list[Grid]) -> Image.Image:
    """The page with the tables' lines painted white, for OCR."""
    if not grids:
        return grey
    page = np.asarray(grey.convert("L")).copy()
    for grid in grids:
        for left, top, right, bottom in grid.ruling:
            page[
                max(0, top - _SPREAD) : bottom + _SPREAD + 1, max(0, left - _SPREAD) : right + _SPREAD + 1
            ] = 255
    return Image.fromarray(page)


def _spread(ink: np.ndarray, axis: int) -> np.ndarray:
    """Ink widened by a couple of pixels along an axis: a blurred or barely tilted line stays whole."""
    spread = ink.copy()
    for shift in range(1, _SPREAD + 1):
        spread |= np.roll(ink, shift, axis=axis) | np.roll(ink, -shift, axis=axis)
    return spread


def _runs_at_least(ink: np.ndarray, length: int) -> np.ndarray:
    """Where ink lies in an unbroken horizontal run of at least `length` pixels."""
    width = ink.shape[1]
    if width < length:
        return np.zeros_like(ink)
    counts = np.pad(np.cumsum(ink, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    full = (counts[:, length:] - counts[:, :-length]) == length  # the window starting at x is all ink
    starts = np.pad(np.cumsum(full, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    # x is covered when a full window starts within the `length` pixels up to it
    x = np.arange(width)
    return (starts[:, np.minimum(x + 1, full.shape[1])] - starts[:, np.maximum(x - length + 1, 0)]) > 0


def _rules(ink: np.ndarray, length: int) -> list[_Rule]:
    """The page's horizontal rules: neighbouring pixel rows holding long runs, as one rule each."""
    covered = _runs_at_least(_spread(ink, axis=0), length)
    inked_rows = np.flatnonzero(covered.any(axis=1))
    rules: list[_Rule] = []
    for group in np.split(inked_rows, np.flatnonzero(np.diff(inked_rows) > 1) + 1):
        if len(group) == 0:
            continue
        inked = np.asarray(covered[group[0] : group[-1] + 1].any(axis=0))
        xs = np.flatnonzero(inked)
        rules.append(_Rule(int(group[0]), int(group[-1]), int(xs[0]), int(xs[-1]), inked))
    return rules


def _borders(ink: np.ndarray, upper: _Rule, lower: _Rule, width: int) -> list[int] | None:
    """The x of each vertical border between two rules, when the band between them is a table
    row (a border at each end of the rules, at least two cells); else None."""
    top, bottom = upper.bottom + 1, lower.top
    if bottom - top < width * _LEAST_BAND_SHARE:
        return None
    left, right = min(upper.left, lower.left), max(upper.right, lower.right)
    if right - left < width * _RULE_SHARE:
        return None
    band = _spread(ink[top:bottom, :], axis=1)[:, left - _SPREAD * 2 : right + _SPREAD * 2 + 1]
    columns = np.flatnonzero(band.mean(axis=0) >= _BORDER_SHARE) + left - _SPREAD * 2
    if len(columns) == 0:
        return None
    borders = [int(g.mean()) for g in np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)]
    near = width * _SAME_BORDER_SHARE * 2
    if abs(borders[0] - left) > near or abs(borders[-1] - right) > near or len(borders) < 2:
        return None
    return borders


def _grid(table: list[tuple[_Rule, _Rule, list[int]]], width: int) -> list[Grid]:
    """A run of table bands as a grid; a table has at least one row of two cells or more."""
    if not table or all(len(borders) < 3 for _, _, borders in table):
        return []
    same = width * _SAME_BORDER_SHARE
    rows: list[tuple[Cell, ...]] = []
    ruling: list[tuple[int, int, int, int]] = []
    for upper, lower, borders in table:
        top, bottom = upper.bottom + 1, lower.top
        row = []
        for left, right in itertools.pairwise(borders):
            above = _cell_above(rows, left, right, same)
            if above is not None and not _has_top_border(upper, left, right):
                merged = Cell(above.left, above.top, above.right, bottom)
                rows = [tuple(merged if cell is above else cell for cell in r) for r in rows]
                row.append(merged)
            else:
                row.append(Cell(left, top, right, bottom))
        rows.append(tuple(row))
        ruling += _segments(upper) + _segments(lower)
        ruling += [(x, top, x, bottom) for x in borders]
    return [Grid(tuple(rows), tuple(ruling))]


def _segments(rule: _Rule) -> list[tuple[int, int, int, int]]:
    """A rule's inked stretches: where a merged cell leaves it open, its text is not painted over."""
    xs = np.flatnonzero(rule.inked)
    runs = np.split(xs, np.flatnonzero(np.diff(xs) > 1) + 1)
    return [(int(run[0]), rule.top, int(run[-1]), rule.bottom) for run in runs if len(run)]


def _cell_above(rows: list[tuple[Cell, ...]], left: int, right: int, same: float) -> Cell | None:
    if not rows:
        return None
    return next(
        (cell for cell in rows[-1] if abs(cell.left - left) <= same and abs(cell.right - right) <= same),
        None,
    )


def _has_top_border(upper: _Rule, left: int, right: int) -> bool:
    span = upper.inked[left:right]
    return bool(span.size) and float(span.mean()) >= _TOP_BORDER_SHARE
