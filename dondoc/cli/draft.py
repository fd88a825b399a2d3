"""`dondoc draft`: a reviewable directive spec from the signed document itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dondoc import documents
from dondoc.cli.app import command, console, err_console, print_json
from dondoc.directives.registry import Registry, load_agencies
from dondoc.draft import Draft, draft_file
from dondoc.draft.arrival import draft_document
from dondoc.record.errors import DondocError
from dondoc.record.settings import Settings
from dondoc.record.wordbounds import require_bounded_word
from dondoc.record.workcalendar import WorkCalendar, load_calendar


def read_with_bar(path: Path, shown_on: Console) -> documents.Document:
    """The document, with a bar of pages read on a terminal (OCR takes seconds a page)."""
    if not shown_on.is_terminal:
        return documents.read_document(path)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=shown_on, transient=False) as bar:
        pages = bar.add_task(f"Đọc {path.name} (trang)", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(pages, completed=done, total=total)

        return documents.read_document(path, progress=progress)


def _drafted(file: Path, registry: Registry, calendar: WorkCalendar) -> Draft:
    if not file.is_file() or file.suffix.lower() not in documents.SUFFIXES:
        return draft_file(file, registry, calendar)
    # the bar goes to stderr: stdout may be the YAML or JSON itself
    return draft_document(read_with_bar(file, err_console), registry, calendar, source=str(file))


@command("draft")
def draft(
    file: Annotated[
        Path,
        typer.Argument(
            help="Văn bản gốc: .txt, .docx, .pdf (cả bản quét), ảnh chụp hoặc quét (.jpg, .png, .tif, .heic), "
            "gói edXML (.edxml).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Ghi bản nháp YAML vào tệp này (mặc định: in ra màn hình)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON cho script.")] = False,
) -> None:
    """Soạn bản nháp YAML của văn bản (nhiệm vụ, cơ quan, thời hạn) để rà soát rồi nạp bằng 'dondoc load'."""
    if file.suffix.lower() == ".docx" and file.is_file():
        require_bounded_word(str(file), file)
    settings = Settings.from_env()
    drafted = _drafted(file, load_agencies(settings.config_dir), load_calendar(settings.config_dir))
    if output is not None:
        try:
            output.write_text(drafted.to_yaml(), encoding="utf-8")
        except OSError as exc:
            raise DondocError(f"{output}: không ghi được tệp ({exc.strerror})") from exc
    if as_json:
        print_json(drafted.as_json())
        return
    if output is None:
        typer.echo(drafted.to_yaml(), nl=False)
        return
    flagged = sum(1 for task in drafted.tasks if task.review)
    no_lead = sum(1 for task in drafted.tasks if task.lead is None)
    console.print(
        f"Đã soạn bản nháp {output}: {len(drafted.tasks)} nhiệm vụ, {flagged} nhiệm vụ cần rà soát"
        + (f", {no_lead} nhiệm vụ chưa có cơ quan chủ trì (lead)." if no_lead else "."),
        highlight=False,
    )
    for note in drafted.review:
        console.print(f"[yellow]Cần rà soát:[/] {note}", highlight=False)
