"""`dondoc export FILE` and `dondoc import FILE`: the whole state as JSON lines, to move it
between databases (SQLite and PostgreSQL) or keep it as a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dondoc.archive.export import export_state
from dondoc.archive.restore import import_state
from dondoc.cli.app import command, console, load_context, print_json
from dondoc.cli.progress import progress_bar
from dondoc.record import clock

JsonOption = Annotated[bool, typer.Option("--json", help="In JSON cho script.")]


@command("export")
def export(
    file: Annotated[Path, typer.Argument(help="Tệp JSON Lines sẽ ghi.", show_default=False)],
    as_json: JsonOption = False,
) -> None:
    """Xuất toàn bộ dữ liệu (mọi bảng, mọi tệp minh chứng) ra một tệp JSON Lines."""
    ctx = load_context()
    ctx.require_database()
    with progress_bar(console, what=f"Xuất ra {file.name}", enabled=not as_json):
        result = export_state(ctx.settings.database_url, ctx.settings.home, file, now=clock.now())
    if as_json:
        print_json(result.as_dict())
        return
    console.print(f"Đã xuất {result.rows} dòng, {result.files} tệp minh chứng vào {file}.", highlight=False)


@command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="Tệp do dondoc export ghi.", show_default=False)],
    as_json: JsonOption = False,
) -> None:
    """Nhập một tệp xuất vào cơ sở dữ liệu trống (DONDOC_DATABASE_URL): kiểm tra cả tệp trước, lỗi thì không ghi gì."""
    ctx = load_context()
    with progress_bar(console, what=f"Nhập từ {file.name}", enabled=not as_json):
        result = import_state(ctx.settings.database_url, ctx.settings.home, file)
    if as_json:
        print_json(result.as_dict())
        return
    console.print(f"Đã nhập {result.rows} dòng, {result.files} tệp minh chứng từ {file}.", highlight=False)
