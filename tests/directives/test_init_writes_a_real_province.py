"""`dondoc init --province` writes a real province's agency tree (the post-July-2025 divisions of
the vietnam-provinces package, the bodies from the templates), and `dondoc init` then loads it;
`--commune` does the same for one commune. An existing file is kept unless --force."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from vietnam_provinces import Province, Ward

from dondoc.directives.registry import load_agencies
from dondoc.directives.skeleton import SHIPPED_TEMPLATES
from dondoc.record.enums import AgencyKind
from tests.cli_helpers import dondoc
from tests.conftest import CONFIG


@pytest.fixture
def new_config(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config folder with the policies, calendar and templates, and no agencies.yaml yet."""
    config = tmp_path / "config"
    config.mkdir()
    for name in ("policies.yaml", "calendar.yaml"):
        shutil.copyfile(CONFIG / name, config / name)
    # the deployment's own copy of dondoc's templates, which it may edit
    shutil.copytree(SHIPPED_TEMPLATES, config / "templates")
    monkeypatch.setenv("DONDOC_CONFIG", str(config))
    return config


def test_the_package_holds_the_divisions_since_july_2025() -> None:
    assert len(list(Province.iter_all())) == 34 and len(list(Ward.iter_all())) == 3321


@pytest.mark.parametrize(
    ("query", "name", "party"),
    [
        ("Gia Lai", "Tỉnh Gia Lai", "Tỉnh ủy Gia Lai"),
        ("thành phố hà nội", "Thành phố Hà Nội", "Thành ủy Hà Nội"),
    ],
)
def test_a_province_is_one_command_away(new_config: Path, query: str, name: str, party: str) -> None:
    written = dondoc("init", "--province", query)
    assert written.exit_code == 0, written.output
    path = new_config / "agencies.yaml"
    text = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)

    province = next(p for p in Province.iter_all() if p.name.endswith(name.removeprefix("Tỉnh ")))
    wards = list(Ward.iter_by_province(province.code))
    registry = load_agencies(new_config)
    communes = [a for a in registry if a.kind is AgencyKind.XA]
    assert len(communes) == len(wards) > 50
    assert sorted(a.name for a in communes) == sorted(w.name for w in wards)
    assert {a.parent_code for a in communes} == {"TINH"}
    # each commune's line carries its official code
    assert sorted(int(c) for c in re.findall(r"# mã ĐVHC (\d{5})", text)) == sorted(
        int(w.code) for w in wards
    )
    bodies = {a.code: a for a in registry if a.kind is not AgencyKind.XA}
    assert bodies["TINH"].name == name and bodies["TU"].name == party
    assert {"HDND", "UBND", "VPUB", "UBMTTQ", "SNV", "SYT"} <= set(bodies)
    assert {a.code for a in registry.coordinators} == {"VPTU", "VPUB"}
    # mailboxes are placeholders to fill in, one per agency
    assert all(
        a.notify and a.notify[0].endswith("${MAIL_" + a.code.replace("-", "_") + "}") for a in registry
    )

    loaded = dondoc("init")
    assert loaded.exit_code == 0, loaded.output
    assert f"thêm {len(registry)}," in loaded.output

    # an existing file is never overwritten without --force
    again = dondoc("init", "--province", "Gia Lai")
    assert again.exit_code == 1 and "--force" in again.output
    assert path.read_text(encoding="utf-8") == text
    assert dondoc("init", "--province", "Gia Lai", "--force").exit_code == 0


def test_a_commune_is_one_command_away(new_config: Path) -> None:
    written = dondoc("init", "--commune", "Phường Pleiku")
    assert written.exit_code == 0, written.output
    registry = load_agencies(new_config)
    assert registry.get("XA").name == "Phường Pleiku"  # type: ignore[union-attr]
    assert registry.get("PKT").name == "Phòng Kinh tế, Hạ tầng và Đô thị"  # type: ignore[union-attr]
    assert {"DU", "VPDU", "HDND", "UBND", "VPUB", "UBMTTQ"} <= {a.code for a in registry}
    assert dondoc("init").exit_code == 0


def test_names_that_are_not_there_or_not_one_are_refused(new_config: Path) -> None:
    unknown = dondoc("init", "--province", "Gia Lay")
    assert unknown.exit_code == 1 and "Gia Lai" in unknown.output
    several = dondoc("init", "--commune", "Xã Tân Tiến")
    assert several.exit_code == 1 and "--province" in several.output and "mã" in several.output
    assert not (new_config / "agencies.yaml").exists()
    # the province, or the official code, says which one
    for way in (("--commune", "Xã Tân Tiến", "--province", "Đắk Lắk"), ("--commune", "24526")):
        one = dondoc("init", *way, "--force")
        assert one.exit_code == 0, one.output
        assert load_agencies(new_config).get("XA").name == "Xã Tân Tiến"  # type: ignore[union-attr]
        assert "Đắk Lắk" in (new_config / "agencies.yaml").read_text(encoding="utf-8")


def test_a_mistake_in_the_template_names_its_file_line_and_field(new_config: Path) -> None:
    template = new_config / "templates" / "tinh.yaml"
    lines = template.read_text(encoding="utf-8").splitlines()
    where = next(i for i, line in enumerate(lines) if 'name: "Hội đồng nhân dân {cap} {ten}"' in line)
    lines[where] = lines[where].replace("{ten}", "{ten_tinh}")
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = dondoc("init", "--province", "Gia Lai")
    assert refused.exit_code == 1
    assert f"tinh.yaml:{where + 1}" in refused.output and "{ten_tinh}" in refused.output
    assert "bodies[1].name" in refused.output
    assert not (new_config / "agencies.yaml").exists()
