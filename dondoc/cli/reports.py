"""`dondoc report`: the giao ban report of a month or of some days, as a terminal table, JSON,
or a Word, Excel or HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from dondoc.cli.app import command, console, load_context, print_json
from dondoc.reading.period_report import build_report
from dondoc.reading.periods import choose_period
from dondoc.reading.report_rows import PeriodReport
from dondoc.record import clock
from dondoc.record.errors import DondocError
from dondoc.reports.files import ReportFormat, default_path, write_report
from dondoc.reports.layout import rate_text


def _table(report: PeriodReport) -> None:
    title = f"Tình hình thực hiện {report.period.label}, tính đến {clock.format_datetime(report.as_of)}"
    table = Table(title=title, caption="Xong: hoàn thành (đã xác nhận). Đang làm: kể cả việc chờ xác nhận.")
    # the name on one line, cut with an ellipsis: the counts must stay readable at 80 columns
    # (codes are in --json)
    table.add_column("Cơ quan", no_wrap=True, overflow="ellipsis", max_width=24)
    total = report.totals
    # what is rare (no deadline, cancelled) gets a column only when it occurs: 80 columns are few
    columns = [
        ("Giao", "assigned"),
        ("Xong đúng hạn", "done_on_time"),
        ("Xong quá hạn", "done_late"),
        ("Đang làm trong hạn", "open_within_deadline"),
        ("Đang làm quá hạn", "open_overdue"),
        *((("Không hạn", "no_deadline"),) if total.no_deadline else ()),
        *((("Hủy", "cancelled"),) if total.cancelled else ()),
    ]
    for header, _ in columns:
        table.add_column(header, justify="right", min_width=5)
    table.add_column("Tỷ lệ", justify="right", min_width=5)
    for row in [*report.agencies, None]:
        counts = row.counts if row else total
        cells = [*(str(getattr(counts, name)) for _, name in columns), rate_text(counts.on_time_rate)]
        if row is None:
            table.add_row("[bold]Tổng cộng[/]", *(f"[bold]{c}[/]" for c in cells))
        else:
            table.add_row(row.name, *cells)
    console.print(table)
    if report.is_empty:
        console.print("Không có việc nào trong phạm vi báo cáo.")


def _format_of(path: Path | None) -> ReportFormat:
    suffix = path.suffix.lstrip(".").lower() if path else ""
    written = {f.value for f in ReportFormat} - {ReportFormat.TABLE.value}
    if suffix not in written:
        raise DondocError(
            f"-o {path}: không biết ghi dạng nào; dùng --format docx|xlsx|html|json hoặc đuôi tệp tương ứng"
        )
    return ReportFormat(suffix)


@command("report")
def report_command(
    month: Annotated[str | None, typer.Option("--month", help="Tháng báo cáo, YYYY-MM.")] = None,
    first: Annotated[str | None, typer.Option("--from", help="Từ ngày (YYYY-MM-DD hoặc dd/mm/yyyy).")] = None,
    last: Annotated[str | None, typer.Option("--to", help="Đến ngày (YYYY-MM-DD hoặc dd/mm/yyyy).")] = None,
    directive: Annotated[
        list[str] | None,
        typer.Option("--directive", help="Số hiệu văn bản (lặp lại được); mặc định: tất cả."),
    ] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="Dạng báo cáo.")] = ReportFormat.TABLE,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Tệp ghi ra (mặc định: $DONDOC_HOME/reports/).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON (như --format json).")] = False,
) -> None:
    """Báo cáo giao ban: giao, hoàn thành đúng hạn, quá hạn, đang thực hiện trong hạn, quá hạn, theo cơ quan."""
    ctx = load_context()
    ctx.require_database()
    now = clock.now()
    period = choose_period(month=month, first=first, last=last, now=now)
    with ctx.session() as session:
        report = build_report(session, period=period, now=now, calendar=ctx.calendar, directives=directive)
    fmt = ReportFormat.JSON if as_json else fmt
    if output is None and fmt in (ReportFormat.TABLE, ReportFormat.JSON):
        if fmt is ReportFormat.JSON:
            print_json(report.as_json())
        else:
            _table(report)
        return
    if fmt is ReportFormat.TABLE:  # -o FILE without --format: the file's extension says which
        fmt = _format_of(output)
    path = write_report(
        report, fmt, output or default_path(ctx.settings.home, report, fmt), config_dir=ctx.config_dir
    )
    console.print(f"Đã ghi báo cáo {report.period.label} ({fmt.value}): ", end="")
    typer.echo(str(path.resolve()))
