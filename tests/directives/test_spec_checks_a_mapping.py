"""A spec that is not a file yet (a draft in the portal) is checked by the same rules as a file:
the same spec, the same problems, named by field and without a line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dondoc.context import Context
from dondoc.directives.spec import check_spec, read_spec
from dondoc.record.errors import SpecError
from dondoc.registration import plan_from_file, plan_from_mapping
from tests.conftest import SEED_SPEC

DRAFT = Path("bản nháp #1")


def _seed_mapping() -> dict:
    return yaml.safe_load(SEED_SPEC.read_text(encoding="utf-8"))


def test_a_mapping_gives_the_same_spec_as_its_file() -> None:
    from_file, _ = read_spec(SEED_SPEC)
    assert check_spec(_seed_mapping(), DRAFT).content_hash() == from_file.content_hash()


def test_a_mapping_gives_the_same_plan_as_its_file(ctx: Context) -> None:
    with ctx.session() as session:
        plan = plan_from_mapping(ctx, session, _seed_mapping(), DRAFT)
    from_file = plan_from_file(ctx, SEED_SPEC)
    assert plan.spec_hash == from_file.spec_hash
    assert plan.subtasks == from_file.subtasks
    assert plan.dependencies == from_file.dependencies


def test_shape_problems_name_the_field_in_vietnamese() -> None:
    data = _seed_mapping()
    data["number"] = ""
    data["issuer"] = ""
    data["tasks"][2]["text"] = ""
    with pytest.raises(SpecError) as refused:
        check_spec(data, DRAFT)
    problems = {(p.field, p.message, p.line, p.file) for p in refused.value.problems}
    assert problems == {
        ("number", "không được để trống", None, str(DRAFT)),
        ("issuer", "không được để trống", None, str(DRAFT)),
        ("tasks.2.text", "không được để trống", None, str(DRAFT)),
    }


def test_registry_problems_name_the_task_field(ctx: Context) -> None:
    data = _seed_mapping()
    data["tasks"][3]["lead"] = ""  # an empty pick is no pick: the task has no lead yet
    data["tasks"][3]["lead_text"] = "Phòng VHTT"
    data["tasks"][4]["support"] = ["UBND", "Phòng Không Có"]
    data["tasks"][5]["due"] = "2020-03-01"
    with ctx.session() as session, pytest.raises(SpecError) as refused:
        plan_from_mapping(ctx, session, data, DRAFT)
    by_field = {p.field: p.message for p in refused.value.problems}
    assert set(by_field) == {"tasks.3.lead", "tasks.4.support.1", "tasks.5.due"}
    assert "chưa có cơ quan chủ trì (văn bản ghi: 'Phòng VHTT')" in by_field["tasks.3.lead"]
    assert by_field["tasks.5.due"] == "hạn 01/03/2020 trước ngày ban hành 01/04/2020"
    assert all(p.line is None for p in refused.value.problems)
