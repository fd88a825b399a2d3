"""How the report is laid out for people: agencies above village level in the tree's order, each
commune followed by one line for its villages together (a district has a hundred villages: listed
one by one they would bury the bodies the meeting discusses), and the date line of a document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dondoc.reading.report_rows import AgencyRow, Counts, PeriodReport
from dondoc.record.clock import to_local


@dataclass
class LayoutRow:
    name: str
    counts: Counts
    # the commune whose villages this line sums up, when it is such a line
    villages_of: str | None = None
    villages: int = 0


def folded_rows(report: PeriodReport) -> list[LayoutRow]:
    """Every agency above village level, in the report's order, and after each commune (or any
    parent) one line summing its villages; the villages' numbers are never lost, only folded."""
    villages: dict[str | None, list[AgencyRow]] = {}
    for row in report.agencies:
        if row.is_village:
            villages.setdefault(row.parent, []).append(row)
    names = {row.agency: row.name for row in report.agencies}
    rows: list[LayoutRow] = []
    placed: set[str | None] = set()
    for row in report.agencies:
        if row.is_village:
            continue
        rows.append(LayoutRow(row.name, row.counts))
        if row.agency in villages:
            rows.append(_villages_line(row.agency, row.name, villages[row.agency]))
            placed.add(row.agency)
    for parent, group in villages.items():
        if parent not in placed:  # a commune with no work of its own still heads its villages
            rows.append(_villages_line(parent, names.get(parent or "", parent or ""), group))
    return rows


def _villages_line(parent: str | None, parent_name: str, group: list[AgencyRow]) -> LayoutRow:
    total = Counts()
    for village in group:
        total.add(village.counts)
    return LayoutRow(
        f"Các thôn, tổ dân phố của {parent_name}", total, villages_of=parent, villages=len(group)
    )


def rate_text(rate: float | None) -> str:
    """'66,7%' with a Vietnamese decimal comma; '—' when nothing can be judged yet."""
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def date_line(place: str, instant: dt.datetime) -> str:
    """'Sơn Lâm, ngày 01 tháng 5 năm 2020': days below 10 and the months January and February
    take a leading zero (Nghị định 30/2020/NĐ-CP)."""
    day = to_local(instant).date()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
