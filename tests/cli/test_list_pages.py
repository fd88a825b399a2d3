"""`dondoc list` reads a page at a time, in due-date order: --limit and --offset walk the whole
list once, --timeliness and --agency (an agency and those under it) narrow it in the database."""

from __future__ import annotations

from dondoc.directives.intake import RegistrationResult
from tests.cli_helpers import dondoc, dondoc_json

NOW = "2020-04-28T09:00:00+07:00"


def test_pages_walk_the_list_once(seeded: RegistrationResult) -> None:
    first = dondoc_json("--now", NOW, "list")
    assert len(first) == 100  # a page, not everything
    pages = [
        dondoc_json("--now", NOW, "list", "--limit", "60", "--offset", str(o)) for o in range(0, 240, 60)
    ]
    ids = [row["id"] for page in pages for row in page]
    assert len(ids) == len(set(ids)) == seeded.subtasks
    assert ids[:100] == [row["id"] for row in first]
    human = dondoc("--now", NOW, "list", "--limit", "60", "--offset", "60")
    assert "61–120 / 194" in human.stdout and "--offset 120" in human.stdout


def test_filters_narrow_in_the_database(seeded: RegistrationResult) -> None:
    near = dondoc_json("--now", NOW, "list", "--timeliness", "near_due", "--limit", "1000")
    assert near and {row["timeliness"] for row in near} == {"near_due"}
    town = dondoc_json("--now", NOW, "list", "--agency", "TT-SONLAM", "--limit", "1000")
    agencies = {row["agency"] for row in town}
    assert "TT-SONLAM" in agencies and "TT-SONLAM-T01" in agencies
    assert all(code.startswith("TT-SONLAM") for code in agencies)


def test_bad_paging_is_a_usage_error(seeded: RegistrationResult) -> None:
    assert dondoc("list", "--limit", "0").exit_code == 2
    assert dondoc("list", "--limit", "1001").exit_code == 2
    assert dondoc("list", "--offset", "-1").exit_code == 2
    unknown = dondoc("list", "--agency", "TT-SONLAMM")
    assert unknown.exit_code == 1 and "TT-SONLAM" in unknown.stderr
