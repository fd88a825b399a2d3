"""The pages that register directives: a coordinator's only, CSRF on every form and on the
form's own requests; a bad upload is said on the page and kept nowhere; a draft can be left and
resumed, or discarded."""

from __future__ import annotations

import re

import pytest

from tests.cli_helpers import database_dump
from tests.draft_documents import SEED_DOCUMENT
from tests.portal.conftest import TOWN, Portal


def _sign_in(portal: Portal, who: str) -> str:
    portal.client.cookies.clear()
    home = portal.client.get(f"/l/{portal.tokens[who]}").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', home)
    assert found
    return found.group(1)


def _upload(portal: Portal, csrf: str | None, name: str, data: bytes) -> object:
    fields = {"csrf_token": csrf} if csrf else {}
    return portal.client.post(
        "/drafts/new", data=fields, files={"file": (name, data, "text/plain")}, follow_redirects=False
    )


def _draft(portal: Portal) -> tuple[str, str]:
    csrf = _sign_in(portal, "coordinator")
    answer = _upload(portal, csrf, "ket-luan.txt", SEED_DOCUMENT.read_bytes())
    assert answer.status_code == 303  # type: ignore[attr-defined]
    return csrf, answer.headers["location"]  # type: ignore[attr-defined]


def test_without_a_session_the_pages_ask_for_the_link(portal: Portal) -> None:
    for path in ("/drafts/new", "/drafts/1", "/directives/1/spec.yaml"):
        answer = portal.client.get(path)
        assert answer.status_code == 401 and "đường dẫn riêng" in answer.text
    assert portal.client.post("/drafts/1/save", json={"spec": {}}).status_code == 401


def test_an_agency_is_refused_everywhere(portal: Portal) -> None:
    _, draft = _draft(portal)
    csrf = _sign_in(portal, TOWN)
    assert "Văn bản mới" not in portal.client.get("/").text
    before = database_dump(portal.ctx.settings.home)
    for path in ("/drafts/new", draft, "/directives/1/spec.yaml", f"{draft}/document"):
        assert portal.client.get(path).status_code == 403, path
    headers = {"X-CSRF-Token": csrf}
    for path in (f"{draft}/save", f"{draft}/register"):
        assert portal.client.post(path, json={"spec": {}}, headers=headers).status_code == 403
    for path in ("/directives/1/edit", f"{draft}/discard"):
        assert portal.client.post(path, data={"csrf_token": csrf}).status_code == 403
    assert _upload(portal, csrf, "a.txt", b"KET LUAN").status_code == 403  # type: ignore[attr-defined]
    assert database_dump(portal.ctx.settings.home) == before


def test_every_form_and_request_needs_the_csrf_token(portal: Portal) -> None:
    csrf, draft = _draft(portal)
    before = database_dump(portal.ctx.settings.home)
    assert _upload(portal, None, "a.txt", b"KET LUAN").status_code == 403  # type: ignore[attr-defined]
    assert _upload(portal, "sai", "a.txt", b"KET LUAN").status_code == 403  # type: ignore[attr-defined]
    for path in (f"{draft}/save", f"{draft}/register"):
        for headers in ({}, {"X-CSRF-Token": "sai"}):
            answer = portal.client.post(path, json={"spec": {"number": "x"}}, headers=headers)
            assert answer.status_code == 403 and "tải lại trang" in answer.json()["detail"]
    for path in ("/directives/1/edit", f"{draft}/discard"):
        assert portal.client.post(path, data={}).status_code == 403
    assert database_dump(portal.ctx.settings.home) == before
    assert (
        portal.client.post(f"{draft}/save", json={"spec": {}}, headers={"X-CSRF-Token": csrf}).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("ket-luan.docx", b"%PDF-1.4\n" + b"\0" * 32, 422, "không phải tài liệu Word (.docx)"),
        ("ket-luan.txt", b"x" * (40 * 1024 * 1024 + 1), 413, "lớn hơn 40 MB"),
    ],
)
def test_a_bad_upload_is_said_on_the_page_and_kept_nowhere(
    portal: Portal, name: str, data: bytes, status: int, message: str
) -> None:
    csrf = _sign_in(portal, "coordinator")
    before = database_dump(portal.ctx.settings.home)
    answer = _upload(portal, csrf, name, data)
    assert answer.status_code == status  # type: ignore[attr-defined]
    assert message in answer.text and 'enctype="multipart/form-data"' in answer.text  # type: ignore[attr-defined]
    assert database_dump(portal.ctx.settings.home) == before
    assert not (portal.ctx.settings.home / "evidence").exists()


def test_a_draft_is_resumed_from_the_list_or_discarded(portal: Portal) -> None:
    csrf, draft = _draft(portal)
    listed = portal.client.get("/drafts/new").text
    assert f'href="{draft}"' in listed and "(chưa có số hiệu)" in listed
    page = portal.client.get(draft)
    assert page.status_code == 200 and "ket-luan.txt" in page.text
    assert portal.client.get(f"{draft}/document").content == SEED_DOCUMENT.read_bytes()
    gone = portal.client.post(f"{draft}/discard", data={"csrf_token": csrf})
    assert "Đã bỏ bản nháp." in gone.text and f'href="{draft}"' not in gone.text
    assert portal.client.get(draft).status_code == 409
    answer = portal.client.post(f"{draft}/save", json={"spec": {}}, headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 409
