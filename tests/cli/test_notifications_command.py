"""`dondoc notifications` lists the outbox; the demo redirect writes readable text to a file."""

from __future__ import annotations

import asyncio

import pytest

from dondoc.context import Context
from dondoc.cycle import run_sweep
from dondoc.directives.intake import RegistrationResult
from dondoc.record.clock import parse_instant
from tests.cli_helpers import dondoc, dondoc_json


def test_the_outbox_as_json_and_the_demo_file(
    ctx: Context, seeded: RegistrationResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DONDOC_NOTIFY_REDIRECT", "dondocfile://")
    asyncio.run(run_sweep(ctx, now=parse_instant("2020-04-13T09:00:00+07:00")))
    rows = dondoc_json("notifications", "--status", "sent")
    assert len(rows) == 4
    keys = {"id", "subtask", "kind", "step", "recipient", "status", "attempts", "dedup_key", "sent_at"}
    assert keys <= set(rows[0])
    assert rows[0]["sent_at"] == "2020-04-13T09:00:00+07:00" and rows[0]["kind"] == "reminder"
    assert dondoc_json("notifications", "--status", "pending") == []
    text = (ctx.settings.home / "notifications.txt").read_text(encoding="utf-8")
    assert text.count("[Nhắc việc] 125-KL/HU") == 4
    assert "[Gửi Ủy ban nhân dân huyện Sơn Lâm (UBND)]" in text
    listing = dondoc("notifications")
    assert listing.exit_code == 0 and "Đã gửi" in listing.output
