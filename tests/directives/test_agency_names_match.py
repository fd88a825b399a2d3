"""Documents name a body many ways: codes, names, aliases, either tone placement, any case."""

import pytest

from dondoc.directives.registry import load_agencies
from dondoc.record.text import fold
from tests.conftest import CONFIG

REGISTRY = load_agencies(CONFIG)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("UBND", "UBND"),
        ("UBND huyện", "UBND"),
        ("Ủy ban nhân dân huyện", "UBND"),
        ("Uỷ ban nhân dân huyện", "UBND"),
        ("ủy ban  nhân dân HUYỆN", "UBND"),
        ("Phòng Văn hóa – Thông tin", "PVHTT"),
        ("Phòng Văn hoá - thông tin", "PVHTT"),
        ("Văn phòng HĐND-UBND", "VPUB"),
        ("UBMTTQVN huyện", "UBMTTQ"),
    ],
)
def test_written_name_resolves_to_one_body(written: str, code: str) -> None:
    found = REGISTRY.resolve(written)
    assert found is not None and found.code == code


def test_decomposed_unicode_matches_composed() -> None:
    import unicodedata

    assert REGISTRY.resolve(unicodedata.normalize("NFD", "Ủy ban nhân dân huyện")).code == "UBND"  # type: ignore[union-attr]


def test_tone_placement_folds_both_ways() -> None:
    assert fold("Hòa Bình") == fold("Hoà Bình")
    assert fold("thủy lợi") == fold("thuỷ lợi")
    assert fold("khỏe") == fold("khoẻ")


def test_unknown_name_gets_closest_suggestions() -> None:
    assert REGISTRY.resolve("Phòng Văn hoá Thông tinn") is None
    assert any("PVHTT" in s for s in REGISTRY.suggest("Phòng Văn hoá Thông tinn"))


def test_sample_district_has_communes_and_villages() -> None:
    communes = REGISTRY.descendants("HUYEN", kind="xa")  # type: ignore[arg-type]
    assert 10 <= len(communes) <= 15
    for commune in communes:
        assert 5 <= len(REGISTRY.children(commune.code)) <= 15
    assert {a.code for a in REGISTRY.coordinators} == {"VPHU", "VPUB"}
