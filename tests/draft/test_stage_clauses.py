"""The clause stage, case by case (cases/clauses.yaml)."""

from __future__ import annotations

from typing import Any

import pytest

from dondoc.draft.assignments import clauses
from tests.draft.case_rows import rows


@pytest.mark.parametrize("case", rows("clauses"))
def test_an_item_is_cut_into_its_clauses(case: dict[str, Any]) -> None:
    found = [clause.text for clause in clauses(case["text"], chain=case.get("prose", False))]
    assert found == case["clauses"]
