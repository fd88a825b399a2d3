"""A function does one thing: none in the core or the orchestration layer runs over 60 lines, and
no module reaches into another's private names (a `_name` is its own module's business)."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TREES = ("dondoc", "flows", "tasks", "orchestration")
OURS = TREES
MAX_LINES = 60
# Alembic's migrations are written once and never read as code again
SOURCES = sorted(
    p for tree in TREES for p in (REPO / tree).rglob("*.py") if "versions" not in p.relative_to(REPO).parts
)


def _name(path: Path) -> str:
    return str(path.relative_to(REPO))


def _long_functions(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > MAX_LINES:
                found.append(f"{node.name} ({length} lines, from line {first})")
    return found


def _private_imports(tree: ast.Module) -> list[str]:
    """`from dondoc.x import _y`, and `x._y` where x is one of our modules imported by name."""
    found = []
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in OURS:
            for alias in node.names:
                modules.add(alias.asname or alias.name)
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{node.module}.{alias.name} (line {node.lineno})")
        elif isinstance(node, ast.Import):
            modules |= {a.asname or a.name.split(".")[0] for a in node.names if a.name.split(".")[0] in OURS}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            found.append(f"{node.value.id}.{node.attr} (line {node.lineno})")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_no_function_runs_over_sixty_lines(path: Path) -> None:
    assert _long_functions(ast.parse(path.read_text())) == []


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_no_private_name_is_imported_from_another_module(path: Path) -> None:
    assert _private_imports(ast.parse(path.read_text())) == []
