"""Editing a registered directive in the portal is `dondoc load --update`: the edit registers a
new version through the intake flow, and loading that version's YAML with --update into a copy
of the database as it was gives the same directive, tasks, subtasks, dependencies and history."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from dondoc.record.audit import Actor
from dondoc.record.db import engine_for
from dondoc.registration import plan_from_file, register_directive
from tests.cli_helpers import database_dump, dondoc
from tests.conftest import SEED_SPEC
from tests.databases import PostgresServer, Template
from tests.portal.conftest import NOW, Portal

# what differs by nature between the two ways in: who and from where, the flow runs, the drafts,
# and when each audit row reached Prefect's event feed
NOT_COMPARED = {
    "directive": {"flow_run_id"},
    "event": {"id", "source", "detail", "published_at", "publishing_until"},
    "specversion": {"source", "flow_run_id"},
}
TABLES = ["directive", "task", "subtask", "subtaskdependency", "event", "specversion"]


def _rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = engine_for(url)
    metadata = sa.MetaData()
    metadata.reflect(engine, only=TABLES)
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for name in TABLES:
            table = metadata.tables[name]
            kept = [c for c in table.columns if c.name not in NOT_COMPARED.get(name, set())]
            query = sa.select(*kept)
            if name == "event":
                query = query.where(table.c.action.not_like("draft.%"))
            tables[name] = sorted(connection.execute(query).all(), key=repr)
    return tables


def _signed_in(portal: Portal) -> str:
    portal.client.get(f"/l/{portal.tokens['coordinator']}")
    page = portal.client.get("/drafts/new").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def _edited(spec: dict[str, Any]) -> dict[str, Any]:
    tasks = spec["tasks"]
    one_stop = next(t for t in tasks if t["id"] == "bo-tri-lai-bo-phan-mot-cua")
    one_stop["due"] = "2020-05-15"
    tasks[0]["lead"] = "PTCKH"
    del tasks[1]
    tasks.append(
        {
            "id": "bao-cao-ket-qua",
            "text": "Các xã, thị trấn báo cáo kết quả thực hiện về Văn phòng Huyện ủy.",
            "lead": "VPHU",
            "due": "10 working days",
            "fan_out": {"parent": "HUYEN", "kind": "xa"},
        }
    )
    return spec


@pytest.mark.usefixtures("prefect_server")
def test_an_edit_in_the_portal_is_load_update_of_its_yaml(
    portal: Portal,
    seeded_database: Template,
    suite_postgres: PostgresServer | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the database as it was before the edit, for `dondoc load --update` to start from
    before = tmp_path / "before"
    before_url = seeded_database.copy_into(before, suite_postgres)

    csrf = _signed_in(portal)
    opened = portal.client.post("/directives/1/edit", data={"csrf_token": csrf}, follow_redirects=False)
    assert opened.status_code == 303
    draft_url = opened.headers["location"]
    page = portal.client.get(draft_url).text
    assert "Sửa văn bản 125-KL/HU" in page
    spec_json = re.search(r'<script type="application/json" id="draft-data">(.*?)</script>', page, re.S)
    assert spec_json
    spec = json.loads(spec_json.group(1))["spec"]
    headers = {"X-CSRF-Token": csrf}
    renumbered = portal.client.post(
        f"{draft_url}/save", json={"spec": {**spec, "number": "999-KL/HU"}}, headers=headers
    )
    assert renumbered.json()["problems"] == [
        {"path": "number", "message": "không đổi được số hiệu của văn bản đã đăng ký (125-KL/HU)"}
    ]
    saved = portal.client.post(f"{draft_url}/save", json={"spec": _edited(spec)}, headers=headers)
    assert saved.status_code == 200 and saved.json()["problems"] == [], saved.text
    registered = portal.client.post(f"{draft_url}/register", headers=headers)
    assert registered.status_code == 200, registered.text
    assert registered.json() == {"redirect": "/directives/1?ok=updated"}
    directive_page = portal.client.get("/directives/1?ok=updated").text
    assert "Đã cập nhật văn bản." in directive_page and "Phiên bản 2" in directive_page

    downloaded = portal.client.get("/directives/1/spec.yaml")
    assert downloaded.headers["content-disposition"] == 'attachment; filename="125-KL-HU.v2.yaml"'
    path = tmp_path / "125-KL-HU.v2.yaml"
    path.write_bytes(downloaded.content)

    portal_rows = _rows(portal.ctx.settings.database_url)
    assert ("bao-cao-ket-qua",) in {(row[2],) for row in portal_rows["task"]}
    monkeypatch.setenv("DONDOC_HOME", str(before))
    if suite_postgres:
        monkeypatch.setenv("DONDOC_DATABASE_URL", before_url)
    loaded = dondoc("--now", NOW.isoformat(), "load", str(path), "--update")
    assert loaded.exit_code == 0, loaded.output
    assert "Đã cập nhật văn bản 125-KL/HU" in loaded.output
    assert _rows(before_url) == portal_rows
    if suite_postgres:
        suite_postgres.drop(before_url)


def test_an_edit_opened_before_another_update_is_refused(portal: Portal, tmp_path: Path) -> None:
    csrf = _signed_in(portal)
    draft_url = portal.client.post("/directives/1/edit", data={"csrf_token": csrf}).url.path
    # someone loads a new version from the command line meanwhile
    data = yaml.safe_load(SEED_SPEC.read_text(encoding="utf-8"))
    data["tasks"][0]["due"] = "2020-04-25"
    newer = tmp_path / "newer.yaml"
    newer.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    register_directive(
        portal.ctx, plan_from_file(portal.ctx, newer), update=True, actor=Actor("VPUB"), now=NOW
    )
    before = database_dump(portal.ctx.settings.home)
    answer = portal.client.post(f"{draft_url}/register", headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 409
    assert "đã được cập nhật (phiên bản 2)" in answer.json()["detail"]
    assert database_dump(portal.ctx.settings.home) == before
