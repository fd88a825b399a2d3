"""`dondoc draft` takes a photo or a scan: the spec as JSON on stdout, the OCR'd pages named in the
review notes; on a terminal a bar counts the pages read."""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image
from rich.console import Console
from typer.testing import CliRunner

from dondoc.cli.draft import read_with_bar
from dondoc.cli.main import app
from tests.documents.scans import FIRST, SECOND, as_text
from tests.draft.files import write_pdf


def test_a_photo_drafts_to_json_with_its_ocr_noted(
    home: Path, tmp_path: Path, first_scan: Image.Image
) -> None:
    path = tmp_path / "anh.jpg"
    first_scan.save(path, "JPEG", quality=85)
    result = CliRunner().invoke(app, ["draft", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["directive"]["number"] == "130-KL/HU"
    assert any(
        note.startswith("text: đọc bằng OCR trang 1 (độ tin cậy") for note in data["directive"]["review"]
    )
    assert {"PTNMT", "UBMTTQ"} <= {task["lead"] for task in data["tasks"]}


def test_the_bar_counts_pages_on_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "ket-luan.pdf"
    write_pdf(as_text(FIRST, SECOND), path, rows_per_page=20)
    shown = io.StringIO()
    document = read_with_bar(path, Console(file=shown, force_terminal=True, width=100))
    total = len(document.pages)
    assert total >= 2 and f"{total}/{total}" in shown.getvalue()
    quiet = io.StringIO()
    read_with_bar(path, Console(file=quiet, force_terminal=False))
    assert quiet.getvalue() == ""
