"""The coordinators' "Báo cáo" page: pick a month and directives, read the giao ban report with
its chart, download it as .docx or .xlsx. An agency is refused (403)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlmodel import col

from dondoc.portal.deps import ContextDep, CoordinatorsOnly, WebSession
from dondoc.portal.rendering import page
from dondoc.reading.period_report import build_report
from dondoc.reading.periods import month_period, previous_month
from dondoc.reading.report_rows import PeriodReport
from dondoc.record import clock
from dondoc.record.models import Directive
from dondoc.reports.files import ReportFormat, default_path, write_report
from dondoc.reports.html import render_body

router = APIRouter(include_in_schema=False)
Coordinator = Annotated[WebSession, Depends(CoordinatorsOnly("báo cáo giao ban").page)]
Month = Annotated[str | None, Query(max_length=7, pattern=r"^\d{4}-\d{2}$")]
Directives = Annotated[list[str] | None, Query(max_length=50)]
OVERDUE_ON_PAGE = 50  # the page shows the longest overdue; the files list them all
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _report(
    ctx: ContextDep, month: str | None, directives: list[str] | None, overdue_limit: int | None
) -> PeriodReport:
    now = clock.now()
    period = month_period(month) if month else previous_month(clock.local_today(now))
    with ctx.session() as session:
        return build_report(
            session,
            period=period,
            now=now,
            calendar=ctx.calendar,
            directives=[d for d in directives or [] if d] or None,
            overdue_limit=overdue_limit,
        )


@router.get("/reports")
def reports_page(
    request: Request, ctx: ContextDep, signed: Coordinator, month: Month = None, directive: Directives = None
) -> Response:
    report = _report(ctx, month, directive, OVERDUE_ON_PAGE)
    with ctx.session() as session:
        choices = session.execute(
            select(col(Directive.number), col(Directive.title)).order_by(col(Directive.issued_on).desc())
        ).all()
    query = [("month", report.period.month or ""), *(("directive", d) for d in report.directive_filter or [])]
    return page(
        request,
        "reports.html",
        web=signed,
        report=report,
        body=render_body(report),
        choices=choices,
        selected=set(report.directive_filter or []),
        downloads={fmt: "/reports/download?" + urlencode([*query, ("format", fmt)]) for fmt in MEDIA},
    )


@router.get("/reports/download")
def download(
    request: Request,
    ctx: ContextDep,
    signed: Coordinator,
    format: Literal["docx", "xlsx"],
    month: Month = None,
    directive: Directives = None,
) -> Response:
    report = _report(ctx, month, directive, None)
    fmt = ReportFormat(format)
    name = default_path(Path(), report, fmt).name
    with tempfile.TemporaryDirectory(prefix="dondoc-report-") as folder:
        content = write_report(report, fmt, Path(folder) / name, config_dir=ctx.config_dir).read_bytes()
    return Response(
        content, media_type=MEDIA[format], headers={"content-disposition": f'attachment; filename="{name}"'}
    )
