"""Prefect tasks of the monthly report: write the files, publish the table as an artifact."""

from __future__ import annotations

import datetime as dt
from typing import Any

from prefect import task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from dondoc.context import Context
from dondoc.reading.period_report import build_report
from dondoc.reading.periods import Period
from dondoc.reports.files import ReportFormat, default_path, write_report
from dondoc.reports.layout import folded_rows, rate_text

FORMATS = (ReportFormat.DOCX, ReportFormat.XLSX)


@task(name="lap-bao-cao", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=10)
def write_files(
    ctx: Context, period: Period, now: dt.datetime, directives: list[str] | None
) -> dict[str, Any]:
    """Count the period and write it as .docx and .xlsx under $DONDOC_HOME/reports/ (a rerun
    writes the same files again)."""
    with ctx.session() as session:
        report = build_report(session, period=period, now=now, calendar=ctx.calendar, directives=directives)
    files = [
        str(
            write_report(report, fmt, default_path(ctx.settings.home, report, fmt), config_dir=ctx.config_dir)
        )
        for fmt in FORMATS
    ]
    table = [
        {
            "Cơ quan, đơn vị": row.name,
            "Giao": row.counts.assigned,
            "Đúng hạn": row.counts.done_on_time,
            "Quá hạn (đã xong)": row.counts.done_late,
            "Trong hạn": row.counts.open_within_deadline,
            "Quá hạn (đang làm)": row.counts.open_overdue,
            "Tỷ lệ đúng hạn": rate_text(row.counts.on_time_rate),
        }
        for row in folded_rows(report)
    ]
    return {
        "period": period.key,
        "label": period.label,
        "files": files,
        "table": table,
        "totals": report.totals.as_json(),
    }


@task(name="cong-bo-bao-cao", cache_policy=NO_CACHE)
def publish(summary: dict[str, Any]) -> str:
    """The table as an artifact; its description names the files, so the UI says where they are."""
    artifact_id = create_table_artifact(
        table=summary["table"],
        key=f"bao-cao-{summary['period']}",
        description=f"Báo cáo {summary['label']}: " + ", ".join(summary["files"]),
    )
    return str(artifact_id)
