"""Who may act on a subtask: its own agency, that agency's parent (a xã for its thôn), a coordinator."""

from __future__ import annotations

from typing import Protocol

from dondoc.record.audit import Actor
from dondoc.record.errors import Forbidden


class Placed(Protocol):
    """An agency's place in the tree: a row of `agency`, or the tree's copy of it."""

    @property
    def id(self) -> int | None: ...
    @property
    def code(self) -> str: ...
    @property
    def parent_id(self) -> int | None: ...


def can_act(actor: Actor, actor_agency: Placed | None, owner: Placed) -> bool:
    if actor.is_coordinator:
        return True
    if actor_agency is None:
        return False
    return actor_agency.id == owner.id or (owner.parent_id is not None and owner.parent_id == actor_agency.id)


def require_act(actor: Actor, actor_agency: Placed | None, owner: Placed, subtask_id: int) -> None:
    if not can_act(actor, actor_agency, owner):
        raise Forbidden(
            f"{actor.code} không được thao tác việc con #{subtask_id} của {owner.code}: "
            "chỉ cơ quan được giao, cơ quan cấp trên trực tiếp hoặc bộ phận điều phối"
        )
