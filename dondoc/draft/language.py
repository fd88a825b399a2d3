"""Vietnamese as data: the words of directives, kept in `lang/*.yaml`, one concern a file.

A file has two sections, both optional:

    words:      # a named list of words or phrases, written as Vietnamese writes them
      CommuneUnit: [xã, phường, đặc khu, thị trấn]
    parts:      # a named pattern over keys (`words.key`); {Name} refers to a list or a part
      CommuneLevel: "(?:các|từng|mỗi)\\s+{CommuneUnit}"
    maps:       # a named table from a phrase to a value ("KL": ket_luan); as a pattern, its keys
      KindByAbbreviation: {KL: ket_luan, CT: chi_thi}

A list becomes an alternation of its phrases, longest first, any spacing and any dash between
words; a part is a regular expression whose Vietnamese words are keyed like the text they match.
Names are global across the files, so a part in one file can build on a list in another (the
way Recognizers-Text builds `TillRegex` from `RangeConnectorSymbolRegex`). Everything is read
and compiled once, at first use; `check()` is what the data-integrity test runs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from dondoc.draft.words import key, words_pattern

LANG_DIR = Path(__file__).with_name("lang")
# "{CommuneUnit}", never a regex repetition such as "{1,3}"
_REFERENCE = re.compile(r"\{([A-Z][A-Za-z0-9]*)\}")
_NON_ASCII_WORD = re.compile(r"\w*[^\x00-\x7f]\w*")


class LanguageError(ValueError):
    """The language files contradict themselves: a name defined twice, a reference to nothing, a
    pattern that does not compile, a word listed twice."""


@dataclass(frozen=True)
class Entry:
    name: str
    file: str
    words: tuple[str, ...] | None  # a list (a map's keys too)
    pattern: str | None  # a part
    values: dict[str, str] | None = None  # a map


def _read_file(path: Path) -> list[Entry]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = set(data) - {"words", "parts", "maps"}
    if unknown:
        raise LanguageError(f"{path.name}: mục không hiểu: {', '.join(sorted(unknown))}")
    entries = [
        Entry(name, path.name, tuple(str(word) for word in words), None)
        for name, words in (data.get("words") or {}).items()
    ]
    entries += [
        Entry(name, path.name, None, str(pattern)) for name, pattern in (data.get("parts") or {}).items()
    ]
    entries += [
        Entry(name, path.name, tuple(str(k) for k in table), None, {str(k): str(v) for k, v in table.items()})
        for name, table in (data.get("maps") or {}).items()
    ]
    return entries


@cache
def _entries() -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    for path in sorted(LANG_DIR.glob("*.yaml")):
        for entry in _read_file(path):
            if entry.name in found:
                raise LanguageError(
                    f"{entry.name}: định nghĩa hai lần ({found[entry.name].file}, {entry.file})"
                )
            found[entry.name] = entry
    return found


def _alternation(words: tuple[str, ...]) -> str:
    ordered = sorted({words_pattern(word) for word in words}, key=len, reverse=True)
    return "(?:" + "|".join(ordered) + ")"


@cache
def source(name: str) -> str:
    """The regex source a name stands for, its references expanded."""
    return _expand(name, ())


def _expand(name: str, seen: tuple[str, ...]) -> str:
    entries = _entries()
    if name not in entries:
        where = f" (trong {seen[-1]})" if seen else ""
        raise LanguageError(f"{name}: không có danh sách hay mẫu nào tên này{where}")
    if name in seen:
        raise LanguageError(f"{' -> '.join((*seen, name))}: tham chiếu vòng")
    entry = entries[name]
    if entry.words is not None:
        return _alternation(entry.words)
    assert entry.pattern is not None
    keyed_pattern = _NON_ASCII_WORD.sub(lambda m: key(m.group(0)), entry.pattern)
    return _REFERENCE.sub(lambda m: "(?:" + _expand(m.group(1), (*seen, name)) + ")", keyed_pattern)


@cache
def pattern(name: str) -> re.Pattern[str]:
    """The compiled pattern of a list or a part, to match keys."""
    return re.compile(source(name))


@cache
def words(name: str) -> tuple[str, ...]:
    """A list as written in its file."""
    entry = _entries().get(name)
    if entry is None or entry.words is None:
        raise LanguageError(f"{name}: không phải một danh sách từ")
    return entry.words


@cache
def table(name: str) -> dict[str, str]:
    """A map by the key of each phrase ("cđ" and "CĐ" are one)."""
    entry = _entries().get(name)
    if entry is None or entry.values is None:
        raise LanguageError(f"{name}: không phải một bảng")
    return {key(phrase): value for phrase, value in entry.values.items()}


def check() -> list[str]:
    """Every problem in the language files: each reference resolves, each pattern compiles, no
    phrase is listed twice in a list (by its key: "hòa" and "hoà" are one)."""
    problems: list[str] = []
    try:
        entries = _entries()
    except LanguageError as exc:
        return [str(exc)]
    for name, entry in entries.items():
        if entry.words is not None:
            twice = [w for w, n in Counter(key(" ".join(w.split())) for w in entry.words).items() if n > 1]
            problems += [f"{entry.file}: {name}: '{word}' có hai lần" for word in twice]
            if not entry.words:
                problems.append(f"{entry.file}: {name}: danh sách rỗng")
        try:
            re.compile(source(name))
        except LanguageError as exc:
            problems.append(f"{entry.file}: {exc}")
        except re.error as exc:
            problems.append(f"{entry.file}: {name}: mẫu không biên dịch được ({exc})")
    return problems
