"""`dondoc agencies export`: the registry of record (the database, with what the portal added)
written back as YAML, for config/agencies.yaml or a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dondoc.cli.app import app, console, fail, load_context
from dondoc.directives.registry import registry_from_db
from dondoc.directives.registry_export import registry_yaml
from dondoc.record.errors import DondocError

agencies = typer.Typer(help="Danh mục cơ quan.", no_args_is_help=True)
app.add_typer(agencies, name="agencies")


@agencies.command("export")
def export(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Tệp ghi ra (mặc định: in ra màn hình).")
    ] = None,
) -> None:
    """Xuất danh mục cơ quan trong cơ sở dữ liệu ra YAML (định dạng của config/agencies.yaml)."""
    try:
        ctx = load_context()
        ctx.require_database()
        with ctx.session() as session:
            text = registry_yaml(registry_from_db(session))
    except DondocError as exc:
        raise fail(str(exc)) from None
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    console.print(f"Đã ghi danh mục cơ quan: {output}")
