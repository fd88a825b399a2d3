"""`dondoc draft`: a reviewable directive spec from the signed document itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dondoc.cli.app import command, console, print_json
from dondoc.directives.registry import load_agencies
from dondoc.draft import draft_file
from dondoc.record.errors import DondocError
from dondoc.record.settings import Settings
from dondoc.record.wordbounds import require_bounded_word
from dondoc.record.workcalendar import load_calendar


@command("draft")
def draft(
    file: Annotated[Path, typer.Argument(help="Văn bản gốc: .txt, .docx hoặc .pdf.", show_default=False)],
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
    drafted = draft_file(file, load_agencies(settings.config_dir), load_calendar(settings.config_dir))
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
