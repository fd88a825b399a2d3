"""The parties stage, case by case (cases/parties.yaml): who a clause asks to act and who
supports it, as written, read from the clause alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from dondoc.draft.agencies import AgencyFinder
from dondoc.draft.parties import named_parties
from tests.draft_documents import registry

CASES = yaml.safe_load(Path(__file__).with_name("cases").joinpath("parties.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", [pytest.param(row, id=row["name"]) for row in CASES["cases"]])
def test_a_clause_names_its_parties(case: dict[str, Any]) -> None:
    finder = AgencyFinder(registry(), own=case.get("own", False))
    lead, support = named_parties(case["text"], finder, anywhere=case.get("anywhere", False))
    assert {"lead_text": lead, "support_text": support} == case["expect"]
