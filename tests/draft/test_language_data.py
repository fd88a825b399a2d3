"""The language files are data a Vietnamese speaker reviews: they must hold together (every
reference names a list or a part, every pattern compiles, no phrase twice in a list)."""

import pytest

from dondoc.draft import language
from dondoc.draft.words import key


def test_the_language_files_hold_together() -> None:
    assert language.check() == []


def test_a_reference_to_nothing_is_named(tmp_path, monkeypatch) -> None:
    (tmp_path / "a.yaml").write_text("parts:\n  Broken: '{Missing}\\\\s+xã'\n", encoding="utf-8")
    monkeypatch.setattr(language, "LANG_DIR", tmp_path)
    for cached in (language._entries, language.source, language.pattern):
        cached.cache_clear()
    try:
        assert language.check() == ["a.yaml: Missing: không có danh sách hay mẫu nào tên này (trong Broken)"]
    finally:
        monkeypatch.undo()
        for cached in (language._entries, language.source, language.pattern):
            cached.cache_clear()


def test_a_phrase_listed_twice_is_named(tmp_path, monkeypatch) -> None:
    (tmp_path / "a.yaml").write_text("words:\n  Unit: [xã, hoà, hòa]\n", encoding="utf-8")
    monkeypatch.setattr(language, "LANG_DIR", tmp_path)
    language._entries.cache_clear()
    try:
        assert language.check() == ["a.yaml: Unit: 'hoà' có hai lần"]
    finally:
        monkeypatch.undo()
        language._entries.cache_clear()


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("CommuneLevel", "UBND các xã, phường, đặc khu", "các xã, phường, đặc khu"),
        ("CommuneLevel", "Đại hội cấp xã", "cấp xã"),
        ("CommuneLevel", "xã Hòa Bình", None),
        ("VillageLevel", "phát về từng thôn, tổ dân phố", "từng thôn, tổ dân phố"),
        ("VillageLevel", "Sở Giao thông", None),
    ],
)
def test_a_part_matches_its_words(name: str, text: str, found: str | None) -> None:
    match = language.pattern(name).search(key(text))
    assert (text[match.start() : match.end()] if match else None) == found
