"""A coordinator's decision from the command line (confirm, return, approve or reject an
extension): the agency --by names, the action in one transaction, then Prefect hears of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from sqlmodel import Session, select

from dondoc.cli.app import load_context
from dondoc.cli.publishing import publish_if_served
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.errors import NotFound
from dondoc.record.models import Agency
from dondoc.record.roles import require_coordinator

ById = Annotated[int, typer.Argument(help="Mã việc con.", show_default=False)]
ByCoordinator = Annotated[
    str, typer.Option("--by", help="Mã bộ phận điều phối (VPHU, VPUB…).", show_default=False)
]
T = TypeVar("T")


def named_agency(session: Session, code: str) -> Agency:
    """The agency --by names, which must exist."""
    agency = session.exec(select(Agency).where(Agency.code == code)).first()
    if agency is None:
        raise NotFound(f"không có cơ quan '{code}'")
    return agency


def coordinator_actor(session: Session, code: str) -> Actor:
    agency = named_agency(session, code)
    require_coordinator(
        agency, f"{code} không phải bộ phận điều phối (coordinators trong config/agencies.yaml)"
    )
    return Actor(code, source="cli", is_coordinator=True)


def decide(action: Callable[..., T], subtask_id: int, by: str, **inputs: Any) -> T:
    """Run a coordinator's action in one transaction, as the coordinator --by names."""
    ctx = load_context()
    ctx.require_database()
    with ctx.session() as session:
        outcome = action(
            session,
            subtask_id=subtask_id,
            actor=coordinator_actor(session, by),
            now=clock.now(),
            calendar=ctx.calendar,
            **inputs,
        )
    publish_if_served(ctx)
    return outcome
