"""An agency's choice in config/agencies.yaml (`reminders: items | digest | both`) and who leads
(`leadership`) reach the database; a value not understood names its file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import select

from dondoc.context import Context
from dondoc.directives.registry import load_agencies
from dondoc.record.enums import Reminders
from dondoc.record.errors import SpecError
from dondoc.record.models import Agency
from tests.conftest import CONFIG


def test_choices_reach_the_database(ctx: Context) -> None:
    with ctx.session() as session:
        rows = {a.code: a for a in session.exec(select(Agency)).all()}
    assert rows["XA-TANLAP"].reminders is Reminders.DIGEST
    assert rows["XA-HOABINH"].reminders is Reminders.BOTH
    assert {code for code, a in rows.items() if a.is_leadership} == {"TTHU", "TTHDND", "UBND"}


def _config_with(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "config"
    shutil.copytree(CONFIG, folder)
    path = folder / "agencies.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_a_choice_not_understood_names_the_line(tmp_path: Path) -> None:
    folder = _config_with(tmp_path, "reminders: digest", "reminders: weekly")
    with pytest.raises(SpecError) as refused:
        load_agencies(folder)
    message = str(refused.value)
    line = next(
        i
        for i, text in enumerate((folder / "agencies.yaml").read_text().splitlines(), 1)
        if "reminders: weekly" in text
    )
    assert (
        f"agencies.yaml:{line}:" in message and ".reminders" in message and "items, digest, both" in message
    )


def test_unknown_leadership_is_refused(tmp_path: Path) -> None:
    folder = _config_with(tmp_path, "leadership: [TTHU, TTHDND, UBND]", "leadership: [TTHU, UBNDD]")
    with pytest.raises(SpecError, match="leadership: không có cơ quan 'UBNDD'"):
        load_agencies(folder)
