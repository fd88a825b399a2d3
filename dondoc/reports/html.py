"""The giao ban report as HTML: the body (tables and the chart, embedded as a data: URI) that
the portal's "Báo cáo" page shows, and a standalone file with the same body and its letterhead."""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from dondoc.reading.report_rows import PeriodReport
from dondoc.record.clock import format_date, format_datetime
from dondoc.reports.chart import on_time_chart
from dondoc.reports.layout import date_line, folded_rows, rate_text
from dondoc.reports.letterhead import Letterhead

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "reports"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(date=format_date, datetime=format_datetime, rate=rate_text)
    return env


def chart_data_uri(report: PeriodReport) -> str | None:
    png = on_time_chart(report)
    return "data:image/png;base64," + base64.b64encode(png).decode() if png else None


def render_body(report: PeriodReport) -> Markup:
    """The report's sections, for a page that has its own frame (the portal's)."""
    html = (
        _environment()
        .get_template("_body.html")
        .render(report=report, rows=folded_rows(report), chart=chart_data_uri(report))
    )
    return Markup(html)


def render_html(report: PeriodReport, letterhead: Letterhead) -> str:
    return (
        _environment()
        .get_template("report.html")
        .render(
            report=report,
            letterhead=letterhead,
            date_line=date_line(letterhead.place, report.generated_at),
            body=render_body(report),
        )
    )


def write_html(report: PeriodReport, letterhead: Letterhead, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report, letterhead), encoding="utf-8")
    return path
