"""Jinja2 for the portal's pages: Vietnamese dates (dd/mm/yyyy) and times (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from dondoc.reading.labels import action_label
from dondoc.record import clock

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "portal"
STATIC = Path(__file__).resolve().parent.parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.filters["date"] = clock.format_date
templates.env.filters["datetime"] = clock.format_datetime
templates.env.filters["action"] = action_label
templates.env.globals["now"] = clock.now

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def event_note(detail: dict[str, Any]) -> str:
    """The words a history row shows beside its action: the note, the reason, or the new due
    date, which the audit log may keep as an ISO day and a person reads as dd/mm/yyyy."""
    value = detail.get("note") or detail.get("reason") or detail.get("due") or ""
    text = str(value)
    return clock.format_date(dt.date.fromisoformat(text)) if _ISO_DAY.match(text) else text


def who(code: str, names: dict[str, str]) -> str:
    """A code of the audit log as a person reads it: the body's name, 'Hệ thống' for the program."""
    return names.get(code, code)


templates.env.filters["event_note"] = event_note
templates.env.filters["who"] = who


def size_label(size: int) -> str:
    """Sizes as an office reads them, with a Vietnamese decimal comma: 512 B, 3 KB, 1,5 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


templates.env.filters["size"] = size_label


def number_label(value: int) -> str:
    """Thousands grouped with a dot, as Vietnamese writes them: 100.000."""
    return f"{value:,}".replace(",", ".")


templates.env.filters["number"] = number_label


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)
