"""Files made to exhaust the portal are refused quickly, before anything walks or parses them: a
YAML spec whose aliases expand 600 bytes into gigabytes ("billion laughs"), and a Word file whose
few hundred kilobytes unzip to tens of megabytes. Each answer is a clear 422 naming the file,
given before the drafter or Word's reader is handed the file (how fast that is, is the
benchmarks' business), and nothing is written or kept. A document that is simply too long for
the drafter is stopped when its time is up."""

from __future__ import annotations

import io
import itertools
import multiprocessing
import zipfile
from pathlib import Path
from typing import Any

import pytest

from dondoc.draft import source_files
from dondoc.portal.drafts import drafting
from dondoc.portal.drafts import time_limit as draft_time
from dondoc.record.errors import SpecError
from dondoc.record.wordbounds import require_bounded_word
from dondoc.record.yamlsrc import load_yaml
from tests.cli_helpers import database_dump, dondoc
from tests.draft.files import write_docx
from tests.portal.conftest import Portal

# nine levels of nine aliases: 9^9 (387 million) strings once expanded
LEVELS = "abcdefghi"
BILLION_LAUGHS = "\n".join(
    [f"a: &a [{','.join(['lol'] * 9)}]"]
    + [f"{name}: &{name} [{','.join(['*' + prev] * 9)}]" for prev, name in itertools.pairwise(LEVELS)]
).encode()


def _never(what: str) -> Any:
    def called(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{what} was handed a file the checks should have refused")

    return called


@pytest.fixture
def nothing_drafts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The portal's drafting and the Word reader fail the test if a refused file reaches them."""
    monkeypatch.setattr(drafting, "new_draft", _never("the portal's drafting"))
    monkeypatch.setattr(source_files, "word_parts", _never("the Word reader"))


def _upload(portal: Portal, name: str, data: bytes) -> Any:
    return portal.client.post(
        "/api/drafts",
        headers=portal.bearer("coordinator"),
        files={"file": (name, data, "application/octet-stream")},
    )


def _kept(portal: Portal) -> list[Path]:
    return sorted(p for p in (portal.ctx.settings.home / "evidence").rglob("*") if p.is_file())


def test_billion_laughs_spec_is_refused_at_once(portal: Portal) -> None:
    assert len(BILLION_LAUGHS) < 600
    before = database_dump(portal.ctx.settings.home)
    answer = _upload(portal, "ket-luan.yaml", BILLION_LAUGHS)
    # the loader's alias budget refused it: expanded, it would not fit in memory
    assert answer.status_code == 422, answer.text
    assert "ket-luan.yaml" in answer.text and "bí danh" in answer.text
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


def _word(tmp_path: Path, *, paragraphs: int, sentences: int) -> bytes:
    """A real Word file whose body is `paragraphs` copies of a paragraph of `sentences`
    sentences, zipped as tight as Word can: the same text over and over shrinks ~300 times."""
    real = tmp_path / "that.docx"
    write_docx(["KẾT LUẬN", "1. Các xã, thị trấn rà soát hộ nghèo."], real)
    with zipfile.ZipFile(real) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    head, _, rest = parts["word/document.xml"].decode().partition("<w:body>")
    paragraph = f"<w:p><w:r><w:t>{'Các xã, thị trấn rà soát hộ nghèo. ' * sentences}</w:t></w:r></w:p>"
    parts["word/document.xml"] = f"{head}<w:body>{paragraph * paragraphs}{rest}".encode()
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for name, data in parts.items():
            bomb.writestr(name, data)
    return packed.getvalue()


@pytest.fixture(scope="module")
def word_bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("bombs")
    return {
        # 50 MB of body in a file of a few hundred kilobytes: the 10 MB upload cap lets it through
        "giai-nen-50MB.docx": _word(folder, paragraphs=50_000, sentences=28),
        # small once unzipped, but more paragraphs than any directive
        "8000-doan.docx": _word(folder, paragraphs=8_000, sentences=1),
    }


@pytest.mark.parametrize(
    ("name", "message"), [("giai-nen-50MB.docx", "quá 30 MB"), ("8000-doan.docx", "hơn 5.000 đoạn văn")]
)
@pytest.mark.usefixtures("nothing_drafts")
def test_word_bomb_is_refused_at_once_by_the_portal(
    portal: Portal, word_bombs: dict[str, bytes], name: str, message: str
) -> None:
    assert len(word_bombs[name]) < 1024 * 1024
    before = database_dump(portal.ctx.settings.home)
    answer = _upload(portal, name, word_bombs[name])
    assert answer.status_code == 422, answer.text
    assert name in answer.json()["detail"] and message in answer.json()["detail"]
    assert database_dump(portal.ctx.settings.home) == before
    assert _kept(portal) == []


@pytest.mark.usefixtures("nothing_drafts")
def test_word_bomb_is_refused_at_once_by_the_cli(
    home: Path, tmp_path: Path, word_bombs: dict[str, bytes]
) -> None:
    bomb = tmp_path / "giai-nen-50MB.docx"
    bomb.write_bytes(word_bombs[bomb.name])
    result = dondoc("draft", str(bomb))
    assert result.exit_code == 1 and "quá 30 MB" in result.output


def test_a_real_word_file_is_within_bounds(tmp_path: Path) -> None:
    require_bounded_word("ket-luan.docx", _word(tmp_path, paragraphs=300, sentences=3))


def test_a_document_too_long_to_draft_is_stopped_in_time(
    portal: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """8,000 numbered lines (700 KB) would hold a portal thread for minutes."""
    monkeypatch.setattr(draft_time, "DRAFT_SECONDS", 3.0)
    lines = [
        f"{i}. Các xã, thị trấn rà soát hộ nghèo, báo cáo UBND huyện trước ngày 30/4/2020."
        for i in range(8_000)
    ]
    before = database_dump(portal.ctx.settings.home)
    answer = _upload(portal, "ke-hoach-dai.txt", "\n".join(lines).encode())
    assert answer.status_code == 422, answer.text
    assert "ke-hoach-dai.txt" in answer.json()["detail"] and "quá 3 giây" in answer.json()["detail"]
    assert multiprocessing.active_children() == []
    assert database_dump(portal.ctx.settings.home) == before
    assert _kept(portal) == []
