"""Coordinator commands: confirm a reported completion, or return it for redo. Registered by
dondoc.cli.main, as every command group is."""

from __future__ import annotations

from typing import Annotated

import typer

from dondoc.cli.app import command, console
from dondoc.cli.deciding import ByCoordinator, ById, decide
from dondoc.work.review import confirm, return_for_redo


@command("confirm")
def confirm_command(
    subtask_id: ById,
    by: ByCoordinator,
    note: Annotated[str | None, typer.Option("--note", help="Ghi chú.")] = None,
) -> None:
    """Xác nhận một việc con cơ quan đã báo hoàn thành."""
    freed = decide(confirm, subtask_id, by, note=note)
    console.print(f"Việc con #{subtask_id}: đã xác nhận hoàn thành ({by}).")
    if freed:
        console.print(f"Bắt đầu được {len(freed)} việc con đang chờ: " + ", ".join(f"#{i}" for i in freed))


@command("return")
def return_command(
    subtask_id: ById,
    by: ByCoordinator,
    reason: Annotated[str, typer.Option("--reason", help="Lý do trả lại.", show_default=False)],
) -> None:
    """Trả lại một việc con đã báo hoàn thành, yêu cầu thực hiện lại."""
    decide(return_for_redo, subtask_id, by, reason=reason)
    console.print(f"Việc con #{subtask_id}: đã trả lại để thực hiện lại ({by}).")
