"""Evidence files are named for what they are: direction overrides and control characters are
dropped from the name, the extension comes from the content (a PDF is .pdf whatever it was
called), a name too long for a file system is shortened in bytes, and a file that only starts
like an allowed kind is refused. Notes lose direction overrides too."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from dondoc.record.enums import SubtaskStatus
from tests.portal.conftest import TOWN, Portal

TASK = "bo-tri-lai-bo-phan-mot-cua"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n0 1\ntrailer\n<< >>\nstartxref\n9\n%%EOF\n"
RLO = "\u202e"


def _done(portal: Portal, name: str, content: bytes, note: str = "kèm minh chứng") -> Any:
    subtask_id = portal.subtask(TASK, TOWN)
    return portal.client.post(
        f"/api/subtasks/{subtask_id}/done",
        headers=portal.bearer(TOWN),
        data={"note": note},
        files=[("files", (name, content, "application/pdf"))],
    )


def _stored_name(portal: Portal, answer: Any) -> str:
    assert answer.status_code == 200, answer.text
    subtask_id = answer.json()["subtask"]["id"]
    detail = portal.client.get(f"/api/subtasks/{subtask_id}", headers=portal.bearer(TOWN)).json()
    return str(detail["evidence"][0]["filename"])


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        (f"bien-ban{RLO}fdp.bat", "bien-banfdp.pdf"),  # was shown as "bien-bantab.pdf"
        ("bien-ban.bat", "bien-ban.pdf"),
        ("bien\u2066-ban\u2069.pdf", "bien-ban.pdf"),
        ("bien-ban", "bien-ban.pdf"),
        ("Biên bản.PDF", "Biên bản.PDF"),
    ],
)
def test_the_name_shows_what_the_file_is(portal: Portal, sent: str, kept: str) -> None:
    assert _stored_name(portal, _done(portal, sent, PDF)) == kept


def test_a_name_too_long_for_a_file_system_is_shortened_in_bytes(portal: Portal) -> None:
    name = _stored_name(portal, _done(portal, "ệ" * 195 + ".pdf", PDF))
    # ext4, NTFS and the others allow 255 bytes a name
    assert len(name.encode()) <= 255 and name.endswith("ệ.pdf")


def _zip(*names: str) -> bytes:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return packed.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bien-ban.pdf", b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>\n"),
        ("bao-cao.docx", _zip("payload.html")),
        ("bang.xlsx", _zip("[Content_Types].xml", "word/document.xml")),
    ],
)
def test_a_file_that_only_starts_like_an_allowed_kind_is_refused(
    portal: Portal, name: str, content: bytes
) -> None:
    answer = _done(portal, name, content)
    assert answer.status_code == 422 and name in answer.json()["detail"], answer.text
    assert not (portal.ctx.settings.home / "evidence").exists()
    assert portal.status(portal.subtask(TASK, TOWN)) is SubtaskStatus.PENDING


def test_a_real_office_file_is_kept(portal: Portal) -> None:
    content = _zip("[Content_Types].xml", "word/document.xml")
    assert _stored_name(portal, _done(portal, "bao-cao.docx", content)) == "bao-cao.docx"


def test_a_note_loses_direction_overrides(portal: Portal) -> None:
    answer = _done(portal, "bien-ban.pdf", PDF, note=f"Đã họp {RLO}nớhp 3{RLO} xong")
    assert answer.status_code == 200, answer.text
    assert answer.json()["subtask"]["note"] == "Đã họp nớhp 3 xong"
