"""The package's shape: stages as folders, imports pointing one way, short functions.

The layers, from the shell down to the pure stages (a module may import its own layer
and the layers below it, never one above; the three middle siblings not each other)::

    cli
    pipeline
    outputs | sparql | checks
    network
    rdf
    extract
    notes
    util, errors
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "graph"
LAYERS = [("util", "errors"), ("notes",), ("extract",), ("rdf",), ("network",), ("outputs", "sparql", "checks"),
          ("pipeline",), ("cli",), ("__main__",)]
RANK = {room: rank for rank, rooms in enumerate(LAYERS) for room in rooms}
MAX_FUNCTION_LINES = 80
LOOSE_MODULES_ALLOWED = {"__init__.py", "__main__.py"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _resolve(current: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        parts = current.split(".")
        if not is_package:
            parts = parts[:-1]
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join(parts + ([node.module] if node.module else []))
    targets = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        targets.append(candidate if candidate in modules() else base)
    return targets


@cache
def imports_of(name: str, top_level_only: bool = False) -> frozenset[str]:
    """The graph.* modules a module imports (at module level only, or anywhere in it)."""
    path = modules()[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.If) and top_level_only:  # `if TYPE_CHECKING:` imports are not run
            continue
        if isinstance(node, ast.ImportFrom):
            found.update(_resolve(name, path.name == "__init__.py", node))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return frozenset(m for m in found if m in modules() and m != name)


def room(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else None


def test_every_room_has_a_layer():
    rooms = {room(name) for name in modules()} - {None}
    assert rooms <= set(RANK), f"rooms without a layer: {sorted(rooms - set(RANK))}"


def test_imports_point_down_the_pipeline():
    upward = []
    for name in modules():
        here = room(name)
        if here is None:
            continue
        for target in imports_of(name):
            there = room(target)
            if there is None or there == here:
                continue
            if RANK[there] > RANK[here] or (RANK[there] == RANK[here] and there != here):
                upward.append(f"{name} imports {target}")
    assert not upward, "imports against the pipeline:\n" + "\n".join(sorted(upward))


def test_no_import_cycle_between_modules():
    graph = {name: imports_of(name, top_level_only=True) for name in modules()}
    # a package's __init__ re-exporting its own modules is not a cycle of the design
    graph = {n: {t for t in targets if not n.startswith(t + ".")} for n, targets in graph.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, path: list[str]) -> bool:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycle.extend(path[path.index(target):] + [node, target] if target in path else [node, target])
                return True
            if state.get(target) is None and visit(target, path + [node]):
                return True
        state[node] = 2
        return False

    for name in sorted(graph):
        if state.get(name) is None and visit(name, []):
            break
    assert not cycle, " -> ".join(cycle)


def test_few_modules_loose_at_the_top():
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in LOOSE_MODULES_ALLOWED)
    assert len(loose) <= 3, loose


def test_no_long_function():
    long = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {length} lines")
    assert not long, long


def closure(start: str) -> set[str]:
    seen, stack = set(), [start]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack.extend(imports_of(name))
    return seen


@pytest.mark.parametrize("entry", ["graph.extract", "graph.notes", "graph.pipeline.extract"])
def test_cache_fingerprint_covers_what_extraction_imports(entry):
    """A cached record must be invalidated by any change to code extraction runs: no module outside the hash."""
    from graph.pipeline.cache import extractor_sources

    hashed = {module_name(p) for p in extractor_sources()}
    needed = closure(entry) - {"graph.pipeline.extract", "graph"}
    assert needed <= hashed, f"modules outside the fingerprint: {sorted(needed - hashed)}"


def test_the_closed_namespace_refuses_unknown_terms():
    from graph.rdf.namespaces import S, T

    assert T.Mention.value.endswith("#Mention") and S.name.value == "https://schema.org/name"
    with pytest.raises(AttributeError, match="not a term"):
        _ = T.Mentoin


def test_every_exception_is_in_the_tree():
    import graph.errors as errors

    classes = [getattr(errors, n) for n in errors.__all__]
    assert all(issubclass(c, errors.TalkgraphError) for c in classes)
    for cls in classes:  # the module docstring draws every class
        assert cls.__name__ in errors.__doc__


def test_generated_files_are_fresh():
    import subprocess
    import sys

    script = PACKAGE.parent / "schema" / "src" / "build_vocab.py"
    run = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
