"""The CLI end to end: init, load through a real Prefect flow run, list, show, done, report."""

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import dondoc, dondoc_json
from tests.conftest import SEED_SPEC

pytestmark = pytest.mark.usefixtures("prefect_server")
REGISTERED = "2020-04-01T15:00:00+07:00"


@pytest.fixture
def loaded(home: Path) -> dict:
    assert dondoc("init").exit_code == 0
    return dondoc_json("--now", REGISTERED, "load", str(SEED_SPEC))


def test_load_is_one_flow_run_named_after_the_number(loaded: dict) -> None:
    from prefect.client.orchestration import get_client

    assert loaded["directive"] == "125-KL/HU"
    assert loaded["tasks"] >= 20 and loaded["subtasks"] > 150

    async def read() -> tuple:
        async with get_client() as client:
            run = await client.read_flow_run(loaded["flow_run_id"])
            artifacts = await client.read_artifacts()
            task_runs = await client.read_task_runs()
            return run, artifacts, task_runs

    run, artifacts, task_runs = asyncio.run(read())
    assert run.name == "125-KL/HU"
    assert run.state is not None and run.state.is_completed()
    summary = [a for a in artifacts if a.key == "van-ban-125-kl-hu"]
    assert summary and "Tạm hoãn các cuộc hội nghị" in summary[0].data and "30/04/2020" in summary[0].data
    # coarse tasks: a handful per flow run, never one per subtask
    assert len([t for t in task_runs if t.flow_run_id == run.id]) <= 5


def test_load_twice_changes_nothing(loaded: dict) -> None:
    again = dondoc_json("--now", REGISTERED, "load", str(SEED_SPEC))
    assert again["status"] == "unchanged"
    assert again["subtasks"] == loaded["subtasks"]
    human = dondoc("--now", REGISTERED, "load", str(SEED_SPEC))
    assert "không thay đổi" in human.stdout


def test_list_json_has_the_promised_fields(loaded: dict) -> None:
    rows = dondoc_json("--now", "2020-04-20T09:00:00+07:00", "list", "--limit", "1000")
    assert len(rows) == loaded["subtasks"]
    row = rows[0]
    assert {"id", "directive", "task", "agency", "title", "status", "due", "timeliness"} <= set(row)
    assert row["due"].endswith("+07:00")
    overdue = [r for r in rows if r["task"] == "tam-dung-su-kien-lam-viec-tai-nha"]
    assert overdue and all(r["timeliness"] == "overdue" for r in overdue)


def test_list_filters(loaded: dict) -> None:
    assert {r["agency"] for r in dondoc_json("list", "--agency", "VPHU")} == {"VPHU"}
    blocked = dondoc_json("list", "--status", "blocked")
    assert blocked and {r["status"] for r in blocked} == {"blocked"}
    assert dondoc_json("list", "--directive", "không-có") == []


def test_done_then_show_has_the_history(loaded: dict) -> None:
    row = next(
        r for r in dondoc_json("list", "--agency", "VPHU") if r["task"] == "tam-hoan-hoi-nghi-huyen-uy"
    )
    done = dondoc(
        "--now",
        "2020-04-10T16:00:00+07:00",
        "done",
        str(row["id"]),
        "--by",
        "VPHU",
        "--note",
        "Đã thông báo hoãn",
    )
    assert done.exit_code == 0, done.output
    waiting = dondoc_json("show", str(row["id"]))
    assert waiting["status"] == "awaiting_confirmation"
    confirmed = dondoc("--now", "2020-04-20T08:00:00+07:00", "confirm", str(row["id"]), "--by", "VPUB")
    assert confirmed.exit_code == 0, confirmed.output
    shown = dondoc_json("--now", "2020-04-20T09:00:00+07:00", "show", str(row["id"]))
    # on time: the report came before the due date, though the confirmation came after it
    assert shown["status"] == "done" and shown["timeliness"] == "done_on_time"
    assert [h["action"] for h in shown["history"]] == ["subtask.created", "subtask.done", "subtask.confirmed"]
    assert (
        shown["history"][1]["actor"] == "VPHU"
        and shown["history"][1]["detail"]["note"] == "Đã thông báo hoãn"
    )
    human = dondoc("show", str(row["id"]))
    assert "Báo hoàn thành" in human.stdout and "16/04/2020" in human.stdout


def test_done_by_a_stranger_is_refused(loaded: dict) -> None:
    row = next(r for r in dondoc_json("list", "--agency", "VPHU"))
    refused = dondoc("done", str(row["id"]), "--by", "PVHTT")
    assert refused.exit_code == 1
    assert "không được" in refused.stderr and "Traceback" not in refused.output
    unknown = dondoc("done", str(row["id"]), "--by", "PVHT")
    assert unknown.exit_code == 1 and "PVHTT" in unknown.stderr


def test_report_counts_per_agency(loaded: dict) -> None:
    rows = dondoc_json("--now", "2020-04-20T09:00:00+07:00", "report")["agencies"]
    assert sum(r["assigned"] for r in rows) == loaded["subtasks"]
    assert sum(r["open_overdue"] for r in rows) > 0
    human = dondoc("--now", "2020-04-20T09:00:00+07:00", "report")
    assert "Đang làm quá hạn" in human.stdout and "20/04/2020" in human.stdout


def test_usage_errors_exit_2(home: Path) -> None:
    assert dondoc("list", "--status", "xong").exit_code == 2
    assert dondoc("không-có-lệnh").exit_code == 2


def test_commands_before_init_say_what_to_do(home: Path) -> None:
    result = dondoc("list")
    assert result.exit_code == 1 and "dondoc init" in result.stderr


def test_bad_now_is_a_user_error(home: Path) -> None:
    result = dondoc("--now", "hôm qua", "list")
    assert result.exit_code == 1 and "ISO 8601" in result.stderr


def test_console_script_entry_point(home: Path) -> None:
    """The installed `dondoc` script, as a user runs it (no Prefect needed for reads)."""
    script = Path(sys.executable).with_name("dondoc")
    env = {**os.environ, "DONDOC_NOW": "2020-04-02T09:00:00+07:00"}
    subprocess.run([script, "init"], check=True, env=env, capture_output=True)
    listed = subprocess.run([script, "list", "--json"], check=True, env=env, capture_output=True, text=True)
    assert json.loads(listed.stdout) == []
