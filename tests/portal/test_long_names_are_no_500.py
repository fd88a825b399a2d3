"""Names longer than a file system takes answer normally, never 500: a document uploaded under a
name of 195 'ệ' (585 bytes) becomes a draft, and the report of thirty directives downloads under
a short name (the month and a count), the directives listed inside."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.registration import plan_from_file, register_directive
from tests.draft_documents import SEED_DOCUMENT
from tests.portal.conftest import Portal
from tests.portal.test_html_lists_page import sign_in

NUMBERS = [f"{100 + i}/TB-UBND-VPUB-PTCKH" for i in range(30)]


def test_a_document_named_beyond_255_bytes_becomes_a_draft(portal: Portal) -> None:
    name = "ệ" * 195 + ".txt"
    answer = portal.client.post(
        "/api/drafts",
        headers=portal.bearer("coordinator"),
        files={"file": (name, SEED_DOCUMENT.read_bytes(), "text/plain")},
    )
    assert answer.status_code == 201, answer.text
    kept = answer.json()["spec"]["source"]
    assert kept.endswith("ệ.txt") and len(kept.encode()) <= 255


def _register_many(portal: Portal, folder: Path) -> None:
    at = clock.parse_instant("2020-04-02T09:00:00+07:00")
    for number in NUMBERS:
        spec = folder / f"{number.split('/')[0]}.yaml"
        spec.write_text(
            f"""
number: "{number}"
kind: thong_bao_ket_luan
title: Thông báo kết luận số {number}
issuer: UBND
issued_on: 2020-04-02
tasks:
  - {{id: bao-cao, text: Báo cáo kết quả, lead: PTCKH, due: 2020-04-20}}
""",
            encoding="utf-8",
        )
        register_directive(
            portal.ctx, plan_from_file(portal.ctx, spec), update=False, actor=Actor("VPUB"), now=at
        )


def test_the_report_of_thirty_directives_downloads(portal: Portal, tmp_path: Path) -> None:
    _register_many(portal, tmp_path)
    sign_in(portal, "coordinator")
    answer = portal.client.get(
        "/reports/download",
        params=[("format", "xlsx"), ("month", "2020-04"), *(("directive", n) for n in NUMBERS)],
    )
    assert answer.status_code == 200, answer.text[:500]
    assert answer.headers["content-disposition"] == 'attachment; filename="bao-cao-2020-04-30-van-ban.xlsx"'
    listed = load_workbook(io.BytesIO(answer.content))["Theo văn bản"]
    assert {row[0] for row in listed.iter_rows(min_row=5, values_only=True)} >= set(NUMBERS)
