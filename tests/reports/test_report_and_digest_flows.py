"""The deployed side, through a real Prefect API: the monthly report flow writes last month's
.docx and .xlsx under $DONDOC_HOME/reports/ and publishes the table as an artifact naming them;
the digest flow queues and sends; the deployments are on cron in prefect.yaml."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from tests.conftest import REPO
from tests.reports.april import Played, play_april


@pytest.fixture
def played(ctx: Context, seeded: RegistrationResult, monkeypatch: pytest.MonkeyPatch) -> Played:
    return play_april(ctx, monkeypatch)


async def _artifacts(key: str) -> list:  # type: ignore[type-arg]
    async with get_client() as client:
        return await client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))


@pytest.mark.usefixtures("prefect_server")
def test_monthly_report_flow_writes_files_and_an_artifact(ctx: Context, played: Played, home: Path) -> None:
    from flows.report import report

    # run on the 1st of May, as the schedule does: it reports April
    summary = asyncio.run(report(now="2020-05-01T07:00:00+07:00"))  # type: ignore[arg-type]
    files = [Path(f) for f in summary["files"]]
    assert files == [home / "reports" / "bao-cao-2020-04.docx", home / "reports" / "bao-cao-2020-04.xlsx"]
    assert all(f.is_file() for f in files)
    assert "Sơn Lâm, ngày 01 tháng 5 năm 2020" in Document(str(files[0])).tables[0].cell(1, 1).text
    assert load_workbook(files[1])["Theo cơ quan"].cell(5, 1).value == "HU"
    artifacts = asyncio.run(_artifacts("bao-cao-2020-04"))
    assert artifacts and artifacts[0].type == "table"
    assert str(files[0]) in (artifacts[0].description or "")
    table = json.loads(artifacts[0].data)  # a table artifact keeps its rows as JSON text
    ubnd = next(row for row in table if row["Cơ quan, đơn vị"] == "Ủy ban nhân dân huyện Sơn Lâm")
    assert ubnd["Quá hạn (đã xong)"] == 1


@pytest.mark.usefixtures("prefect_server")
def test_digest_flow_queues_then_sends_once(
    ctx: Context, seeded: RegistrationResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.digest import digest

    monkeypatch.setenv("DONDOC_NOTIFY_REDIRECT", "dondocfile://")
    first = asyncio.run(digest(now="2020-04-27T07:00:00+07:00"))  # type: ignore[arg-type]
    assert first["queued"] > 30 and first["dispatch"]["sent"] == first["queued"]
    again = asyncio.run(digest(now="2020-04-27T07:00:00+07:00"))  # type: ignore[arg-type]
    assert again["queued"] == 0 and again["already_queued"] == first["queued"]
    holiday = asyncio.run(digest(now="2020-04-30T07:00:00+07:00"))  # type: ignore[arg-type]
    assert holiday["queued"] == 0 and holiday["day_off"]
    text = (ctx.settings.home / "notifications.txt").read_text(encoding="utf-8")
    assert text.count("[Tổng hợp ngày 27/04/2020]") == first["queued"]


def test_deployments_are_on_cron_in_local_time() -> None:
    deployments = {d["name"]: d for d in yaml.safe_load((REPO / "prefect.yaml").read_text())["deployments"]}
    expected = {
        "report-monthly": ("flows/report.py:report", "0 7 1 * *"),
        "digest-daily": ("flows/digest.py:digest", "0 7 * * 1-6"),
        "digest-weekly": ("flows/digest.py:digest", "30 7 * * 1"),
    }
    for name, (entrypoint, cron) in expected.items():
        assert deployments[name]["entrypoint"] == entrypoint
        assert deployments[name]["schedules"][0] == {
            "cron": cron,
            "timezone": "Asia/Ho_Chi_Minh",
            "active": True,
        }
    assert deployments["digest-weekly"]["parameters"] == {"weekly": True}
