"""`dondoc draft FILE [-o draft.yaml] [--json]`: the YAML, the JSON shape, the errors."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from typer.testing import CliRunner

from dondoc.cli.main import app
from dondoc.draft import draft_lines
from tests.draft_documents import SEED_DOCUMENT, calendar, registry

runner = CliRunner()


@pytest.fixture(autouse=True)
def _config(home: Path) -> None:
    """The `home` fixture points DONDOC_CONFIG at the repository's config/ (no database needed)."""


def test_json_has_exactly_the_documented_shape() -> None:
    result = runner.invoke(app, ["draft", str(SEED_DOCUMENT), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"directive", "tasks"}
    directive = data["directive"]
    assert directive["review"] and all(
        note.split(": ")[0] in ("number", "issued_on") for note in directive["review"]
    )
    assert {k: v for k, v in directive.items() if k != "review"} == {
        "number": None,
        "kind": "ket_luan",
        "title": "Kết luận của Thường trực Huyện ủy tại hội nghị giao ban tháng 4 năm 2020",
        "issuer": "TTHU",
        "issued_on": "2020-04-01",
    }
    assert len(data["tasks"]) == 27
    for task in data["tasks"]:
        assert set(task) == {
            "id", "text", "lead", "lead_text", "support", "support_text", "due", "due_text",
            "fan_out", "depends_on", "review", "due_date", "due_phrase",
        }  # fmt: skip
        assert task["due_phrase"] == task["due_text"]
    postponed = next(t for t in data["tasks"] if t["text"].startswith("Tạm hoãn"))
    assert postponed["due_date"] == "2020-04-16"
    assert postponed["due_phrase"] == "từ ngày 01 tháng 4 đến hết ngày 16 tháng 4 năm 2020"


def test_output_file_is_the_yaml_spec(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["draft", str(SEED_DOCUMENT), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "27 nhiệm vụ" in result.stdout and "số hiệu" in result.stdout
    spec = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert spec["number"] == "" and spec["issuer"] == "TTHU"
    assert [t["due"] for t in spec["tasks"]].count("end of month") == 24
    assert all(isinstance(t["review"], list) for t in spec["tasks"])


def test_without_output_the_yaml_goes_to_the_screen() -> None:
    result = runner.invoke(app, ["draft", str(SEED_DOCUMENT)])
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout)["kind"] == "ket_luan"


@pytest.mark.parametrize(
    ("name", "content"), [("ket-luan.rtf", b"{\\rtf1}"), ("ket-luan.pdf", b"%PDF-broken")]
)
def test_an_unreadable_file_exits_1_with_a_vietnamese_error(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["draft", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi:") and name in result.stderr
    assert "Traceback" not in result.output


def test_a_twenty_page_document_drafts_every_repeated_item() -> None:
    """Its speed is bench/draft_quality.py's to measure (it prints the time for this document)."""
    lines = _bench().long_document(SEED_DOCUMENT.read_text(encoding="utf-8").splitlines(), 20)
    assert sum(len(line) for line in lines) >= 20 * 3000
    drafted = draft_lines(lines, registry(), calendar())
    assert len(drafted.tasks) > 200
    assert all(task.lead for task in drafted.tasks)


def _bench() -> ModuleType:
    """bench/draft_quality.py builds the long document: the test drafts the same one."""
    path = Path(__file__).resolve().parents[2] / "bench" / "draft_quality.py"
    spec = importlib.util.spec_from_file_location("draft_quality", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
