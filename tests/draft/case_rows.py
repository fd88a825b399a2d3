"""Cases as rows: each stage's expectations live in `cases/<stage>.yaml`, one row a case, and
one parametrised test a stage runs them all. A new phrasing is a new row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

CASES = Path(__file__).with_name("cases")


def rows(stage: str) -> list[Any]:
    """The rows of `cases/<stage>.yaml` as pytest parameters, each named by its `name`."""
    data = yaml.safe_load((CASES / f"{stage}.yaml").read_text(encoding="utf-8"))
    return [pytest.param(row, id=row["name"]) for row in data["cases"]]
