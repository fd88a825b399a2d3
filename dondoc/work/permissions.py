"""Who may act on a subtask: its own agency, that agency's parent (a xã for its thôn), a coordinator."""

from __future__ import annotations

from dondoc.record.audit import Actor
from dondoc.record.errors import Forbidden
from dondoc.record.models import Agency


def can_act(actor: Actor, actor_agency: Agency | None, owner: Agency) -> bool:
    if actor.is_coordinator:
        return True
    if actor_agency is None:
        return False
    return actor_agency.id == owner.id or (owner.parent_id is not None and owner.parent_id == actor_agency.id)


def require_act(actor: Actor, actor_agency: Agency | None, owner: Agency, subtask_id: int) -> None:
    if not can_act(actor, actor_agency, owner):
        raise Forbidden(
            f"{actor.code} không được thao tác việc con #{subtask_id} của {owner.code}: "
            "chỉ cơ quan được giao, cơ quan cấp trên trực tiếp hoặc bộ phận điều phối"
        )
