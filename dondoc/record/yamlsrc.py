"""YAML that remembers where each value was written, so errors can name the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from dondoc.record.errors import SpecError, SpecProblem
from dondoc.record.text import nfc


class LineDict(dict[str, Any]):
    line: int = 0
    key_lines: dict[str, int]


class LineList(list[Any]):
    line: int = 0
    item_lines: list[int]


# what aliases (`*name`) may add to a document once expanded, in nodes and characters: a
# hand-written spec reuses a block now and then; "billion laughs" nests aliases to turn 600 bytes
# into gigabytes, which any walk over the loaded data (NFC, checks) would then expand
ALIAS_BUDGET = 100_000


class _Loader(yaml.SafeLoader):
    """A SafeLoader of its own, so the line-keeping constructors below don't touch PyYAML's.
    It measures the composed document before constructing anything from it."""

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _require_bounded(node)
        return self.construct_document(node)


def _require_bounded(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand it by more than ALIAS_BUDGET, or refer to a node
    inside itself (which no walk could finish). The graph is measured once per distinct node,
    so this costs what the file's own size does."""
    weights: dict[int, int] = {}
    open_nodes: set[int] = set()
    added = 0

    def weight(node: yaml.Node) -> int:
        nonlocal added
        key = id(node)
        if key in open_nodes:
            raise _alias_problem(node, "bí danh (*tên) trỏ vào chính khối chứa nó")
        if key in weights:
            # reached again through an alias: it counts again, as a reader expanding it would
            added += weights[key]
            if added > ALIAS_BUDGET:
                raise _alias_problem(
                    node, f"bí danh (*tên) nhân nội dung lên quá {ALIAS_BUDGET:_} phần tử".replace("_", ".")
                )
            return weights[key]
        open_nodes.add(key)
        if isinstance(node, yaml.ScalarNode):
            total = 1 + len(node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(weight(child) for child in node.value)
        else:
            total = 1 + sum(weight(k) + weight(v) for k, v in node.value)
        open_nodes.discard(key)
        weights[key] = total
        return total

    weight(root)


def _alias_problem(node: yaml.Node, message: str) -> SpecError:
    return SpecError([SpecProblem("", node.start_mark.line + 1, "YAML", f"{message}; viết thẳng nội dung")])


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, str):
            key = nfc(key)
        if key in result:
            raise SpecError([SpecProblem("", key_node.start_mark.line + 1, str(key), "khóa bị lặp lại")])
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _string(loader: _Loader, node: yaml.ScalarNode) -> str:
    return nfc(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:str", _string)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; a syntax error becomes a SpecError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SpecError([SpecProblem(str(path), None, "tệp", "không tìm thấy tệp")]) from exc
    except UnicodeDecodeError as exc:
        raise SpecError([SpecProblem(str(path), None, "tệp", "tệp không phải UTF-8")]) from exc
    return parse_yaml(text, str(path))


def parse_yaml(text: str, name: str) -> Any:
    """Parse YAML text read from `name` (which errors name), aliases bounded."""
    try:
        return yaml.load(text, Loader=_Loader)
    except SpecError as exc:
        for problem in exc.problems:
            problem.file = name
        raise SpecError(exc.problems) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context or "cú pháp YAML sai"
        raise SpecError([SpecProblem(name, line, "YAML", f"cú pháp YAML sai: {reason}")]) from exc


def line_of(data: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line of the value at `loc` (a pydantic error location), or the nearest enclosing one."""
    line = getattr(data, "line", None)
    node = data
    for part in loc:
        if isinstance(node, LineDict) and isinstance(part, str) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line
