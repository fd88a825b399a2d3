"""The layout's rule, checked on the source: a wing imports only the wings below it, and the
core imports no Prefect."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# bottom to top; the modules loose in dondoc/ (context, cycle, registration) join the wings below
LEVELS = [
    "record",
    "notify",
    "escalation",
    "directives",
    "work",
    "reading",
    "archive",
    "",
    "reports",
    "documents",
    "draft",
    "migrations",
]
TOP = {"portal", "cli"}


def _wing(module: str) -> str | None:
    """'dondoc.notify.outbox' -> 'notify'; 'dondoc.context' -> '' (the joining modules)."""
    parts = module.split(".")
    if parts[0] != "dondoc":
        return None
    if len(parts) == 1:
        return ""
    name = parts[1]
    return name if (REPO / "dondoc" / name).is_dir() else ""


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from dondoc.draft import language" imports the module dondoc.draft.language; a name
            # that is no module is cut back to the module that holds it where the graph is built
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


CORE = sorted(p for p in (REPO / "dondoc").rglob("*.py") if "versions" not in p.parts)


def test_every_module_has_a_wing() -> None:
    loose = sorted(p.name for p in (REPO / "dondoc").glob("*.py"))
    assert loose == ["__init__.py", "context.py", "cycle.py", "registration.py"]


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(REPO)))
def test_imports_go_only_downward(path: Path) -> None:
    own = _wing(".".join(path.relative_to(REPO).with_suffix("").parts))
    assert own is not None
    for name in _imports(path):
        assert not name.startswith("prefect"), f"{path.name} imports Prefect"
        other = _wing(name)
        if own in TOP:
            # the portal and the CLI run flows; the CLI serves the portal, never the other way
            assert not (own == "portal" and other == "cli"), f"{path.name} imports {name}"
            continue
        assert not name.startswith(("flows", "tasks", "orchestration")), (
            f"{path.name} imports the orchestration layer"
        )
        if other is None or other == own:
            continue
        assert other not in TOP, f"{path.name} ({own}) imports {name}"
        assert LEVELS.index(other) < LEVELS.index(own), (
            f"{path.name} ({own or 'dondoc'}) imports {name} upward"
        )


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Each module's imports of other modules of dondoc, wherever they stand in it (at the top,
    in a function, under TYPE_CHECKING): a cycle is a cycle for the reader even when Python
    tolerates it."""
    modules = {_module_name(path): path for path in CORE}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(path):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and not name.startswith(imported + "."):
                targets.add(imported)
        graph[name] = targets
    return graph


def _cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    path: list[str] = []
    on_path: set[str] = set()
    done: set[str] = set()

    def visit(node: str) -> list[str] | None:
        path.append(node)
        on_path.add(node)
        for target in sorted(graph.get(node, ())):
            if target in on_path:
                return [*path[path.index(target) :], target]
            if target not in done and (found := visit(target)):
                return found
        on_path.discard(path.pop())
        done.add(node)
        return None

    return visit(start)


WINGS = sorted({_wing(_module_name(p)) or "" for p in CORE} - {""})


@pytest.mark.parametrize("wing", WINGS)
def test_no_import_cycle_inside_a_wing(wing: str) -> None:
    graph = _import_graph()
    inside = {
        name: {t for t in targets if _wing(t) == wing}
        for name, targets in graph.items()
        if _wing(name) == wing
    }
    for module in sorted(inside):
        cycle = _cycle_from(module, inside)
        assert cycle is None, " -> ".join(cycle or [])
