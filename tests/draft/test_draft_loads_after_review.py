"""The draft of the seed is a spec the loader checks in full: refused while its number is empty,
accepted once the reviewer fills it, with every item, agency and deadline in the plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from dondoc.context import Context
from dondoc.directives.spec import read_spec
from dondoc.draft import draft_file
from dondoc.record.errors import SpecError
from dondoc.registration import plan_from_file
from tests.draft_documents import SEED_DOCUMENT, calendar, registry


def _write_draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.yaml"
    path.write_text(draft_file(SEED_DOCUMENT, registry(), calendar()).to_yaml(), encoding="utf-8")
    return path


def test_the_empty_number_must_be_filled_before_loading(ctx: Context, tmp_path: Path) -> None:
    path = _write_draft(tmp_path)
    with pytest.raises(SpecError) as refused:
        plan_from_file(ctx, path)
    assert [p.field for p in refused.value.problems] == ["number"]


def test_filled_in_it_loads_with_every_task(ctx: Context, tmp_path: Path) -> None:
    path = _write_draft(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("number: ''", 'number: "125-KL/HU"', 1), encoding="utf-8")
    plan = plan_from_file(ctx, path)
    assert plan.spec.number == "125-KL/HU"
    assert plan.issuer_code == "TTHU"
    assert len(plan.tasks) == 27
    due = {task.text[:40]: task.rule.resolve(dt.date(2020, 4, 1), ctx.calendar) for task in plan.tasks}
    assert sorted(set(due.values())) == [dt.date(2020, 4, 16), dt.date(2020, 4, 30), dt.date(2020, 12, 31)]
    leads = {task.lead_code for task in plan.tasks}
    assert leads <= {a.code for a in registry()}
    fanned = {s.agency_code for s in plan.subtasks if s.task_key.startswith("phat")}
    assert len(fanned) > 50  # every thôn, tổ dân phố of the district


def test_review_notes_are_not_content(tmp_path: Path) -> None:
    path = _write_draft(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["number"] = "125-KL/HU"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    # a reviewer who has dealt with the notes deletes them: the directive is the same
    data.pop("review")
    for task in data["tasks"]:
        task.pop("review")
    reviewed = tmp_path / "reviewed.yaml"
    reviewed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before, _ = read_spec(path)
    after, _ = read_spec(reviewed)
    assert before.review and before.tasks[0].review and not after.tasks[0].review
    assert before.content_hash() == after.content_hash()
