"""A bad export file is refused whole: exit 1, one message per problem naming the file, the line
and the field, and nothing written to the database or the evidence folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from dondoc.record.db import is_initialised
from dondoc.record.settings import Settings
from tests.cli_helpers import database_dump, dondoc


@pytest.fixture
def export_file(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The lines of an export of the sample district (agencies only), made in another home;
    this test's own database stays empty."""
    source = tmp_path / "source"
    with monkeypatch.context() as elsewhere:
        elsewhere.setenv("DONDOC_HOME", str(source))
        elsewhere.setenv("DONDOC_DATABASE_URL", f"sqlite:///{source / 'dondoc.record.db'}")
        assert dondoc("init").exit_code == 0
        assert dondoc("export", str(tmp_path / "good.jsonl")).exit_code == 0
    return (tmp_path / "good.jsonl").read_text(encoding="utf-8").splitlines()


def _nothing_written(home: Path) -> bool:
    url = Settings.from_env().database_url
    return not (home / "evidence").exists() and (
        not is_initialised(url)
        or not any(line for line in database_dump(home) if not line.startswith("alembic_version"))
    )


def _refused(home: Path, tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = dondoc("import", str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert _nothing_written(home)
    return result.stderr


def _edit(lines: list[str], index: int, change: Callable[[dict], None]) -> list[str]:
    data = json.loads(lines[index])
    change(data)
    return [*lines[:index], json.dumps(data, ensure_ascii=False), *lines[index + 1 :]]


def test_the_good_file_imports(home: Path, tmp_path: Path, export_file: list[str]) -> None:
    path = tmp_path / "copy.jsonl"
    path.write_text("\n".join(export_file) + "\n", encoding="utf-8")
    result = dondoc("import", str(path))
    assert result.exit_code == 0, result.output
    assert "Đã nhập 148 dòng" in result.stdout


def test_broken_json_names_its_line(home: Path, tmp_path: Path, export_file: list[str]) -> None:
    lines = [*export_file[:4], export_file[4][:-9], *export_file[5:]]
    message = _refused(home, tmp_path, lines)
    assert "bad.jsonl:5: tệp: không phải JSON" in message


def test_an_unknown_column_suggests_the_closest(home: Path, tmp_path: Path, export_file: list[str]) -> None:
    lines = _edit(export_file, 3, lambda d: d["row"].update(nmae=d["row"].pop("name")))
    message = _refused(home, tmp_path, lines)
    assert "bad.jsonl:4: agency.nmae: bảng agency không có cột này; gần nhất: 'name'" in message
    assert "bad.jsonl:4: agency.name: thiếu cột bắt buộc" in message


def test_a_value_of_the_wrong_kind(home: Path, tmp_path: Path, export_file: list[str]) -> None:
    lines = _edit(export_file, 2, lambda d: d["row"].update(kind="quan", position="một"))
    message = _refused(home, tmp_path, lines)
    assert "bad.jsonl:3: agency.kind: 'quan' không phải một trong:" in message
    assert "bad.jsonl:3: agency.position: cần một số nguyên" in message


def test_a_reference_to_a_missing_row(home: Path, tmp_path: Path, export_file: list[str]) -> None:
    lines = _edit(export_file, 5, lambda d: d["row"].update(parent_id=9999))
    assert "bad.jsonl:6: agency.parent_id: không có dòng agency mã 9999" in _refused(home, tmp_path, lines)


def test_a_duplicate_key_names_both_lines(home: Path, tmp_path: Path, export_file: list[str]) -> None:
    lines = _edit(export_file, 7, lambda d: d["row"].update(code=json.loads(export_file[2])["row"]["code"]))
    assert "bad.jsonl:8: agency.code: trùng với dòng 3" in _refused(home, tmp_path, lines)


def test_a_cut_file_is_noticed(home: Path, tmp_path: Path, export_file: list[str]) -> None:
    message = _refused(home, tmp_path, export_file[:-1])
    assert f"bad.jsonl:{len(export_file) - 1}: tệp: thiếu dòng kết thúc" in message


def test_not_an_export(home: Path, tmp_path: Path) -> None:
    message = _refused(home, tmp_path, ['{"hello": "world"}'])
    assert "bad.jsonl:1: format: không phải tệp xuất của dondoc" in message


def test_a_database_in_use_is_not_overwritten(home: Path, tmp_path: Path, export_file: list[str]) -> None:
    assert dondoc("init").exit_code == 0
    before = database_dump(home)
    path = tmp_path / "good.jsonl"
    result = dondoc("import", str(path))
    assert result.exit_code == 1
    assert "cơ sở dữ liệu đích đã có dữ liệu (bảng agency: 148 dòng)" in result.stderr
    assert database_dump(home) == before
