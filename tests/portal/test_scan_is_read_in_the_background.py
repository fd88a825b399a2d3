"""A scan uploaded to the API is answered at once (202, the draft "reading" at its Location) and
read in the background by the real Tesseract, page by page, while the portal answers other
requests; the draft then opens with each page's OCR confidence. A package that cannot be read
ends as a failed draft with the reason, not a 500."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from dondoc.directives import drafts
from dondoc.directives.drafts import Document
from dondoc.portal.drafts import reading_jobs
from dondoc.record.audit import Actor
from tests.documents.edxml_packages import BROKEN_SIGNATURE, package
from tests.documents.scans import FIRST, SECOND, render_page, write_scan_pdf
from tests.portal.conftest import NOW, Portal

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")


def _upload(portal: Portal, name: str, data: bytes) -> Any:
    return portal.client.post(
        "/api/drafts", headers=portal.bearer("coordinator"), files={"file": (name, data, "application/pdf")}
    )


def _until_read(portal: Portal, location: str, timeout: float = 180) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        draft = portal.client.get(location, headers=portal.bearer("coordinator")).json()
        if draft["status"] != "reading":
            return draft
        time.sleep(0.3)
    raise AssertionError(f"still reading after {timeout} s")


@pytest.fixture(scope="module")
def scan_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("scan") / "ket-luan-quet.pdf"
    write_scan_pdf([render_page(FIRST, angle=1.0, seed=3), render_page(SECOND, angle=-1.0, seed=4)], path)
    return path.read_bytes()


def test_a_scan_is_202_read_in_the_background_then_reviewable(portal: Portal, scan_pdf: bytes) -> None:
    answer = _upload(portal, "ket-luan-quet.pdf", scan_pdf)
    assert answer.status_code == 202, answer.text
    location = answer.headers["location"]
    assert answer.json()["status"] == "reading" and location == f"/api/drafts/{answer.json()['id']}"

    # the portal is not blocked while Tesseract reads: another request is answered meanwhile
    started = time.monotonic()
    others = portal.client.get("/api/subtasks", headers=portal.bearer("coordinator"), params={"limit": 5})
    assert others.status_code == 200 and time.monotonic() - started < 3
    meanwhile = portal.client.get(location, headers=portal.bearer("coordinator")).json()
    assert meanwhile["status"] == "reading"
    assert (
        portal.client.put(location, headers=portal.bearer("coordinator"), json={"spec": {}}).status_code
        == 409
    )

    draft = _until_read(portal, location)
    assert draft["status"] == "open", draft
    pages = draft["reading"]["pages"]
    assert [(p["number"], p["ocr"]) for p in pages] == [(1, True), (2, True)]
    assert all(p["confidence"] > 70 for p in pages)
    assert (draft["reading"]["pages_read"], draft["reading"]["pages_total"]) == (2, 2)
    leads = {task.get("lead") for task in draft["spec"]["tasks"]}
    assert {"PTNMT", "UBMTTQ", "PVHTT"} <= leads
    assert draft["spec"]["number"] == "130-KL/HU"


def test_a_package_that_cannot_be_read_fails_with_its_reason(portal: Portal, tmp_path: Path) -> None:
    answer = _upload(portal, "kl-130.edxml", package([("kl.pdf", b"%PDF-1.4")], signature=BROKEN_SIGNATURE))
    assert answer.status_code == 202, answer.text
    draft = _until_read(portal, answer.headers["location"])
    assert draft["status"] == "failed"
    assert "kl-130.edxml" in draft["reading"]["failure"] and "chữ ký số" in draft["reading"]["failure"]
    register = portal.client.post(
        f"{answer.headers['location']}/register", headers=portal.bearer("coordinator")
    )
    assert register.status_code == 409


def test_a_read_cut_short_by_the_portal_stopping_says_so(portal: Portal, scan_pdf: bytes) -> None:
    answer = _upload(portal, "ket-luan-quet.pdf", scan_pdf)
    location = answer.headers["location"]
    deadline = time.monotonic() + 60
    while (
        portal.client.get(location, headers=portal.bearer("coordinator")).json()["reading"]["pages_total"]
        is None
    ):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    reading_jobs.stop()  # what the portal's shutdown does
    try:
        draft = _until_read(portal, location)
    finally:
        reading_jobs.start()
    assert draft["status"] == "failed" and draft["reading"]["failure"] == reading_jobs.STOPPED


def test_a_read_whose_reader_is_gone_is_a_failure_to_reupload(portal: Portal) -> None:
    """A portal restarted mid-read leaves a draft whose progress stopped: after a while it is
    shown as failed, with what to do."""
    with portal.ctx.session() as session:
        draft = drafts.start_reading(
            session,
            actor=Actor("VPHU"),
            now=NOW - drafts.STALLED_AFTER - dt.timedelta(seconds=1),
            document=Document("0" * 64, "quet.pdf", "application/pdf", 10),
        )
    answer = portal.client.get(f"/api/drafts/{draft.id}", headers=portal.bearer("coordinator")).json()
    assert answer["status"] == "failed" and answer["reading"]["failure"] == drafts.STALLED


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("anh-chup.jpg", b"%PDF-1.4 not a photo"),
        ("ban-quet.tif", b"\x89PNG\r\n\x1a\n not a tiff"),
        ("goi.edxml", b"<?xml version='1.0'?><html>not a package</html>"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_unread(
    portal: Portal, name: str, data: bytes
) -> None:
    answer = _upload(portal, name, data)
    assert answer.status_code == 422 and name in answer.json()["detail"]
    with portal.ctx.session() as session:
        assert drafts.open_drafts(session) == []
