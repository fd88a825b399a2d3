"""The Typer application, its global --now option, and how user errors end a command."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from dondoc.cli.prefect_api import use_announced_server
from dondoc.context import Context
from dondoc.record import clock
from dondoc.record.errors import DondocError
from dondoc.record.settings import Settings

app = typer.Typer(
    name="dondoc",
    help="Theo dõi, đôn đốc thực hiện kết luận, chỉ thị của huyện.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str) -> typer.Exit:
    err_console.print(f"[bold red]Lỗi:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


def command(name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
    """Register a command whose user errors print one line and exit 1 (never a traceback)."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kw: Any) -> Any:
            try:
                return fn(*args, **kw)
            except DondocError as exc:
                raise fail(str(exc)) from None

        app.command(name, **kwargs)(wrapper)
        return fn

    return decorate


def prepare_prefect(settings: Settings) -> None:
    """Before a command first imports Prefect: send its runs to the server `dondoc serve`
    announced, if one is up; and keep Prefect's console quiet, since the command prints its own
    outcome (the run's logs still reach the Prefect server)."""
    use_announced_server(settings.home)
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def load_context() -> Context:
    return Context.load(Settings.from_env())


def prefect_environment(settings: Settings) -> None:
    """Keep Prefect's own files under DONDOC_HOME and its telemetry off, unless told otherwise."""
    os.environ.setdefault("PREFECT_HOME", str(settings.home / "prefect"))
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # dondoc marks an event published once the server has stored it; a server it starts (the
    # temporary one, or `dondoc serve`'s) stores received events every second, not every 5 s
    os.environ.setdefault("PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL", "1")


@app.callback()
def main_options(
    now: Annotated[
        str | None,
        typer.Option("--now", help="Đặt thời điểm 'bây giờ' (ISO 8601), như DONDOC_NOW.", show_default=False),
    ] = None,
) -> None:
    try:
        if now:
            clock.set_now(clock.parse_instant(now))
        prefect_environment(Settings.from_env())
    except DondocError as exc:
        raise fail(str(exc)) from None
