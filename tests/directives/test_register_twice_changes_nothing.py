"""Registering the same spec twice changes nothing; a changed spec needs --update, which adds and
cancels subtasks without losing completion history."""

from pathlib import Path

import pytest
import yaml
from sqlmodel import func, select

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.reading.queries import list_subtasks
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.enums import SubtaskStatus
from dondoc.record.errors import Conflict
from dondoc.record.models import Event, Subtask, Task
from dondoc.registration import plan_from_file, register_directive
from dondoc.work.actions import complete
from tests.conftest import SEED_SPEC

LATER = clock.parse_instant("2020-04-10T10:00")


def _register(ctx: Context, path: Path, update: bool = False) -> RegistrationResult:
    return register_directive(ctx, plan_from_file(ctx, path), update=update, actor=Actor("VPHU"), now=LATER)


def _event_count(ctx: Context) -> int:
    with ctx.session() as session:
        return session.exec(select(func.count()).select_from(Event)).one()


def _edited_seed(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(SEED_SPEC.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_same_spec_twice_is_unchanged(ctx: Context, seeded: RegistrationResult) -> None:
    before = _event_count(ctx)
    again = _register(ctx, SEED_SPEC)
    assert again.status == "unchanged"
    assert again.subtasks == seeded.subtasks
    assert _event_count(ctx) == before


def test_reformatted_spec_is_the_same_spec(ctx: Context, seeded: RegistrationResult, tmp_path: Path) -> None:
    assert _register(ctx, _edited_seed(tmp_path, lambda d: None)).status == "unchanged"


def test_changed_spec_is_refused_without_update(
    ctx: Context, seeded: RegistrationResult, tmp_path: Path
) -> None:
    path = _edited_seed(tmp_path, lambda d: d["tasks"].pop())
    with pytest.raises(Conflict, match="--update"):
        _register(ctx, path)


def test_update_adds_and_cancels_but_keeps_done_work(
    ctx: Context, seeded: RegistrationResult, tmp_path: Path
) -> None:
    with ctx.session() as session:
        first = list_subtasks(session, now=LATER, calendar=ctx.calendar, directive="125-KL/HU")
        review = [v for v in first if v.task == "ra-soat-ho-ngheo"]
        # a coordinator marks it done directly (an agency's report would wait for confirmation)
        coordinator = Actor("VPHU", is_coordinator=True)
        complete(session, subtask_id=review[0].id, actor=coordinator, now=LATER, calendar=ctx.calendar)

    def edit(data: dict) -> None:
        data["tasks"] = [t for t in data["tasks"] if t["id"] != "ra-soat-ho-ngheo"]
        data["tasks"].append(
            {
                "id": "bao-cao-giao-ban-thang-5",
                "text": "Báo cáo kết quả tại giao ban tháng 5",
                "lead": "VPUB",
                "due": "2020-05-05",
            }
        )

    result = _register(ctx, _edited_seed(tmp_path, edit), update=True)
    assert result.status == "updated"
    assert result.added == 1
    assert result.cancelled == len(review) - 1  # the done one keeps its status
    with ctx.session() as session:
        done = session.get(Subtask, review[0].id)
        assert done is not None and done.status is SubtaskStatus.DONE and done.completed_at is not None
        cancelled = session.exec(select(Subtask).where(Subtask.status == SubtaskStatus.CANCELLED)).all()
        assert len(cancelled) == result.cancelled
        assert session.exec(select(Task).where(Task.key == "ra-soat-ho-ngheo")).one().cancelled
    # the update is itself idempotent
    assert _register(ctx, _edited_seed(tmp_path, edit), update=True).status == "unchanged"
