"""The header stage, case by case (cases/header.yaml): the blocks of a document's first lines in,
the header's fields out (number, issue date and place, kind, issuer, title), negatives included.
The blocks are one a line, as the reader gives a header's cells."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from dondoc.draft.agencies import AgencyFinder
from dondoc.draft.blocks import Block
from dondoc.draft.header import Header, parse_header
from tests.draft.case_rows import rows
from tests.draft_documents import registry

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


def _expected(name: str, value: Any) -> Any:
    return dt.date.fromisoformat(str(value)) if name == "issued_on" and value else value


@pytest.mark.parametrize("case", rows("header"))
def test_the_header_reads(case: dict[str, Any]) -> None:
    header = parse_header(_blocks(case["text"]), AgencyFinder(registry()))
    expected = dict(case["expect"])
    for note in expected.pop("notes", []):
        assert any(given.startswith(note) for given in header.review), header.review
    assert {name: _field(header, name) for name in expected} == {
        name: _expected(name, value) for name, value in expected.items()
    }
