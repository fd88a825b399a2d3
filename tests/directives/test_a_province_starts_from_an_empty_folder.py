"""The README's "A real province" steps, run as written from an empty folder: the templates
`dondoc init --province` fills come with dondoc, so a province's config starts with nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dondoc.directives.registry import load_agencies
from dondoc.directives.skeleton import SHIPPED_TEMPLATES
from dondoc.record.enums import AgencyKind
from tests.cli_helpers import dondoc
from tests.conftest import REPO


def _readme_steps() -> str:
    """The shell block under "**A real province**" in the README."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**A real province**") :]
    found = re.search(r"```sh\n(.*?)```", section, re.S)
    assert found is not None
    return found.group(1)


def test_the_readme_steps_start_a_province_in_an_empty_folder(tmp_path: Path) -> None:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DONDOC_", "PREFECT_API_URL"))
    }
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        DONDOC_ROOT=str(REPO),
    )
    script = "set -eu\n" + _readme_steps()
    done = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    registry = load_agencies(tmp_path / "config")
    assert registry.get("TINH").name == "Tỉnh Gia Lai"  # type: ignore[union-attr]
    assert len([a for a in registry if a.kind is AgencyKind.XA]) == 135
    assert (tmp_path / "home" / "dondoc.db").exists()


def test_a_deployment_may_use_its_own_template(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "own-config"
    (config / "templates").mkdir(parents=True)
    shipped = (SHIPPED_TEMPLATES / "tinh.yaml").read_text(encoding="utf-8")
    own = shipped.replace('name: "{Cap} {ten}"', 'name: "Ủy ban {cap} {ten}"', 1)
    assert own != shipped
    (config / "templates" / "tinh.yaml").write_text(own, encoding="utf-8")
    monkeypatch.setenv("DONDOC_CONFIG", str(config))
    written = dondoc("init", "--province", "Gia Lai")
    assert written.exit_code == 0, written.output
    assert load_agencies(config).get("TINH").name == "Ủy ban tỉnh Gia Lai"  # type: ignore[union-attr]
