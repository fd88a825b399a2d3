"""The April 2020 report of the seed directive, written as .docx and .xlsx and opened again with
python-docx and openpyxl: every number matches an independent replay of the database; the JSON's
counts add up; a month with nothing in scope is an empty report, not an error."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlmodel import select

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.reading.counts import agency_counts
from dondoc.reading.period_report import build_report
from dondoc.reading.periods import EPOCH, Period, month_period
from dondoc.reading.report_rows import PeriodReport
from dondoc.record.enums import AgencyKind
from dondoc.record.models import Agency
from dondoc.reports.excel import COUNT_COLUMNS, FIRST_DATA_ROW, write_xlsx
from dondoc.reports.letterhead import load_letterhead
from dondoc.reports.word import write_docx
from tests.reports.april import REPORTED_AT, Played, counts_by_agency, oracle, play_april

BUCKETS = ("done_on_time", "done_late", "open_within_deadline", "open_overdue", "no_deadline", "cancelled")
DOCX_COLUMNS = (
    "assigned",
    "done_on_time",
    "done_late",
    "open_within_deadline",
    "open_overdue",
    "no_deadline",
    "cancelled",
)


@pytest.fixture
def played(ctx: Context, seeded: RegistrationResult, monkeypatch: pytest.MonkeyPatch) -> Played:
    return play_april(ctx, monkeypatch)


def april(ctx: Context) -> PeriodReport:
    with ctx.session() as session:
        return build_report(session, period=month_period("2020-04"), now=REPORTED_AT, calendar=ctx.calendar)


def agencies(ctx: Context) -> dict[str, Agency]:
    with ctx.session() as session:
        return {a.code: a for a in session.exec(select(Agency)).all()}


def test_counts_are_the_state_at_the_end_of_april(ctx: Context, played: Played) -> None:
    report = april(ctx)
    expected = counts_by_agency(oracle(ctx, month_period("2020-04"), REPORTED_AT))
    got = {row.agency: row.as_json() for row in report.agencies}
    assert set(got) == set(expected)
    for code, counts in expected.items():
        for name in (*BUCKETS, "assigned", "done_late_original", "extended"):
            assert got[code][name] == counts[name], (code, name)
    rows = {row.agency: row.counts for row in report.agencies}
    # one on time, one late, one on time only thanks to its extension (late against the original)
    assert rows["VPHU"].done_on_time >= 1 and rows["UBND"].done_late == 1
    assert rows["UBMTTQ"].done_on_time == 1 and rows["UBMTTQ"].done_late_original == 1
    assert rows["UBMTTQ"].extended == 1 and rows["HU"].cancelled == 1
    # reported on 29/4 but confirmed on 4/5: still open at the end of April
    assert rows["PYT"].done_on_time == 0 and rows["PYT"].open_within_deadline == 1
    # handed to PTNMT on 5/5: April counts it where it was then
    assert "PTNMT" not in rows and rows["PNNPTNT"].assigned == 3
    assert [e.subtask for e in report.extensions] == [played.extended]
    assert report.extensions[0].previous_due and report.extensions[0].previous_due.isoformat() == "2020-04-16"
    late = next(item for item in report.overdue if item.agency == "VPHU")
    assert late.working_days_late == 9  # 17/4 … 29/4, 30/4 is a holiday
    assert {e.kind for e in late.escalations} == {"overdue", "escalation"}


def test_may_counts_what_april_left_and_the_later_confirmation(ctx: Context, played: Played) -> None:
    with ctx.session() as session:
        may = build_report(session, period=month_period("2020-05"), now=REPORTED_AT, calendar=ctx.calendar)
    expected = counts_by_agency(oracle(ctx, month_period("2020-05"), REPORTED_AT))
    assert {r.agency: r.counts.assigned for r in may.agencies} == {
        k: v["assigned"] for k, v in expected.items()
    }
    rows = {row.agency: row.counts for row in may.agencies}
    assert "VPHU" in rows and rows["PYT"].done_on_time == 1  # on time: judged from its report on 29/4
    assert rows["PTNMT"].assigned == 1 and "HU" in rows and rows["HU"].cancelled == 0


def test_json_counts_add_up(ctx: Context, played: Played) -> None:
    data = april(ctx).as_json()
    assert data["month"] == "2020-04" and data["as_of"] == "2020-04-30T23:59:59+07:00"
    for row in [*data["agencies"], *data["directives"], data["totals"]]:
        middle = row["done_on_time"] + row["done_late"] + row["open_within_deadline"] + row["open_overdue"]
        assert middle == row["assigned"] - row["cancelled"] - row["no_deadline"]
        judged = row["done_on_time"] + row["done_late"] + row["open_overdue"]
        assert row["on_time_rate"] == (round(row["done_on_time"] / judged, 4) if judged else None)
    for name in ("assigned", *BUCKETS):
        assert sum(r[name] for r in data["agencies"]) == data["totals"][name]
        assert sum(r[name] for r in data["directives"]) == data["totals"][name]
    assert data["overdue_total"] == data["totals"]["open_overdue"] == len(data["overdue"])


def test_now_before_the_end_matches_the_current_counts(ctx: Context, played: Played) -> None:
    """Counted "now" (a period still running), the report agrees with the dashboard's four counts."""
    with ctx.session() as session:
        report = build_report(
            session, period=Period(EPOCH, REPORTED_AT.date()), now=REPORTED_AT, calendar=ctx.calendar
        )
        current = agency_counts(session, now=REPORTED_AT, calendar=ctx.calendar)
    rows = {row.agency: row.counts for row in report.agencies}
    for counts in current:
        row = rows[counts.agency]
        assert (row.done_on_time, row.done_late, row.open_overdue, row.no_deadline) == (
            counts.done_on_time,
            counts.done_late,
            counts.open_overdue,
            counts.no_deadline,
        )
        assert row.open_within_deadline == counts.open_within


