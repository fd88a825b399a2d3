"""An agency's note reaches the coordinators' mailboxes as text: markup in it arrives escaped in
any HTML part and as typed in the text part, with its line breaks kept. Through a
real SMTP server (aiosmtpd) and the addresses of config/agencies.yaml."""

from __future__ import annotations

import asyncio

import pytest

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.notify.dispatch import dispatch_page
from dondoc.record.audit import Actor
from dondoc.record.clock import parse_instant
from dondoc.work.actions import complete
from tests.receivers import smtp_env, smtp_server
from tests.reports.april import subtask_id

NOW = parse_instant("2020-04-15T10:00:00+07:00")
MARKUP = '<a href="http://evil.example/x">Xem minh chứng</a><img src=x onerror="alert(1)">'
NOTE = f"Đã tổ chức hội nghị.\n{MARKUP}\nDòng thứ ba"


def test_a_note_with_markup_arrives_as_text(
    ctx: Context, seeded: RegistrationResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = subtask_id(ctx, "tam-dung-su-kien-lam-viec-tai-nha", "UBMTTQ")
    with ctx.session() as session:
        complete(session, subtask_id=sub, actor=Actor("UBMTTQ"), now=NOW, calendar=ctx.calendar, note=NOTE)
    with smtp_server() as (port, inbox):
        smtp_env(monkeypatch, port)
        asyncio.run(dispatch_page(ctx, now=NOW))
    mails = [m for m in inbox.mails if "Dòng thứ ba" in (m.text or m.html or "")]
    assert mails, [m.subject for m in inbox.mails]
    for mail in mails:
        assert mail.text is not None
        assert f"Đã tổ chức hội nghị.\n{MARKUP}\nDòng thứ ba" in mail.text.replace("\r\n", "\n")
        # a text message needs no HTML part; if a target adds one, it is the text escaped
        if mail.html is not None:
            assert "<a " not in mail.html and "<img" not in mail.html
            assert "&lt;img src=x" in mail.html
