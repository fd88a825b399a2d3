"""Word files printed to PDF by LibreOffice, headless, as a reader's office suite lays them out.
Installed by `.ci/run`: there a missing LibreOffice fails the test; elsewhere it skips it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CONVERT_WITHIN = 300.0


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("DONDOC_CI"):
        pytest.fail("LibreOffice is missing in CI: .ci/run installs libreoffice-writer")
    pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer)")


def to_pdf(documents: list[Path], out: Path) -> list[Path]:
    """All the documents in one LibreOffice run, with a profile of its own (a user's open
    LibreOffice, or another test's, holds the default one)."""
    program = soffice()
    profile = out / "profile"
    subprocess.run(
        [
            program,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, documents),
        ],
        check=True,
        capture_output=True,
        timeout=CONVERT_WITHIN,
    )
    return [out / f"{d.stem}.pdf" for d in documents]
