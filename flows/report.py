"""The giao ban report: deployed monthly (the 1st, 07:00), it writes last month's report as
.docx and .xlsx under $DONDOC_HOME/reports/ and publishes the table as a Prefect artifact."""

from __future__ import annotations

from typing import Any

from prefect import flow

from dondoc.context import Context
from dondoc.reading.periods import month_period, previous_month
from dondoc.record.clock import local_today, parse_instant
from dondoc.record.clock import now as clock_now
from tasks.report import publish, write_files


@flow(name="report", log_prints=True)
async def report(
    month: str | None = None, now: str | None = None, directives: list[str] | None = None
) -> dict[str, Any]:
    """`month` (YYYY-MM) defaults to the month before `now`; `now` (ISO 8601) pins the clock."""
    ctx = Context.load()
    at = parse_instant(now) if now else clock_now()
    period = month_period(month) if month else previous_month(local_today(at))
    summary = write_files(ctx, period, at, directives)
    summary["artifact"] = publish(summary)
    print(f"report {period.key}: {', '.join(summary['files'])}")
    return summary
