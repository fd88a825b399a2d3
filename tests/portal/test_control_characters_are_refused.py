"""Text people send (a note, a reason) with a control character in it is refused with a 4xx
that names the field, on either database (PostgreSQL cannot even store a NUL); tabs and line
breaks are text and stay."""

from __future__ import annotations

import pytest

from tests.portal.conftest import TOWN, Portal


@pytest.mark.parametrize("character", ["\u0000", "\u0007", "\u007f"])
def test_a_control_character_is_named(portal: Portal, character: str) -> None:
    subtask = portal.subtask("bo-tri-lai-bo-phan-mot-cua", TOWN)
    response = portal.client.post(
        f"/api/subtasks/{subtask}/progress",
        json={"note": f"Đã họp{character} dân"},
        headers=portal.bearer(TOWN),
    )
    assert 400 <= response.status_code < 500, response.text
    assert "tiến độ" in response.text and f"U+{ord(character):04X}" in response.text


def test_line_breaks_are_text(portal: Portal) -> None:
    subtask = portal.subtask("bo-tri-lai-bo-phan-mot-cua", TOWN)
    response = portal.client.post(
        f"/api/subtasks/{subtask}/progress",
        json={"note": "Đã họp dân.\n\tCòn 2 hộ chưa rà soát."},
        headers=portal.bearer(TOWN),
    )
    assert response.status_code == 200, response.text


def test_an_agency_code_with_a_nul_is_no_agency(portal: Portal) -> None:
    subtask = portal.subtask("bo-tri-lai-bo-phan-mot-cua", TOWN)
    response = portal.client.post(
        f"/api/subtasks/{subtask}/reassign",
        json={"agency": "XA-\u0000"},
        headers=portal.bearer("coordinator"),
    )
    assert 400 <= response.status_code < 500, response.text
    assert "không có" in response.text
