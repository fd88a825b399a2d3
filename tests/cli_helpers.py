"""Running the `dondoc` command in-process, and fingerprinting the database it writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from dondoc.cli.main import app
from tests.databases import current_url, rows_of_every_table

runner = CliRunner()


def dondoc(*args: str) -> Result:
    return runner.invoke(app, list(args), catch_exceptions=False)


def dondoc_json(*args: str) -> Any:
    result = dondoc(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def database_dump(home: Path) -> list[str]:
    """Every row of every table (SQLite or PostgreSQL), to show a refused input changed nothing."""
    return rows_of_every_table(current_url(home))
