"""Coordinator commands: confirm a reported completion, or return it for redo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from sqlmodel import select

from dondoc.cli.app import command, console, load_context
from dondoc.cli.publishing import publish_if_served
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.errors import DondocError, NotFound
from dondoc.record.models import Agency
from dondoc.work.review import confirm, return_for_redo

ById = Annotated[int, typer.Argument(help="Mã việc con.", show_default=False)]
ByCoordinator = Annotated[
    str, typer.Option("--by", help="Mã bộ phận điều phối (VPHU, VPUB…).", show_default=False)
]
T = TypeVar("T")


def _coordinator(session, code: str) -> Actor:  # type: ignore[no-untyped-def]
    agency = session.exec(select(Agency).where(Agency.code == code)).first()
    if agency is None:
        raise NotFound(f"không có cơ quan '{code}'")
    if not agency.is_coordinator:
        raise DondocError(f"{code} không phải bộ phận điều phối (coordinators trong config/agencies.yaml)")
    return Actor(code, source="cli", is_coordinator=True)


def _decide(action: Callable[..., T], subtask_id: int, by: str, **inputs: Any) -> T:
    """Run a review action in one transaction, as the coordinator --by names."""
    ctx = load_context()
    ctx.require_database()
    with ctx.session() as session:
        outcome = action(
            session,
            subtask_id=subtask_id,
            actor=_coordinator(session, by),
            now=clock.now(),
            calendar=ctx.calendar,
            **inputs,
        )
    publish_if_served(ctx)
    return outcome


@command("confirm")
def confirm_command(
    subtask_id: ById,
    by: ByCoordinator,
    note: Annotated[str | None, typer.Option("--note", help="Ghi chú.")] = None,
) -> None:
    """Xác nhận một việc con cơ quan đã báo hoàn thành."""
    freed = _decide(confirm, subtask_id, by, note=note)
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
    _decide(return_for_redo, subtask_id, by, reason=reason)
    console.print(f"Việc con #{subtask_id}: đã trả lại để thực hiện lại ({by}).")
