"""The package's layers hold: lint-imports checks the contracts in pyproject.toml (layers, no cycles)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import grimp

from .conftest import ROOT


def test_import_contracts_kept():
    lint = Path(sys.executable).parent / "lint-imports"
    r = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "2 kept, 0 broken" in r.stdout


def test_every_module_says_what_it_is_for():
    """A newcomer reads the first line of each module to find their way (house style: a one-line docstring)."""
    missing = []
    for path in sorted((ROOT / "src" / "civcomm").rglob("*.py")):
        text = path.read_text(encoding="utf-8").lstrip()
        if not text.startswith('"""'):
            missing.append(str(path.relative_to(ROOT)))
    assert not missing, missing


def _sibling_cycle(graph: grimp.ImportGraph, package: str) -> list[str] | None:
    """A cycle among the children of ``package`` (each child standing for itself and its descendants), or None."""
    child_of = {}
    for child in graph.find_children(package):
        for module in {child, *graph.find_descendants(child)}:
            child_of[module] = child
    edges: dict[str, set[str]] = {}
    for importer, a in child_of.items():
        for imported in graph.find_modules_directly_imported_by(importer):
            b = child_of.get(imported)
            if b is not None and b != a:
                edges.setdefault(a, set()).add(b)
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_cycle_inside_any_package_counting_type_checking_imports():
    """A cycle hidden behind ``if TYPE_CHECKING:`` or inside a function is still a cycle: a module of it cannot be
    read, tested or moved without the others. grimp sees every import (call-time ones too) unless told otherwise."""
    graph = grimp.build_graph("civcomm", exclude_type_checking_imports=False)
    packages = sorted(m for m in graph.modules if graph.find_children(m))
    assert {"civcomm", "civcomm.data", "civcomm.present"} <= set(packages)
    cycles = {}
    for package in packages:
        cycle = _sibling_cycle(graph, package)
        if cycle:
            cycles[package] = " -> ".join(cycle)
    assert not cycles, cycles


# where an import inside a function needs no reason: the command line and the runner start fast by importing what a
# command needs when it runs (STYLE.md: "cli.py: may import lazily to start fast")
LAZY_BY_DESIGN = ("runner", "cli")
MEASURED = re.compile(r"#.*\b\d+(?:\.\d+)?\s?(?:ms|s)\b")  # a comment with a time: "# openpyxl: ~150 ms to import"


def call_time_imports(source: str) -> list[tuple[int, int]]:
    """(first, last) lines of each run of consecutive imports inside a function (``if TYPE_CHECKING:`` aside)."""
    spans: set[tuple[int, int]] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and isinstance(child.test, ast.Name) and child.test.id == "TYPE_CHECKING":
                continue
            if in_function and isinstance(child, (ast.Import, ast.ImportFrom)):
                spans.add((child.lineno, child.end_lineno))
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(ast.parse(source), False)
    runs: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if runs and runs[-1][1] + 1 == first:
            runs[-1] = (runs[-1][0], last)
        else:
            runs.append((first, last))
    return runs


def unexplained_call_time_imports(source: str) -> list[int]:
    """First lines of the call-time imports with no comment giving the time they save, on the import's lines or
    the line above them."""
    lines = source.splitlines()
    return [first for first, last in call_time_imports(source)
            if not any(MEASURED.search(line) for line in lines[max(first - 2, 0):last])]


def test_an_import_inside_a_function_says_what_it_saves():
    """An import made when a function runs hides a dependency from the top of the module and the import graph
    from a reader; outside the command line and the runner it is there only for a measured saving, said in a
    comment beside it (``python -X importtime``)."""
    assert unexplained_call_time_imports("def f():\n    import json\n") == [2]
    assert unexplained_call_time_imports("def f():\n    # json: 5 ms to import\n    import json\n    import csv\n") == []
    assert unexplained_call_time_imports("if TYPE_CHECKING:\n    import json\n") == []
    package = ROOT / "src" / "civcomm"
    found, unexplained = 0, []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        if rel.parts[0] in LAZY_BY_DESIGN or rel.stem in LAZY_BY_DESIGN and len(rel.parts) == 1:
            continue
        source = path.read_text(encoding="utf-8")
        found += len(call_time_imports(source))
        unexplained += [f"src/civcomm/{rel}:{line}" for line in unexplained_call_time_imports(source)]
    assert found, "no call-time import found at all: the scan is broken"
    assert not unexplained, ("imports inside a function with no measured reason (move them to the top of the "
                             f"module, or say what they save, e.g. '# pymorphy3: ~30 ms to import'): {unexplained}")


def test_no_module_is_longer_than_a_reader_keeps_in_mind():
    """Issue #26: a module past ~450 lines holds more than one thing; split it along a seam (README, Architecture)."""
    long = {str(p.relative_to(ROOT)): n for p in sorted((ROOT / "src" / "civcomm").rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert not long, long
