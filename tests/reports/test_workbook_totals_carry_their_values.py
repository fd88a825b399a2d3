"""The April 2020 workbook read as a viewer that never recalculates reads it (openpyxl with
data_only=True: the values stored beside the formulas): every total and rate has its number, the
same as the report's; read with its formulas, the same cells are still SUM and IF formulas."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.reading.period_report import build_report
from dondoc.reading.periods import month_period
from dondoc.reading.report_rows import PeriodReport
from dondoc.reports.excel import COUNT_COLUMNS, write_xlsx
from tests.reports.april import REPORTED_AT, play_april


@pytest.fixture
def april(ctx: Context, seeded: RegistrationResult, monkeypatch: pytest.MonkeyPatch) -> PeriodReport:
    play_april(ctx, monkeypatch)
    with ctx.session() as session:
        return build_report(session, period=month_period("2020-04"), now=REPORTED_AT, calendar=ctx.calendar)


def _totals_row(sheet: Worksheet) -> int:
    (row,) = [cell.row for cell in sheet["A"] if cell.value == "Tổng cộng"]
    return row


def test_totals_and_rates_are_stored_with_their_values(april: PeriodReport, tmp_path: Path) -> None:
    path = write_xlsx(april, tmp_path / "bao-cao.xlsx")
    values, formulas = load_workbook(path, data_only=True), load_workbook(path)
    total = april.totals
    assert total.assigned > 0 and total.judged > 0

    by_agency = values["Theo cơ quan"]
    row = _totals_row(by_agency)
    stored = [by_agency.cell(row, 4 + i).value for i in range(len(COUNT_COLUMNS))]
    assert stored == [getattr(total, key) for key, _ in COUNT_COLUMNS]
    rate = by_agency.cell(row, 4 + len(COUNT_COLUMNS)).value
    assert rate == pytest.approx(total.done_on_time / total.judged)
    assert str(formulas["Theo cơ quan"].cell(row, 4).value).startswith("=SUM(")
    assert str(formulas["Theo cơ quan"].cell(row, 4 + len(COUNT_COLUMNS)).value).startswith("=IF(")

    by_directive = values["Theo văn bản"]
    row = _totals_row(by_directive)
    assert (
        by_directive.cell(row, 4).value == sum(d.counts.assigned for d in april.directives) == total.assigned
    )

    rates = values["Tỷ lệ đúng hạn"]
    listed = [r for r in rates.iter_rows(min_row=5, values_only=True) if r[0]]
    assert listed and all(r[3] == pytest.approx(r[1] / r[2]) for r in listed), listed
