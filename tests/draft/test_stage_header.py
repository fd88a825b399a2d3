"""The header stage, one row of `cases/header.yaml` a test: the blocks of a document's first lines
in, the header's fields out (number, issue date and place, kind, issuer, title), negatives
included. The blocks are one a line, as the reader gives a header's cells."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from dondoc.draft.agencies import AgencyFinder
from dondoc.draft.blocks import Block
from dondoc.draft.header import Header, parse_header
from tests.draft_documents import registry

CASES = yaml.safe_load((Path(__file__).with_name("cases") / "header.yaml").read_text(encoding="utf-8"))
_MARKER = re.compile(r"^(?:\d{1,2}[.)]|[a-zđ]\)|[-–•+])(?=\s)")


def _blocks(text: str) -> list[Block]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [Block(line, (m.group(0) if (m := _MARKER.match(line)) else None)) for line in lines]


def _field(header: Header, name: str) -> Any:
    if name == "issuer":
        return header.issuer.code if header.issuer else header.issuer_written
    if name == "kind":
        return header.kind.value
    return getattr(header, name)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_header_reads(case: dict[str, Any]) -> None:
    header = parse_header(_blocks(case["text"]), AgencyFinder(registry()))
    expected = case["expect"]
    found = {name: _field(header, name) for name in expected}
    assert found == {
        name: dt.date.fromisoformat(str(value)) if name == "issued_on" and value else value
        for name, value in expected.items()
    }
