"""`dondoc replay` runs a script of commands, each at its own moment, in one process: how `make
run` replays a month without thirty start-ups. A failing line stops it and is named. With a
Prefect server, what the commands changed is published once, when the script has run."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.record.enums import SubtaskStatus
from dondoc.record.models import Event, ExtensionRequest, Subtask
from tests.cli_helpers import dondoc
from tests.flows.prefect_reads import prefect_ids, stored_events

SCRIPT = """\
# the Mặt trận asks for more time, gets it, and is done
2020-04-14T10:00:00+07:00 extend 13 --by UBMTTQ --to 24/04/2020 --reason "Chờ ý kiến các tổ chức thành viên"
2020-04-14T15:00:00+07:00 approve-extension 13 --by VPHU
2020-04-23T10:00:00+07:00 done 13 --by UBMTTQ --note "Đã dừng sinh hoạt đông người"
"""


def test_each_line_runs_at_its_moment(ctx: Context, seeded: RegistrationResult, tmp_path: Path) -> None:
    script = tmp_path / "thang-4.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    log = tmp_path / "logs" / "replay.log"
    result = dondoc("replay", str(script), "--log", str(log))
    assert result.exit_code == 0, result.output
    assert "Đã chạy 3 lệnh của thang-4.txt" in result.output
    assert "Việc con #13: đã báo hoàn thành" in log.read_text(encoding="utf-8")
    with ctx.session() as session:
        sub = session.get(Subtask, 13)
        request = session.get(ExtensionRequest, 1)
    assert sub is not None and sub.status is SubtaskStatus.AWAITING_CONFIRMATION
    assert request is not None and request.requested_at.isoformat().startswith("2020-04-14T03:00")


@pytest.mark.usefixtures("prefect_server")
def test_the_changes_reach_prefect_once_the_script_has_run(
    ctx: Context, seeded: RegistrationResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect.settings import PREFECT_API_URL

    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))
    with ctx.session() as session:
        before = session.exec(select(func.max(Event.id))).one()
    script = tmp_path / "thang-4.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    assert dondoc("replay", str(script)).exit_code == 0
    with ctx.session() as session:
        rows = list(session.exec(select(Event).where(col(Event.id) > before)).all())
    assert len(rows) == 3 and all(r.published_at is not None for r in rows)
    assert len(stored_events(list(prefect_ids(ctx, rows)))) == 3


def test_a_failing_line_stops_the_replay_and_is_named(
    ctx: Context, seeded: RegistrationResult, tmp_path: Path
) -> None:
    script = tmp_path / "hai-lan.txt"
    script.write_text(
        "2020-04-15T10:00:00+07:00 done 12 --by VPHU\n2020-04-15T11:00:00+07:00 done 12 --by VPHU\n"
        "2020-04-15T14:00:00+07:00 confirm 12 --by VPUB\n",
        encoding="utf-8",
    )
    result = dondoc("replay", str(script))
    assert result.exit_code == 1
    assert f"{script}:2: lệnh 'done 12 --by VPHU' thất bại (mã 1)" in result.output
    with ctx.session() as session:
        sub = session.get(Subtask, 12)
    assert sub is not None and sub.status is SubtaskStatus.AWAITING_CONFIRMATION


def test_a_malformed_script_is_refused_whole(ctx: Context, tmp_path: Path) -> None:
    script = tmp_path / "sai.txt"
    script.write_text("sweep\nhôm-qua sweep\n2020-04-15T10:00:00+07:00 sweep\n", encoding="utf-8")
    result = dondoc("replay", str(script))
    assert result.exit_code == 1
    assert f"{script}:1: dòng: cần thời điểm rồi lệnh" in result.output
    assert f"{script}:2: thời điểm:" in result.output
