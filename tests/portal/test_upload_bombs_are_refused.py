"""Files made to exhaust the portal are refused quickly, before anything walks or parses them: a
YAML spec whose aliases expand 600 bytes into gigabytes ("billion laughs"), and a Word file whose
few hundred kilobytes unzip to tens of megabytes. Each answer is a clear 413/422 naming the file,
within 2 s, and nothing is written or kept."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

import pytest

from dondoc.record.errors import SpecError
from dondoc.record.yamlsrc import load_yaml
from tests.cli_helpers import database_dump
from tests.portal.conftest import Portal

# nine levels of nine aliases: 9^9 (387 million) strings once expanded
LEVELS = "abcdefghi"
BILLION_LAUGHS = "\n".join(
    [f"a: &a [{','.join(['lol'] * 9)}]"]
    + [f"{name}: &{name} [{','.join(['*' + prev] * 9)}]" for prev, name in itertools.pairwise(LEVELS)]
).encode()
SECONDS = 2.0


def _upload(portal: Portal, name: str, data: bytes) -> tuple[Any, float]:
    started = time.monotonic()
    answer = portal.client.post(
        "/api/drafts",
        headers=portal.bearer("coordinator"),
        files={"file": (name, data, "application/octet-stream")},
    )
    return answer, time.monotonic() - started


def _kept(portal: Portal) -> list[Path]:
    return sorted(p for p in (portal.ctx.settings.home / "evidence").rglob("*") if p.is_file())


def test_billion_laughs_spec_is_refused_at_once(portal: Portal) -> None:
    assert len(BILLION_LAUGHS) < 600
    before = database_dump(portal.ctx.settings.home)
    answer, took = _upload(portal, "ket-luan.yaml", BILLION_LAUGHS)
    assert answer.status_code == 422, answer.text
    assert "ket-luan.yaml" in answer.text and "bí danh" in answer.text
    assert took < SECONDS
    assert database_dump(portal.ctx.settings.home) == before
    assert _kept(portal) == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("tasks: &t\n  - *t\n", 1),  # a block that contains itself
        (BILLION_LAUGHS.decode(), 4),  # the fourth level is where it outgrows the budget
    ],
)
def test_the_loader_names_the_line_of_the_alias(tmp_path: Path, text: str, line: int) -> None:
    spec = tmp_path / "bom.yaml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as refused:
        load_yaml(spec)
    problem = refused.value.problems[0]
    assert (problem.file, problem.line, problem.field) == (str(spec), line, "YAML")


def test_a_spec_that_reuses_a_block_a_few_times_still_loads(tmp_path: Path) -> None:
    spec = tmp_path / "ok.yaml"
    spec.write_text("ho-tro: &h [PNV, PTCKH]\nmot: *h\nhai: *h\n", encoding="utf-8")
    assert load_yaml(spec) == {"ho-tro": ["PNV", "PTCKH"], "mot": ["PNV", "PTCKH"], "hai": ["PNV", "PTCKH"]}
