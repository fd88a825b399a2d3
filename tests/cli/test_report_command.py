"""`dondoc report` in every format, and the extension commands the demo uses: an agency asks,
a coordinator approves, and the report counts the work against the new date (and the old)."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from dondoc.directives.intake import RegistrationResult
from tests.cli_helpers import database_dump, dondoc, dondoc_json
from tests.reports.april import subtask_id

NOW = "2020-05-08T09:00:00+07:00"


def _extended_and_done(ctx, home: Path) -> int:  # type: ignore[no-untyped-def]
    sub = subtask_id(ctx, "tam-dung-su-kien-lam-viec-tai-nha", "UBMTTQ")
    steps = [
        (
            "2020-04-14T10:00:00+07:00",
            "extend",
            str(sub),
            "--by",
            "UBMTTQ",
            "--to",
            "24/04/2020",
            "--reason",
            "Chờ ý kiến",
        ),
        ("2020-04-14T15:00:00+07:00", "approve-extension", str(sub), "--by", "VPHU"),
        ("2020-04-23T10:00:00+07:00", "done", str(sub), "--by", "UBMTTQ"),
        ("2020-04-24T09:00:00+07:00", "confirm", str(sub), "--by", "VPHU"),
    ]
    for when, *command in steps:
        result = dondoc("--now", when, *command)
        assert result.exit_code == 0, result.output
    return sub


def test_report_in_every_format(ctx, seeded: RegistrationResult, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sub = _extended_and_done(ctx, home)
    data = dondoc_json("--now", NOW, "report", "--month", "2020-04")
    mttq = next(r for r in data["agencies"] if r["agency"] == "UBMTTQ")
    assert mttq["done_on_time"] == 1 and mttq["done_late_original"] == 1 and mttq["extended"] == 1
    assert data["extensions"][0]["subtask"] == sub and data["extensions"][0]["granted_due"] == "2020-04-24"
    assert dondoc_json("--now", NOW, "report", "--format", "json", "--month", "2020-04") == data
    table = dondoc("--now", NOW, "report", "--month", "2020-04")
    assert "tháng 4 năm 2020" in table.stdout and "Tổng cộng" in table.stdout and "66,7%" not in table.stdout
    docx = dondoc("--now", NOW, "report", "--month", "2020-04", "--format", "docx")
    assert docx.exit_code == 0 and str(home / "reports" / "bao-cao-2020-04.docx") in docx.stdout
    assert (
        Document(str(home / "reports" / "bao-cao-2020-04.docx")).tables[1].rows[-1].cells[1].text
        == "Tổng cộng"
    )
    xlsx = dondoc(
        "--now", NOW, "report", "--month", "2020-04", "--format", "xlsx", "-o", str(tmp_path / "t.xlsx")
    )
    assert (
        xlsx.exit_code == 0 and load_workbook(tmp_path / "t.xlsx")["Theo cơ quan"].cell(4, 4).value == "Giao"
    )
    html = dondoc(
        "--now", NOW, "report", "--from", "01/04/2020", "--to", "2020-04-15", "-o", str(tmp_path / "r.html")
    )
    assert html.exit_code == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "từ ngày 01/04/2020 đến ngày 15/04/2020" in page and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
    only = dondoc_json("--now", NOW, "report", "--month", "2020-04", "--directive", "125-KL/HU")
    assert only["totals"] == data["totals"] and only["directive_filter"] == ["125-KL/HU"]
    saved = tmp_path / "r.json"
    assert dondoc("--now", NOW, "report", "--month", "2020-04", "--json", "-o", str(saved)).exit_code == 0
    assert json.loads(saved.read_text(encoding="utf-8"))["totals"] == data["totals"]


def test_bad_report_options_are_user_errors(seeded: RegistrationResult, home: Path) -> None:
    for args, words in (
        (["--month", "04/2020"], "--month"),
        (["--month", "2020-04", "--from", "2020-04-01"], "--month hoặc --from"),
        (["--from", "2020-04-30", "--to", "2020-04-01"], "--to"),
        (["--from", "hôm qua"], "--from"),
        (["--directive", "99-KL/HU"], "125-KL/HU"),
    ):
        result = dondoc("report", *args)
        assert result.exit_code == 1 and words in result.stderr and "Traceback" not in result.output, args
    assert dondoc("report", "--format", "pdf").exit_code == 2


def test_a_refused_extension_changes_nothing(ctx, seeded: RegistrationResult, home: Path) -> None:  # type: ignore[no-untyped-def]
    sub = subtask_id(ctx, "tam-dung-su-kien-lam-viec-tai-nha", "UBMTTQ")
    before = database_dump(home)
    for command in (
        ["extend", str(sub), "--by", "UBMTTQ", "--to", "10/04/2020", "--reason", "x"],  # before the due date
        ["extend", str(sub), "--by", "UBMTTQ", "--to", "ngày mai", "--reason", "x"],
        ["extend", str(sub), "--by", "PVHTT", "--to", "24/04/2020", "--reason", "x"],  # not its own
        ["approve-extension", str(sub), "--by", "VPHU"],  # nothing asked
        ["approve-extension", str(sub), "--by", "UBMTTQ"],  # not a coordinator
    ):
        result = dondoc("--now", "2020-04-14T10:00:00+07:00", *command)
        assert result.exit_code == 1 and "Traceback" not in result.output, command
    assert database_dump(home) == before
