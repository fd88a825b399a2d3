"""The automation docs/prefect.md shows (escalated to Thường trực Huyện ủy: run a deployment)
fires on the events dondoc publishes for such an escalation, and only on those: checked with
Prefect's own server-side trigger model."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import yaml
from prefect.server.events.schemas.automations import EventTrigger
from prefect.server.events.schemas.events import ReceivedEvent

from dondoc.record.publication import Published
from orchestration.events import to_prefect
from tests.conftest import REPO

AT = dt.datetime(2020, 4, 24, 2, 0, tzinfo=dt.UTC)


def documented_trigger() -> EventTrigger:
    text = (REPO / "docs" / "prefect.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- automation -->\n```yaml\n(.*?)```", text, re.S)
    assert block
    deployment = yaml.safe_load(block.group(1))[0]
    trigger = deployment["triggers"][0]
    assert trigger["enabled"] and trigger["parameters"]["subtask"] == "{{ event.resource.id }}"
    fields = ("match", "match_related", "expect", "posture", "threshold", "within")
    return EventTrigger(**{k: trigger[k] for k in fields})


def published(name: str, told: list[str]) -> ReceivedEvent:
    item = Published(
        event_id=7,
        name=name,
        at=AT,
        actor="system",
        source="flow",
        detail={"step": "overdue@3#0", "told": told},
        directive_id=1,
        directive_number="125-KL/HU",
        directive_title="Kết luận giao ban tháng 4",
        directive_flow_run_id=str(uuid.uuid4()),
        subtask_id=11,
        task_text="Rà soát hộ nghèo",
        agency_code="UBND",
        agency_name="Ủy ban nhân dân huyện",
        told=told,
    )
    event = to_prefect(item, namespace=uuid.uuid4(), wall=AT)
    return ReceivedEvent(**event.model_dump())


def test_the_documented_trigger_fires_on_an_escalation_to_tthu_only() -> None:
    trigger = documented_trigger()
    to_tthu = published("subtask.escalated", ["TTHU", "PLDTBXH"])
    assert trigger.covers(to_tthu) and trigger.expects(to_tthu.event)
    assert to_tthu.resource_in_role["directive"].id == "dondoc.directive.125-KL/HU"

    elsewhere = published("subtask.escalated", ["HU"])
    assert not trigger.covers(elsewhere)
    only_late = published("subtask.overdue", [])
    assert not (trigger.covers(only_late) and trigger.expects(only_late.event))
