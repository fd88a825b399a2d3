"""The registry of record written back as config/agencies.yaml: the tree as the database holds
it, with what the portal added or edited, in the format `dondoc init` reads."""

from __future__ import annotations

from typing import Any

import yaml

from dondoc.directives.registry import AgencyInfo, Registry
from dondoc.record.enums import Reminders

HEADER = (
    "# Danh mục cơ quan xuất từ cơ sở dữ liệu (dondoc agencies export): dondoc init đọc lại được.\n"
    "# ${BIẾN} trong địa chỉ nhận thông báo được đọc từ môi trường lúc gửi.\n"
)


def _node(agency: AgencyInfo, registry: Registry) -> dict[str, Any]:
    """One body and, nested, the bodies under it; keys left out where they hold the default."""
    node: dict[str, Any] = {"code": agency.code, "name": agency.name, "kind": agency.kind.value}
    if agency.aliases:
        node["aliases"] = list(agency.aliases)
    if agency.escalates_to:
        node["escalates_to"] = agency.escalates_to
    if agency.notify:
        node["notify"] = list(agency.notify)
    if agency.reminders is not Reminders.BOTH:
        node["reminders"] = agency.reminders.value
    if not agency.active:
        node["active"] = False
    children = registry.children(agency.code)
    if children:
        node["children"] = [_node(child, registry) for child in children]
    return node


def registry_yaml(registry: Registry) -> str:
    document = {
        "coordinators": [a.code for a in registry.coordinators],
        "leadership": [a.code for a in registry if a.is_leadership],
        "agencies": [_node(a, registry) for a in registry if a.parent_code is None],
    }
    return HEADER + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=120)
