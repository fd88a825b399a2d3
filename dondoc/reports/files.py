"""Writing the report to a file in the format asked for, by default under $DONDOC_HOME/reports/."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path

from dondoc.reading.report_rows import PeriodReport
from dondoc.reports.excel import write_xlsx
from dondoc.reports.html import write_html
from dondoc.reports.letterhead import load_letterhead
from dondoc.reports.word import write_docx


class ReportFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    HTML = "html"
    DOCX = "docx"
    XLSX = "xlsx"


def default_path(home: Path, report: PeriodReport, fmt: ReportFormat) -> Path:
    """'$DONDOC_HOME/reports/bao-cao-2020-04.docx'. A report about one directive adds its number
    ('bao-cao-2020-04-125-kl-hu'); about several, their count ('bao-cao-2020-04-3-van-ban'): thirty
    numbers joined outgrow a file name, and the report lists them inside."""
    name = f"bao-cao-{report.period.key}"
    chosen = report.directive_filter or []
    if len(chosen) == 1:
        name += "-" + re.sub(r"[^a-z0-9]+", "-", chosen[0].lower()).strip("-")
    elif chosen:
        name += f"-{len(chosen)}-van-ban"
    return home / "reports" / f"{name}.{fmt.value}"


def write_report(report: PeriodReport, fmt: ReportFormat, path: Path, *, config_dir: Path) -> Path:
    """Write `report` as `fmt` (html, docx, xlsx or json) to `path`; returns the path."""
    if fmt is ReportFormat.DOCX:
        return write_docx(report, load_letterhead(config_dir), path)
    if fmt is ReportFormat.XLSX:
        return write_xlsx(report, path)
    if fmt is ReportFormat.HTML:
        return write_html(report, load_letterhead(config_dir), path)
    if fmt is ReportFormat.JSON:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return path
    raise ValueError(f"{fmt} is printed, not written")
