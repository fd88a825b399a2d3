"""What a directive's page shows about its spec: the registered versions to download as YAML,
the edit in progress, and the flow run that registered it, linked in the Prefect UI."""

from __future__ import annotations

import os
from typing import Any

from sqlmodel import Session, select

from dondoc.directives.drafts import DraftStatus, SpecDraft
from dondoc.directives.versions import versions_of
from dondoc.record.models import Directive

REGISTERED = {
    "created": "Đã đăng ký văn bản. Các cơ quan đã thấy việc được giao trên cổng thông tin.",
    "updated": "Đã cập nhật văn bản.",
    "unchanged": "Văn bản đã được đăng ký với đúng nội dung này: không thay đổi gì.",
}


def flow_run_url(flow_run_id: str | None) -> str | None:
    """The run's page in the Prefect UI this portal's flows go to (`dondoc serve` sets the API URL)."""
    base = os.environ.get("PREFECT_UI_URL") or (os.environ.get("PREFECT_API_URL") or "").rstrip(
        "/"
    ).removesuffix("/api")
    if not flow_run_id or not base:
        return None
    return f"{base.rstrip('/')}/runs/flow-run/{flow_run_id}"


def spec_panel(session: Session, directive: Directive, ok: str | None) -> dict[str, Any]:
    assert directive.id is not None
    editing = session.exec(
        select(SpecDraft.id).where(
            SpecDraft.directive_id == directive.id, SpecDraft.status == DraftStatus.OPEN
        )
    ).first()
    return {
        "versions": versions_of(session, directive.id),
        "editing": editing,
        "flow_run_url": flow_run_url(directive.flow_run_id),
        "message": REGISTERED.get(ok or ""),
    }