def _docx_rows(table: Any) -> dict[str, list[str]]:
    return {row.cells[1].text: [c.text for c in row.cells[2:]] for row in table.rows[2:]}


def _expected_line(counts: Counter[str]) -> list[str]:
    return [str(counts[name]) for name in DOCX_COLUMNS]


def test_word_report_numbers_match_the_database(ctx: Context, played: Played, tmp_path: Path) -> None:
    report = april(ctx)
    path = write_docx(report, load_letterhead(ctx.config_dir), tmp_path / "bao-cao.docx")
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    header = document.tables[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text
    assert "Độc lập - Tự do - Hạnh phúc" in header.cell(0, 1).text
    assert "VĂN PHÒNG HĐND VÀ UBND" in header.cell(0, 0).text and "/BC-VP" in header.cell(1, 0).text
    assert header.cell(1, 1).text == "Sơn Lâm, ngày 08 tháng 5 năm 2020"
    assert "BÁO CÁO" in text and "tháng 4 năm 2020" in text
    for section in ("I. TÌNH HÌNH CHUNG", "II. KẾT QUẢ THEO CƠ QUAN, ĐƠN VỊ", "III. KẾT QUẢ THEO VĂN BẢN"):
        assert section in text
    assert len(document.inline_shapes) == 1  # the chart
    signature = document.tables[-1]
    assert "Nguyễn Văn An" in signature.cell(0, 1).text and "PHÓ CHÁNH VĂN PHÒNG" in signature.cell(0, 1).text

    expected = counts_by_agency(oracle(ctx, report.period, REPORTED_AT))
    known = agencies(ctx)
    by_name = {
        known[code].name: counts
        for code, counts in expected.items()
        if known[code].kind is not AgencyKind.THON
    }
    villages: dict[str, Counter[str]] = {}
    for code, counts in expected.items():
        if known[code].kind is AgencyKind.THON:
            parent = next(a for a in known.values() if a.id == known[code].parent_id)
            villages.setdefault(f"Các thôn, tổ dân phố của {parent.name}", Counter()).update(counts)
    rows = _docx_rows(document.tables[1])
    total = rows.pop("Tổng cộng")
    assert set(rows) == set(by_name) | set(villages)
    for name, counts in {**by_name, **villages}.items():
        assert rows[name][: len(DOCX_COLUMNS)] == _expected_line(counts), name
    everything: Counter[str] = Counter()
    for counts in expected.values():
        everything.update(counts)
    assert total[: len(DOCX_COLUMNS)] == _expected_line(everything)
    directives = _docx_rows(document.tables[2])
    assert directives["Kết luận số 125-KL/HU ngày 01/04/2020"][: len(DOCX_COLUMNS)] == _expected_line(
        everything
    )
    overdue = document.tables[3]
    assert len(overdue.rows) - 1 == everything["open_overdue"]


def test_excel_report_numbers_match_the_database(ctx: Context, played: Played, tmp_path: Path) -> None:
    report = april(ctx)
    book = load_workbook(write_xlsx(report, tmp_path / "bao-cao.xlsx"))
    assert book.sheetnames == ["Theo cơ quan", "Theo văn bản", "Quá hạn", "Gia hạn", "Tỷ lệ đúng hạn"]
    sheet = book["Theo cơ quan"]
    expected = counts_by_agency(oracle(ctx, report.period, REPORTED_AT))
    seen = set()
    row = FIRST_DATA_ROW
    while sheet.cell(row, 1).value != "Tổng cộng":
        code = sheet.cell(row, 1).value
        seen.add(code)
        for offset, (name, _) in enumerate(COUNT_COLUMNS):
            value = sheet.cell(row, 4 + offset).value
            assert isinstance(value, int) and value == expected[code][name], (code, name)
        row += 1
    assert seen == set(expected)
    for offset in range(len(COUNT_COLUMNS)):
        column = sheet.cell(row, 4 + offset).column_letter
        assert sheet.cell(row, 4 + offset).value == f"=SUM({column}{FIRST_DATA_ROW}:{column}{row - 1})"
    rate = sheet.cell(row, 4 + len(COUNT_COLUMNS))
    assert rate.value.startswith("=IF(") and rate.number_format == "0.0%"
    overdue = book["Quá hạn"]
    assert overdue.cell(FIRST_DATA_ROW, 1).value == report.overdue[0].subtask
    assert overdue.cell(FIRST_DATA_ROW, 8).value == report.overdue[0].working_days_late
    extension = book["Gia hạn"]
    assert extension.cell(FIRST_DATA_ROW, 1).value == played.extended
    assert extension.cell(FIRST_DATA_ROW, 7).value.date().isoformat() == "2020-04-24"
    charts = book["Tỷ lệ đúng hạn"]._charts
    assert len(charts) == 1 and charts[0].tagname == "barChart"


def test_a_month_with_nothing_in_scope_is_an_empty_report(
    ctx: Context, seeded: RegistrationResult, tmp_path: Path
) -> None:
    with ctx.session() as session:
        march = build_report(session, period=month_period("2020-03"), now=REPORTED_AT, calendar=ctx.calendar)
    assert march.is_empty and march.as_json()["agencies"] == [] and march.totals.assigned == 0
    document = Document(str(write_docx(march, load_letterhead(ctx.config_dir), tmp_path / "m.docx")))
    assert any("không có nhiệm vụ nào" in p.text for p in document.paragraphs)
    book = load_workbook(write_xlsx(march, tmp_path / "m.xlsx"))
    assert book["Theo cơ quan"].cell(FIRST_DATA_ROW, 1).value == "Tổng cộng"
