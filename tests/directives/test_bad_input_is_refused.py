"""Bad input: exit 1, a message naming file, line and field, and the database exactly as it was."""

from pathlib import Path

import pytest

from tests.cli_helpers import database_dump, dondoc
from tests.conftest import SEED_SPEC

pytestmark = pytest.mark.usefixtures("prefect_server")

GOOD = """\
number: "12-KL/HU"
kind: ket_luan
title: Kết luận thử
issuer: TTHU
issued_on: 2020-04-01
tasks:
  - id: soan-thao
    text: Soạn thảo kế hoạch
    lead: Phòng Văn hoá - Thông tin
    due: 2020-04-20
  - id: trien-khai
    text: Triển khai kế hoạch
    lead: UBND huyện
    depends_on: [soan-thao]
    due: end of month
"""


@pytest.fixture
def registered_home(home: Path) -> Path:
    assert dondoc("init").exit_code == 0
    assert dondoc("--now", "2020-04-01T15:00:00+07:00", "load", str(SEED_SPEC)).exit_code == 0
    return home


def _refused(home: Path, tmp_path: Path, text: str) -> str:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    before = database_dump(home)
    result = dondoc("--now", "2020-04-01T15:00:00+07:00", "load", str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert database_dump(home) == before
    assert str(path) in result.stderr
    return result.stderr


def test_the_good_spec_loads(registered_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert dondoc("load", str(path)).exit_code == 0


def test_malformed_yaml(registered_home: Path, tmp_path: Path) -> None:
    message = _refused(registered_home, tmp_path, GOOD.replace("  - id: trien-khai", "  - id: [trien-khai"))
    assert "bad.yaml:1" in message and "YAML" in message


def test_unknown_agency_suggests_the_closest(registered_home: Path, tmp_path: Path) -> None:
    message = _refused(
        registered_home, tmp_path, GOOD.replace("lead: UBND huyện", "lead: Phòng Văn hoá Thông tinn")
    )
    assert "bad.yaml:13: tasks.1.lead" in message
    assert "Phòng Văn hóa và Thông tin (PVHTT)" in message


def test_due_before_issue_date(registered_home: Path, tmp_path: Path) -> None:
    message = _refused(registered_home, tmp_path, GOOD.replace("due: 2020-04-20", "due: 2020-03-20"))
    assert "bad.yaml:10: tasks.0.due" in message and "20/03/2020" in message


def test_dependency_cycle_is_named(registered_home: Path, tmp_path: Path) -> None:
    text = GOOD.replace(
        "    lead: Phòng Văn hoá - Thông tin\n",
        "    lead: Phòng Văn hoá - Thông tin\n    depends_on: [trien-khai]\n",
    )
    message = _refused(registered_home, tmp_path, text)
    assert "soan-thao → trien-khai → soan-thao" in message and "depends_on" in message


def test_unknown_policy(registered_home: Path, tmp_path: Path) -> None:
    message = _refused(
        registered_home,
        tmp_path,
        GOOD.replace("    due: end of month\n", "    due: end of month\n    policy: urgnt\n"),
    )
    assert "tasks.1.policy" in message and "'urgent'" in message


def test_duplicate_task_id(registered_home: Path, tmp_path: Path) -> None:
    message = _refused(registered_home, tmp_path, GOOD.replace("id: trien-khai", "id: soan-thao"))
    assert "bad.yaml:11: tasks.1.id" in message and "bị trùng" in message


def test_misspelt_key_suggests_the_field(registered_home: Path, tmp_path: Path) -> None:
    message = _refused(registered_home, tmp_path, GOOD.replace("    due: 2020-04-20", "    deu: 2020-04-20"))
    assert "bad.yaml:10: tasks.0.deu" in message and "'due'" in message


def test_missing_file(registered_home: Path, tmp_path: Path) -> None:
    result = dondoc("load", str(tmp_path / "không-có.yaml"))
    assert result.exit_code == 1 and "không tìm thấy" in result.stderr


def test_changed_spec_without_update(registered_home: Path, tmp_path: Path) -> None:
    text = SEED_SPEC.read_text(encoding="utf-8").replace('title: "Kết luận', 'title: "Kết luận (sửa)', 1)
    message = _refused(registered_home, tmp_path, text)
    assert "--update" in message


def test_a_drafted_task_without_a_lead_is_named(registered_home: Path, tmp_path: Path) -> None:
    text = GOOD.replace(
        "    lead: UBND huyện\n", '    lead: null\n    lead_text: "Ban Chỉ huy PCLB các tỉnh"\n'
    )
    message = _refused(registered_home, tmp_path, text)
    assert "bad.yaml:13" in message and "tasks.1.lead" in message
    assert (
        "chưa có cơ quan chủ trì" in message
        and "trien-khai" not in message
        and "Ban Chỉ huy PCLB các tỉnh" in message
    )


def test_the_words_as_written_are_not_content(registered_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert dondoc("--now", "2020-04-01T15:00:00+07:00", "load", str(path)).exit_code == 0
    before = database_dump(registered_home)
    path.write_text(
        GOOD.replace("    lead: UBND huyện\n", '    lead: UBND huyện\n    lead_text: "UBND huyện"\n'),
        encoding="utf-8",
    )
    result = dondoc("--now", "2020-04-01T15:00:00+07:00", "load", str(path))
    assert result.exit_code == 0, result.output
    assert database_dump(registered_home) == before
