"""More time from the command line: an agency asks (`dondoc extend`), a coordinator approves or
rejects (`dondoc approve-extension`, `dondoc reject-extension`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from dondoc.cli.app import command, console, load_context
from dondoc.cli.deciding import ByCoordinator, ById, decide, named_agency
from dondoc.reading.periods import parse_day
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.work.extensions import approve_extension, reject_extension, request_extension

ToDay = Annotated[
    str, typer.Option("--to", help="Hạn đề nghị (YYYY-MM-DD hoặc dd/mm/yyyy).", show_default=False)
]


@command("extend")
def extend_command(
    subtask_id: ById,
    by: Annotated[str, typer.Option("--by", help="Mã cơ quan đề nghị.", show_default=False)],
    to: ToDay,
    reason: Annotated[str, typer.Option("--reason", help="Lý do gia hạn.", show_default=False)],
) -> None:
    """Đề nghị gia hạn một việc con, với tư cách cơ quan --by; chờ bộ phận điều phối duyệt."""
    proposed = parse_day(to, "--to")
    ctx = load_context()
    ctx.require_database()
    with ctx.session() as session:
        named_agency(session, by)
        request_extension(
            session,
            subtask_id=subtask_id,
            actor=Actor(by, source="cli"),
            now=clock.now(),
            calendar=ctx.calendar,
            reason=reason,
            proposed_on=proposed,
        )
    console.print(f"Việc con #{subtask_id}: đã đề nghị gia hạn đến {clock.format_date(proposed)} ({by}).")


@command("approve-extension")
def approve_command(
    subtask_id: ById,
    by: ByCoordinator,
    to: Annotated[str | None, typer.Option("--to", help="Hạn mới (mặc định: hạn cơ quan đề nghị).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Ghi chú.")] = None,
) -> None:
    """Đồng ý gia hạn: hạn mới thay hạn hiện tại, hạn ban đầu vẫn được giữ để thống kê."""
    due_on: dt.date | None = parse_day(to, "--to") if to else None
    request = decide(approve_extension, subtask_id, by, due_on=due_on, note=note)
    console.print(
        f"Việc con #{subtask_id}: đã đồng ý gia hạn đến {clock.format_date(request.granted_on)} ({by})."
    )


@command("reject-extension")
def reject_command(
    subtask_id: ById,
    by: ByCoordinator,
    reason: Annotated[str, typer.Option("--reason", help="Lý do không đồng ý.", show_default=False)],
) -> None:
    """Không đồng ý gia hạn: giữ hạn hiện tại."""
    decide(reject_extension, subtask_id, by, reason=reason)
    console.print(f"Việc con #{subtask_id}: không đồng ý gia hạn ({by}).")
