"""The drafts API: a coordinator uploads a document or a spec, reads and corrects the draft,
registers it through the intake flow; agencies get 403, strangers 401; bad specs name each
problem by its path; files that lie about their type, or are too big, are refused unstored."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from dondoc.directives.drafts import SpecDraft
from dondoc.record.models import Directive, Event
from tests.cli_helpers import database_dump, dondoc_json
from tests.conftest import SEED_SPEC
from tests.draft_documents import SEED_DOCUMENT
from tests.portal.conftest import TOWN, Portal

SEED_NUMBER = "125-KL/HU"
ENDPOINTS = [
    ("post", "/api/drafts"),
    ("get", "/api/drafts/1"),
    ("put", "/api/drafts/1"),
    ("post", "/api/drafts/1/register"),
    ("get", "/api/directives/1/spec"),
]


def _upload(portal: Portal, name: str, data: bytes, who: str = "coordinator") -> Any:
    return portal.client.post(
        "/api/drafts", headers=portal.bearer(who), files={"file": (name, data, "application/octet-stream")}
    )


def _seed_draft(portal: Portal) -> dict[str, Any]:
    answer = _upload(portal, "ket-luan-thang-4.txt", SEED_DOCUMENT.read_bytes())
    assert answer.status_code == 201, answer.text
    return answer.json()


def _put(portal: Portal, draft_id: int, spec: dict[str, Any]) -> Any:
    return portal.client.put(
        f"/api/drafts/{draft_id}", headers=portal.bearer("coordinator"), json={"spec": spec}
    )


def _register(portal: Portal, draft_id: int) -> Any:
    return portal.client.post(f"/api/drafts/{draft_id}/register", headers=portal.bearer("coordinator"))


def _stored_files(portal: Portal) -> list[Path]:
    return sorted(p for p in (portal.ctx.settings.home / "evidence").rglob("*") if p.is_file())


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_an_agency_gets_403_and_no_token_401(portal: Portal, method: str, path: str) -> None:
    _seed_draft(portal)
    before = database_dump(portal.ctx.settings.home)
    body: dict[str, Any] = {}
    if method == "put":
        body = {"json": {"spec": {"number": "1"}}}
    if path == "/api/drafts":
        body = {"files": {"file": ("a.txt", b"Noi dung", "text/plain")}}
    for who, status in ((TOWN, 403), (None, 401)):
        headers = portal.bearer(who) if who else {}
        answer = portal.client.request(method, path, headers=headers, **body)
        assert answer.status_code == status, (who, answer.text)
        assert answer.json()["detail"]
    assert database_dump(portal.ctx.settings.home) == before


def test_a_document_becomes_a_draft_to_review(portal: Portal) -> None:
    draft = _seed_draft(portal)
    spec = draft["spec"]
    assert spec["kind"] == "ket_luan" and spec["issuer"] == "TTHU" and spec["issued_on"] == "2020-04-01"
    assert spec["source"] == "ket-luan-thang-4.txt"
    assert len(spec["tasks"]) == 27
    assert {"id", "text", "lead", "due", "review"} <= set(spec["tasks"][0])
    # the notes, each at the field (or block) it concerns; the seed has no number to fill
    paths = {note["path"] for note in draft["review"]}
    assert paths & {"", "number"} and any(p.startswith("tasks[") for p in paths)
    assert {"path": "number", "message": "không được để trống"} in draft["problems"]
    again = portal.client.get(f"/api/drafts/{draft['id']}", headers=portal.bearer("coordinator")).json()
    assert again["spec"] == spec and again["problems"] == draft["problems"]
    # the document is kept by its hash, like evidence
    assert len(_stored_files(portal)) == 1
    with portal.ctx.session() as session:
        created = session.exec(select(Event).where(Event.action == "draft.created")).one()
    assert created.actor == "VPHU" and created.source == "api"
    assert created.detail["document"] == "ket-luan-thang-4.txt"


def test_a_bad_spec_names_each_problem_by_its_path(portal: Portal) -> None:
    draft = _seed_draft(portal)
    spec = draft["spec"]
    spec["number"] = "130-KL/HU"
    spec["tasks"][3]["lead"] = "Phòng Không Có"
    spec["tasks"][4]["support"] = ["UBND", "Ban Không Có"]
    spec["tasks"][5]["due"] = "2020-03-20"
    spec["tasks"][6]["depends_on"] = ["khong-co-viec-nay"]
    spec["tasks"][7]["fan_out"] = {"parent": "HUYEN", "kind": "tinh"}
    answer = _put(portal, draft["id"], spec)
    assert answer.status_code == 200, answer.text
    problems = {p["path"]: p["message"] for p in answer.json()["problems"]}
    assert set(problems) == {
        "tasks[3].lead",
        "tasks[4].support[1]",
        "tasks[5].due",
        "tasks[6].depends_on[0]",
        "tasks[7].fan_out.kind",
    }
    assert problems["tasks[3].lead"].startswith("không có cơ quan 'Phòng Không Có'")
    assert problems["tasks[5].due"] == "hạn 20/03/2020 trước ngày ban hành 01/04/2020"
    # saved as edited, problems and all
    kept = portal.client.get(f"/api/drafts/{draft['id']}", headers=portal.bearer("coordinator")).json()
    assert kept["spec"]["tasks"][3]["lead"] == "Phòng Không Có"
    shape = _put(portal, draft["id"], {**spec, "kind": "bien_ban", "tasks": [{"id": "X Y", "text": ""}]})
    paths = {p["path"] for p in shape.json()["problems"]}
    assert paths == {"kind", "tasks[0].id", "tasks[0].text"}


def test_registering_an_invalid_draft_is_422_and_writes_nothing(portal: Portal) -> None:
    draft = _seed_draft(portal)
    spec = {**draft["spec"], "number": "130-KL/HU"}
    spec["tasks"][0]["due"] = "2020-03-31"
    _put(portal, draft["id"], spec)
    before = database_dump(portal.ctx.settings.home)
    answer = _register(portal, draft["id"])
    assert answer.status_code == 422
    assert answer.json()["problems"] == [
        {"path": "tasks[0].due", "message": "hạn 31/03/2020 trước ngày ban hành 01/04/2020"}
    ]
    assert database_dump(portal.ctx.settings.home) == before


@pytest.mark.usefixtures("prefect_server")
def test_a_valid_draft_registers_through_the_intake_flow(portal: Portal, tmp_path: Path) -> None:
    draft = _seed_draft(portal)
    _put(portal, draft["id"], {**draft["spec"], "number": "130-KL/HU"})
    answer = _register(portal, draft["id"])
    assert answer.status_code == 201, answer.text
    registered = answer.json()
    assert registered["directive"]["number"] == "130-KL/HU" and registered["status"] == "created"
    assert registered["subtasks"] > 150 and registered["flow_run_id"]
    with portal.ctx.session() as session:
        directive = session.get(Directive, registered["directive"]["id"])
        assert directive is not None and directive.flow_run_id == registered["flow_run_id"]
        audit = session.exec(select(Event).where(Event.action == "directive.registered")).all()
        draft_row = session.get(SpecDraft, draft["id"])
    assert [(e.actor, e.source) for e in audit if e.directive_id == directive.id] == [("VPHU", "api")]
    assert draft_row is not None and draft_row.status == "registered"
    # registered once: the draft is closed
    assert _put(portal, draft["id"], draft["spec"]).status_code == 409
    assert _register(portal, draft["id"]).status_code == 409
    # the spec as registered, as YAML: loading it gives the same directive
    spec = portal.client.get(f"/api/directives/{directive.id}/spec", headers=portal.bearer("coordinator"))
    assert spec.status_code == 200 and spec.headers["content-type"] == "text/yaml; charset=utf-8"
    path = tmp_path / "130.yaml"
    path.write_bytes(spec.content)
    assert dondoc_json("load", str(path))["status"] == "unchanged"


def test_a_number_registered_with_other_content_is_409(portal: Portal) -> None:
    draft = _seed_draft(portal)
    _put(portal, draft["id"], {**draft["spec"], "number": SEED_NUMBER})
    before = database_dump(portal.ctx.settings.home)
    answer = _register(portal, draft["id"])
    assert answer.status_code == 409
    assert "đã được đăng ký với nội dung khác" in answer.json()["detail"]
    assert database_dump(portal.ctx.settings.home) == before


def test_a_yaml_spec_can_be_uploaded(portal: Portal) -> None:
    answer = _upload(portal, "kl.yaml", SEED_SPEC.read_bytes())
    assert answer.status_code == 201, answer.text
    draft = answer.json()
    assert draft["spec"]["number"] == SEED_NUMBER and draft["problems"] == []
    broken = _upload(portal, "hong.yaml", b"number: [125\ntasks: x\n")
    assert broken.status_code == 422 and "hong.yaml:" in broken.json()["detail"]


def _word_that_is_a_spreadsheet() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ket-luan.docx", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "không phải tài liệu Word (.docx)"),
        ("ket-luan.docx", _word_that_is_a_spreadsheet(), "không phải tài liệu Word (.docx)"),
        ("ket-luan.pdf", "KẾT LUẬN\nSố 1-KL/HU".encode(), "không phải tệp PDF"),
        ("ket-luan.txt", b"%PDF-1.7\n" + b"\0" * 64, "không phải văn bản thuần UTF-8"),
        (
            "ket-luan.txt",
            unicodedata.normalize("NFD", "Xã Hòa Bình").encode("cp1258"),
            "không phải văn bản thuần UTF-8",
        ),
        ("ket-luan.yaml", b"MZ\x90\x00" + b"\0" * 64, "không phải tệp YAML"),
        ("ket-luan.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 64, "Word 97-2003 (.doc)"),
        ("ket-luan.exe", b"MZ\x90\x00", "chỉ nhận Word (.docx), PDF"),
        ("rong.txt", b"", "rỗng"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(
    portal: Portal, name: str, data: bytes, message: str
) -> None:
    before = database_dump(portal.ctx.settings.home)
    answer = _upload(portal, name, data)
    assert answer.status_code == 422, answer.text
    assert message in answer.json()["detail"]
    assert database_dump(portal.ctx.settings.home) == before
    assert _stored_files(portal) == []


def test_an_oversized_file_is_413_and_not_kept(portal: Portal) -> None:
    before = database_dump(portal.ctx.settings.home)
    answer = _upload(portal, "dai.txt", b"a" * (40 * 1024 * 1024 + 1))
    assert answer.status_code == 413 and "40 MB" in answer.json()["detail"]
    assert database_dump(portal.ctx.settings.home) == before
    assert _stored_files(portal) == []


def test_pasted_text_is_drafted_too(portal: Portal) -> None:
    answer = portal.client.post(
        "/api/drafts", headers=portal.bearer("coordinator"), data={"text": SEED_DOCUMENT.read_text("utf-8")}
    )
    assert answer.status_code == 201, answer.text
    assert len(answer.json()["spec"]["tasks"]) == 27


def test_a_directive_without_that_version_is_404(portal: Portal) -> None:
    coordinator = portal.bearer("coordinator")
    assert portal.client.get("/api/directives/1/spec?version=2", headers=coordinator).status_code == 404
    assert portal.client.get("/api/directives/999/spec", headers=coordinator).status_code == 404
    assert portal.client.get("/api/drafts/999", headers=coordinator).status_code == 404
    first = portal.client.get("/api/directives/1/spec?version=1", headers=coordinator)
    assert first.text == SEED_SPEC.read_text(encoding="utf-8")
    with portal.ctx.session() as session:
        assert session.exec(select(col(SpecDraft.id))).all() == []
